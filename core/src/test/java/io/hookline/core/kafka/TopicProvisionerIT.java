package io.hookline.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.core.config.Env;
import io.hookline.core.config.KafkaConfig;
import io.hookline.testkit.KafkaCluster;
import io.hookline.testkit.WithKafka;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

@WithKafka
class TopicProvisionerIT {

  @Test
  void createsEveryPipelineTopicWithItsSettingsAndIsIdempotent(KafkaCluster kafka)
      throws Exception {
    KafkaConfig config = config(kafka, kafka.prefixed("a."));
    TopicProvisioner provisioner = new TopicProvisioner(config);

    List<TopicProvisioner.Result> first = provisioner.ensurePipelineTopics();
    List<TopicProvisioner.Result> second = provisioner.ensurePipelineTopics();

    assertThat(first).allMatch(r -> r.status() == TopicProvisioner.Status.CREATED);
    assertThat(first)
        .extracting(TopicProvisioner.Result::topic)
        .containsExactlyInAnyOrderElementsOf(config.topics().all());
    assertThat(second).allMatch(r -> r.status() == TopicProvisioner.Status.EXISTS);
    assertThat(configOf(kafka, config.topics().endpoints()).get("cleanup.policy").value())
        .isEqualTo("compact");
    assertThat(
            configOf(kafka, config.topics().retryTopics().get(0))
                .get("message.timestamp.type")
                .value())
        .isEqualTo("LogAppendTime");
    assertThat(configOf(kafka, config.topics().dlq()).get("retention.ms").value())
        .isEqualTo(String.valueOf(30L * 24 * 3600 * 1000));
    Config ledger = configOf(kafka, config.topics().dlqReplays());
    assertThat(ledger.get("cleanup.policy").value()).isEqualTo("compact,delete");
    assertThat(ledger.get("retention.ms").value())
        .isEqualTo(String.valueOf(30L * 24 * 3600 * 1000));
    assertThat(
            kafka
                .admin()
                .describeTopics(List.of(config.topics().deliveries()))
                .allTopicNames()
                .get()
                .get(config.topics().deliveries())
                .partitions())
        .hasSize(3);
  }

  @Test
  void anExistingTopicWithOtherSettingsIsReportedAndLeftAlone(KafkaCluster kafka) throws Exception {
    KafkaConfig config = config(kafka, kafka.prefixed("b."));
    kafka.createTopics(new NewTopic(config.topics().deliveries(), 1, (short) 1));

    List<TopicProvisioner.Result> results = new TopicProvisioner(config).ensurePipelineTopics();

    TopicProvisioner.Result deliveries =
        results.stream()
            .filter(r -> r.topic().equals(config.topics().deliveries()))
            .findFirst()
            .orElseThrow();
    assertThat(deliveries.status()).isEqualTo(TopicProvisioner.Status.DIFFERS);
    assertThat(deliveries.differences()).containsExactly("partitions=1 (wanted 3)");
    assertThat(
            kafka
                .admin()
                .describeTopics(List.of(config.topics().deliveries()))
                .allTopicNames()
                .get()
                .get(config.topics().deliveries())
                .partitions())
        .hasSize(1);
  }

  static KafkaConfig config(KafkaCluster kafka, String prefix) {
    return KafkaConfig.fromEnv(
        Env.of(
            Map.of(
                "HOOKLINE_KAFKA_BOOTSTRAP",
                kafka.bootstrapServers(),
                "HOOKLINE_TOPIC_PREFIX",
                prefix,
                "HOOKLINE_TOPIC_PARTITIONS",
                "3")));
  }

  private static Config configOf(KafkaCluster kafka, String topic) throws Exception {
    ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    return kafka.admin().describeConfigs(List.of(r)).all().get().get(r);
  }
}
