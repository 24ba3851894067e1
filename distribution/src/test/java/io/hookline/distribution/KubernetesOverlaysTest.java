package io.hookline.distribution;

import static io.hookline.distribution.Kustomizations.cast;
import static io.hookline.distribution.Kustomizations.maps;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.cli.CliContext;
import io.hookline.cli.Hookline;
import io.hookline.core.config.Env;
import io.hookline.core.config.KafkaConfig;
import io.hookline.core.dlq.StopSignal;
import io.hookline.core.kafka.TopicSpec;
import io.hookline.dispatcher.DispatcherConfig;
import io.hookline.retry.RetryConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The overlays against the code: KEDA scales on the groups and topics the services really use,
 * never past the partitions; Strimzi's topics are what {@code hookline topics create} creates and
 * what {@code hookline topics render} writes; the dev overlay's Kafka is where the base looks.
 */
class KubernetesOverlaysTest {
  private static final Path KEDA = Kustomizations.overlay("keda");
  private static final Path STRIMZI = Kustomizations.overlay("strimzi");
  private static final Path DEV = Kustomizations.overlay("dev");

  @Test
  void kedaScalesDispatchersOnTheirGroupsLagOnTheDeliveriesTopic() throws IOException {
    Map<String, String> settings = Kustomizations.kafkaSettings(KEDA);
    KafkaConfig kafka = KafkaConfig.fromEnv(Env.of(settings));
    DispatcherConfig dispatcher = DispatcherConfig.fromEnv(withKey(settings));
    Map<String, Object> spec = scaledObject("hookline-dispatcher");

    assertThat(cast(spec.get("scaleTargetRef")))
        .containsEntry("kind", "Deployment")
        .containsEntry("name", "hookline-dispatcher");
    List<Map<String, Object>> triggers = maps(spec.get("triggers"));
    assertThat(triggers).isNotEmpty();
    for (Map<String, Object> t : triggers) {
      Map<String, Object> m = cast(t.get("metadata"));
      assertThat(t.get("type")).isEqualTo("kafka");
      assertThat(m.get("consumerGroup")).isEqualTo(dispatcher.groupId());
      assertThat(m.get("topic")).isEqualTo(kafka.topics().deliveries());
      assertThat(m.get("bootstrapServers")).isEqualTo(kafka.bootstrap());
      // A dispatcher whose lag is only the work it holds in flight does not call for another.
      assertThat(Long.parseLong(String.valueOf(m.get("lagThreshold"))))
          .isGreaterThan(dispatcher.maxInFlight());
    }
    assertReplicasWithinPartitions(spec, kafka);
  }

  @Test
  void kedaScalesRetryServicesOnTheirGroupsLagOnEveryTier() throws IOException {
    Map<String, String> settings = Kustomizations.kafkaSettings(KEDA);
    KafkaConfig kafka = KafkaConfig.fromEnv(Env.of(settings));
    RetryConfig retry = RetryConfig.fromEnv(Env.of(settings));
    Map<String, Object> spec = scaledObject("hookline-retry");

    assertThat(cast(spec.get("scaleTargetRef")))
        .containsEntry("kind", "StatefulSet")
        .containsEntry("name", "hookline-retry");
    List<Map<String, Object>> triggers = maps(spec.get("triggers"));
    assertThat(triggers.stream().map(t -> cast(t.get("metadata")).get("topic")).toList())
        .containsExactlyInAnyOrderElementsOf(kafka.topics().retryTopics());
    for (Map<String, Object> t : triggers) {
      Map<String, Object> m = cast(t.get("metadata"));
      assertThat(t.get("type")).isEqualTo("kafka");
      assertThat(m.get("consumerGroup")).isEqualTo(retry.groupId());
      assertThat(m.get("bootstrapServers")).isEqualTo(kafka.bootstrap());
    }
    assertReplicasWithinPartitions(spec, kafka);
  }

  @Test
  void kedaOwnsTheReplicaCountOfEveryWorkloadItScales() throws Exception {
    List<Map<String, Object>> patches = Kustomizations.patches(KEDA);
    for (Map<String, Object> so : Kustomizations.resources(KEDA)) {
      Map<String, Object> target = cast(cast(so.get("spec")).get("scaleTargetRef"));
      Map<String, Object> patch =
          Kustomizations.find(patches, (String) target.get("kind"), (String) target.get("name"))
              .orElseThrow(() -> new AssertionError("no patch of " + target));
      Map<String, Object> patchSpec = cast(patch.get("spec"));
      assertThat(patchSpec).containsKey("replicas");
      assertThat(patchSpec.get("replicas")).as("replicas removed").isNull();
    }
    Optional<Path> kubectl = Kustomizations.kubectl();
    if (kubectl.isPresent()) {
      for (Map<String, Object> o : Kustomizations.render(kubectl.get(), KEDA)) {
        if (List.of("hookline-dispatcher", "hookline-retry").contains(name(o))
            && List.of("Deployment", "StatefulSet").contains(o.get("kind"))) {
          assertThat(cast(o.get("spec"))).as(name(o)).doesNotContainKey("replicas");
        }
      }
    }
  }

  @Test
  void theStrimziTopicsAreWhatTopicsCreateCreates() throws IOException {
    KafkaConfig kafka = KafkaConfig.fromEnv(Env.of(Kustomizations.kafkaSettings(STRIMZI)));
    Map<String, String> expected = new TreeMap<>();
    for (TopicSpec t : TopicSpec.pipeline(kafka)) {
      expected.put(t.name(), describe(t.partitions(), kafka.replicationFactor(), t.configs()));
    }
    Map<String, String> actual = new TreeMap<>();
    for (Map<String, Object> o : Kustomizations.resources(STRIMZI)) {
      if (!"KafkaTopic".equals(o.get("kind"))) {
        continue;
      }
      Map<String, Object> spec = cast(o.get("spec"));
      Map<String, String> config = new HashMap<>();
      if (spec.get("config") != null) {
        cast(spec.get("config")).forEach((k, v) -> config.put(k, String.valueOf(v)));
      }
      actual.put(
          String.valueOf(spec.get("topicName")),
          describe(
              (Integer) spec.get("partitions"),
              Optional.ofNullable((Integer) spec.get("replicas")).map(Integer::shortValue),
              config));
    }

    assertThat(kafka.replicationFactor()).as("the overlay sets a replication factor").isPresent();
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void theStrimziTopicsFileIsWhatTheLauncherRendersForTheOverlaysCluster() throws IOException {
    Map<String, String> settings = Kustomizations.kafkaSettings(STRIMZI);
    Path file = STRIMZI.resolve("topics.yaml");
    String cluster =
        Kustomizations.documents(file).stream()
            .map(
                o ->
                    String.valueOf(
                        cast(cast(o.get("metadata")).get("labels")).get("strimzi.io/cluster")))
            .distinct()
            .collect(Collectors.joining(","));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int code =
        Hookline.execute(
            new CliContext(Env.of(settings), Clock.systemUTC(), new StopSignal(), false),
            new PrintWriter(out),
            new PrintWriter(err),
            "topics",
            "render",
            "--format",
            "strimzi",
            "--cluster",
            cluster);

    assertThat(code).as(err.toString()).isZero();
    assertThat(Files.readString(file))
        .as(
            "deploy/k8s/overlays/strimzi/topics.yaml is out of date: render it again with the"
                + " command in that overlay's kustomization.yaml")
        .isEqualTo(out.toString());
    // Strimzi names the bootstrap Service of cluster c c-kafka-bootstrap.
    assertThat(settings.get(KafkaConfig.BOOTSTRAP)).startsWith(cluster + "-kafka-bootstrap:");
  }

  @Test
  void theStrimziOverlayLeavesCreatingTopicsToTheTopicOperator() throws Exception {
    Map<String, Object> delete =
        Kustomizations.find(Kustomizations.patches(STRIMZI), "Job", "hookline-topics")
            .orElseThrow();
    assertThat(delete).containsEntry("$patch", "delete");
    Optional<Path> kubectl = Kustomizations.kubectl();
    if (kubectl.isPresent()) {
      List<Map<String, Object>> rendered = Kustomizations.render(kubectl.get(), STRIMZI);
      assertThat(rendered).noneMatch(o -> "Job".equals(o.get("kind")));
      assertThat(rendered).filteredOn(o -> "KafkaTopic".equals(o.get("kind"))).hasSize(9);
    }
  }

  @Test
  void theDevOverlaysKafkaIsWhereTheBaseLooksForIt() throws IOException {
    KafkaConfig kafka = KafkaConfig.fromEnv(Env.of(Kustomizations.kafkaSettings(DEV)));
    String[] hostPort = kafka.bootstrap().split(":");
    List<Map<String, Object>> own = Kustomizations.resources(DEV);

    Map<String, Object> service = Kustomizations.find(own, "Service", hostPort[0]).orElseThrow();
    assertThat(String.valueOf(cast(service.get("spec")).get("ports")))
        .contains("port=" + hostPort[1]);
    Map<String, Object> broker = Kustomizations.find(own, "StatefulSet", "kafka").orElseThrow();
    String env =
        String.valueOf(
            maps(cast(cast(cast(broker.get("spec")).get("template")).get("spec")).get("containers"))
                .getFirst()
                .get("env"));
    assertThat(env).contains("PLAINTEXT://" + kafka.bootstrap());
    // One broker holds one copy of each partition.
    assertThat(kafka.replicationFactor()).contains((short) 1);
  }

  private static void assertReplicasWithinPartitions(Map<String, Object> spec, KafkaConfig kafka) {
    int max = ((Number) spec.get("maxReplicaCount")).intValue();
    int defaults = KafkaConfig.fromEnv(Env.of(Map.of())).partitions();
    assertThat(max).isLessThanOrEqualTo(kafka.partitions()).isLessThanOrEqualTo(defaults);
    assertThat(((Number) spec.get("minReplicaCount")).intValue()).isBetween(1, max);
  }

  private static Map<String, Object> scaledObject(String name) throws IOException {
    return cast(
        Kustomizations.find(Kustomizations.resources(KEDA), "ScaledObject", name)
            .orElseThrow()
            .get("spec"));
  }

  private static Env withKey(Map<String, String> settings) {
    Map<String, String> vars = new HashMap<>(settings);
    vars.put("HOOKLINE_MASTER_KEY", DeployFiles.KEY);
    return Env.of(vars);
  }

  private static String describe(
      Integer partitions, Optional<Short> replicas, Map<String, String> configs) {
    return partitions + " partitions, replicas " + replicas + ", " + new TreeMap<>(configs);
  }

  private static String name(Map<String, Object> o) {
    return String.valueOf(cast(o.get("metadata")).get("name"));
  }
}
