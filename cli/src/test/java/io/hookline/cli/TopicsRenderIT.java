package io.hookline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testkit.KafkaCluster;
import io.hookline.testkit.WithKafka;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** {@code hookline topics render}: the topics {@code topics create} makes, as Strimzi resources. */
@WithKafka
class TopicsRenderIT {

  @Test
  void theRenderedTopicsAreExactlyTheTopicsCreateMakesOnABroker(KafkaCluster kafka)
      throws Exception {
    String prefix = kafka.prefixed("r.");
    Map<String, String> env =
        Map.of(
            "HOOKLINE_RETRY_TIERS", "1s,2s",
            "HOOKLINE_TOPIC_PREFIX", prefix,
            "HOOKLINE_TOPIC_PARTITIONS", "2");
    Cli.Run create = Cli.run(env, "topics", "create", "-b", kafka.bootstrapServers());
    Cli.Run render = Cli.run(env, "topics", "render", "--format", "strimzi", "--cluster", "c1");
    assertThat(create.exitCode()).as(create.toString()).isZero();
    assertThat(render.exitCode()).as(render.toString()).isZero();

    List<Map<String, Object>> resources = new ArrayList<>();
    for (Object doc : new Yaml().loadAll(render.out())) {
      resources.add(cast(doc));
    }
    Set<String> onBroker =
        kafka.admin().listTopics().names().get().stream()
            .filter(t -> t.startsWith(prefix))
            .collect(Collectors.toSet());
    assertThat(resources.stream().map(r -> cast(r.get("spec")).get("topicName")))
        .containsExactlyInAnyOrderElementsOf(onBroker);
    for (Map<String, Object> r : resources) {
      assertThat(r).containsEntry("apiVersion", "kafka.strimzi.io/v1");
      assertThat(r).containsEntry("kind", "KafkaTopic");
      assertThat(cast(cast(r.get("metadata")).get("labels")))
          .containsEntry("strimzi.io/cluster", "c1");
      Map<String, Object> spec = cast(r.get("spec"));
      String topic = (String) spec.get("topicName");
      TopicDescription made =
          kafka.admin().describeTopics(List.of(topic)).allTopicNames().get().get(topic);
      assertThat(spec.get("partitions")).as(topic).isEqualTo(made.partitions().size());
      Config config = configOf(kafka, topic);
      Map<String, Object> settings =
          spec.get("config") == null ? Map.of() : cast(spec.get("config"));
      settings.forEach(
          (k, v) -> assertThat(config.get(k).value()).as(topic + " " + k).isEqualTo(v));
    }
    assertThat(resources)
        .hasSize(8); // events, endpoints, deliveries, 2 tiers, dlq, attempts, replays
  }

  @Test
  void aPrefixNoKubernetesNameMayHoldBecomesAValidNameAndTheTopicKeepsItsOwn() {
    Cli.Run run =
        Cli.run(Map.of(), "topics", "render", "--cluster", "c1", "--topic-prefix", "Team_A.hooks.");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .contains("  name: team-a.hooks.events\n")
        .contains("  topicName: \"Team_A.hooks.events\"\n");
  }

  @Test
  void aClusterNameThatIsNoLabelValueIsAUsageErrorNamingTheFlag() {
    Cli.Run run = Cli.run(Map.of(), "topics", "render", "--cluster", "my cluster");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("--cluster must be a Kubernetes label value");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void anUnknownFormatIsAUsageErrorNamingTheFormatsThereAre() {
    Cli.Run run = Cli.run(Map.of(), "topics", "render", "--cluster", "c1", "--format", "helm");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("--format must be one of [strimzi], was 'helm'");
  }

  @Test
  void theReplicationFactorIsRenderedOnlyWhereOneIsSet() {
    Cli.Run without = Cli.run(Map.of(), "topics", "render", "--cluster", "c1");
    Cli.Run with =
        Cli.run(
            Map.of("HOOKLINE_TOPIC_REPLICATION_FACTOR", "3"),
            "topics",
            "render",
            "--cluster",
            "c1");

    assertThat(without.out()).doesNotContain("replicas:");
    assertThat(with.out().lines().filter(l -> l.equals("  replicas: 3")).count()).isEqualTo(9);
  }

  private static Config configOf(KafkaCluster kafka, String topic) throws Exception {
    ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    return kafka.admin().describeConfigs(List.of(r)).all().get().get(r);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Object o) {
    return (Map<String, Object>) o;
  }
}
