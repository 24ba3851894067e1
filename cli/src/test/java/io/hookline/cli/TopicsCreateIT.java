package io.hookline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookline.schemas.Json;
import io.hookline.testkit.KafkaCluster;
import io.hookline.testkit.WithKafka;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/**
 * {@code hookline topics create}: every topic with its settings, idempotent, honest about drift.
 */
@WithKafka
class TopicsCreateIT {

  @Test
  void createsEveryTopicWithItsSettingsThenFindsThemAllExisting(KafkaCluster kafka)
      throws Exception {
    String prefix = kafka.prefixed("a.");
    Map<String, String> env = Map.of("HOOKLINE_RETRY_TIERS", "1s,2s,3s");

    Cli.Run first =
        Cli.run(
            env,
            "topics",
            "create",
            "-b",
            kafka.bootstrapServers(),
            "--topic-prefix",
            prefix,
            "--partitions",
            "2");
    Cli.Run again =
        Cli.run(
            env,
            "topics",
            "create",
            "-b",
            kafka.bootstrapServers(),
            "--topic-prefix",
            prefix,
            "--partitions",
            "2",
            "-o",
            "json");

    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(first.out())
        .contains(
            prefix + "events", prefix + "endpoints", prefix + "deliveries", prefix + "retry-1s")
        .contains(prefix + "retry-3s", prefix + "dlq", prefix + "attempts", prefix + "dlq-replays")
        .contains("9 topics: 9 created");
    assertThat(again.exitCode()).isZero();
    JsonNode rows = Json.mapper().readTree(again.out());
    assertThat(rows)
        .hasSize(9)
        .allSatisfy(r -> assertThat(r.get("status").asText()).isEqualTo("exists"));
    Config ledger = configOf(kafka, prefix + "dlq-replays");
    assertThat(ledger.get("cleanup.policy").value()).isEqualTo("compact,delete");
    assertThat(
            kafka
                .admin()
                .describeTopics(List.of(prefix + "dlq-replays"))
                .allTopicNames()
                .get()
                .get(prefix + "dlq-replays")
                .partitions())
        .hasSize(2);
  }

  @Test
  void aTopicWithOtherSettingsIsReportedLeftAloneAndExitsWith3(KafkaCluster kafka) {
    String prefix = kafka.prefixed("b.");
    kafka.createTopic(prefix + "deliveries", 1);

    Cli.Run run =
        Cli.run(
            Map.of(
                "HOOKLINE_KAFKA_BOOTSTRAP",
                kafka.bootstrapServers(),
                "HOOKLINE_TOPIC_PREFIX",
                prefix,
                "HOOKLINE_TOPIC_PARTITIONS",
                "3"),
            "topics",
            "create");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.PARTIAL);
    assertThat(run.out())
        .contains("differs: partitions=1 (wanted 3)")
        .contains("1 differs (left unchanged");
  }

  @Test
  void aReplicationFactorTheClusterCannotMeetFailsWithTheBrokersReason(KafkaCluster kafka) {
    Cli.Run run =
        Cli.run(
            Map.of(),
            "topics",
            "create",
            "-b",
            kafka.bootstrapServers(),
            "--topic-prefix",
            kafka.prefixed("c."),
            "--replication-factor",
            "3");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.err()).contains("could not create the topics").contains("replication factor");
  }

  private static Config configOf(KafkaCluster kafka, String topic) throws Exception {
    ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    return kafka.admin().describeConfigs(List.of(r)).all().get().get(r);
  }
}
