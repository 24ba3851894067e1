package io.hookline.distribution;

import static io.hookline.distribution.Kustomizations.cast;
import static io.hookline.distribution.Kustomizations.maps;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.core.config.Env;
import io.hookline.dispatcher.DispatcherConfig;
import io.hookline.ingest.status.StatusConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests ({@code deploy/k8s}: the base and every overlay) against the code: each
 * Hookline container runs a verb of the launcher, is given only settings its service reads (an
 * overlay's patches included), probes the port and paths its service serves, outlasts the
 * dispatcher's drain when stopped, and runs locked down.
 */
class KubernetesManifestsTest {
  private static final Map<String, Integer> DEFAULT_PORTS =
      Map.of("ingest", 8080, "dispatcher", 8081, "retry", 8082);
  private static final List<String> WORKLOADS = List.of("Deployment", "StatefulSet", "Job");

  @Test
  void everyContainerRunsAVerbAndIsGivenOnlySettingsItsServiceReads() throws IOException {
    for (Path dir : Kustomizations.all()) {
      Map<String, String> shared = Kustomizations.kafkaSettings(dir);
      for (Container c : containers(dir)) {
        Map<String, String> vars = new HashMap<>();
        if (String.valueOf(c.spec.get("envFrom")).contains("hookline-kafka")) {
          vars.putAll(shared);
        }
        for (Map<String, Object> e : maps(c.spec.get("env"))) {
          Object value = e.get("value");
          vars.put(
              String.valueOf(e.get("name")), value == null ? "from-a-reference" : value.toString());
        }
        // Secrets and pod names are references here: stand-ins of the right form.
        vars.computeIfPresent("HOOKLINE_MASTER_KEY", (k, v) -> DeployFiles.KEY);
        vars.computeIfPresent("HOOKLINE_KAFKA_SASL_JAAS_CONFIG", (k, v) -> "x required;");
        vars.computeIfPresent(StatusConfig.PEER_TOKEN, (k, v) -> "peer-token-stand-in");
        assertThat(DeployFiles.verbs()).as(c + "'s verb").contains(c.verb());
        var read = DeployFiles.namesRead(c.verb(), vars);
        for (String name : vars.keySet()) {
          assertThat(DeployFiles.isRead(name, read))
              .as(c + " (" + c.verb() + ") is given " + name + " but reads " + read)
              .isTrue();
        }
      }
    }
  }

  @Test
  void probesAskTheServicesOwnPortForHealthzAndReadyz() throws IOException {
    for (Path dir : Kustomizations.all()) {
      for (Container c : containers(dir)) {
        if (!DEFAULT_PORTS.containsKey(c.verb())) {
          continue; // the topics Job and the demo receiver serve no ops port
        }
        int port = DEFAULT_PORTS.get(c.verb());
        Map<String, Object> named = maps(c.spec.get("ports")).getFirst();
        assertThat(named.get("containerPort")).as(c.toString()).isEqualTo(port);
        assertThat(env(c, "HOOKLINE_HTTP_PORT")).isEqualTo(String.valueOf(port));
        assertThat(probe(c, "livenessProbe")).containsEntry("path", "/healthz");
        assertThat(probe(c, "readinessProbe")).containsEntry("path", "/readyz");
        assertThat(probe(c, "readinessProbe").get("port")).isEqualTo(named.get("name"));
        assertThat(c.spec.get("resources").toString()).contains("limits").contains("memory");
      }
    }
  }

  @Test
  void theIngestsStatusPeerPortIsOutsideItsServiceAndOpenToTheOtherIngestPodsOnly()
      throws IOException {
    List<Map<String, Object>> base = Kustomizations.resources(Kustomizations.BASE);
    Container ingest =
        containers(Kustomizations.BASE).stream()
            .filter(c -> c.verb().equals("ingest"))
            .findFirst()
            .orElseThrow();
    Map<String, Object> peer =
        maps(ingest.spec.get("ports")).stream()
            .filter(p -> "status-peer".equals(p.get("name")))
            .findFirst()
            .orElseThrow();
    Map<String, Object> service =
        Kustomizations.find(base, "Service", "hookline-ingest").orElseThrow();
    Map<String, Object> policy =
        Kustomizations.find(base, "NetworkPolicy", "hookline-ingest").orElseThrow();
    List<Map<String, Object>> rules = maps(cast(policy.get("spec")).get("ingress"));
    Map<String, Object> peerRule =
        rules.stream()
            .filter(r -> String.valueOf(r.get("ports")).contains("status-peer"))
            .findFirst()
            .orElseThrow();

    assertThat(peer.get("containerPort")).isEqualTo(StatusConfig.DEFAULT_PEER_PORT);
    assertThat(env(ingest, StatusConfig.PEER_PORT))
        .isEqualTo(String.valueOf(StatusConfig.DEFAULT_PEER_PORT));
    assertThat(String.valueOf(envEntry(ingest, StatusConfig.PEER_TOKEN)))
        .contains("key=status-peer-token")
        .contains("optional=true");
    assertThat(String.valueOf(cast(service.get("spec")).get("ports")))
        .doesNotContain("status-peer")
        .doesNotContain(String.valueOf(StatusConfig.DEFAULT_PEER_PORT));
    assertThat(String.valueOf(cast(policy.get("spec")).get("podSelector")))
        .contains("app.kubernetes.io/name=hookline-ingest");
    // Exactly one peer: a pod of the ingest, in this namespace (no namespaceSelector beside it).
    assertThat(maps(peerRule.get("from")))
        .singleElement()
        .satisfies(
            from -> {
              assertThat(from.keySet()).containsExactly("podSelector");
              assertThat(String.valueOf(from.get("podSelector")))
                  .isEqualTo("{matchLabels={app.kubernetes.io/name=hookline-ingest}}");
            });
    assertThat(String.valueOf(peerRule.get("ports"))).isEqualTo("[{port=status-peer}]");
    // No other rule opens the peer port; only the API port is open to everyone.
    for (Map<String, Object> rule : rules) {
      if (rule != peerRule) {
        assertThat(String.valueOf(rule.get("ports")))
            .doesNotContain("status-peer")
            .doesNotContain(String.valueOf(StatusConfig.DEFAULT_PEER_PORT));
      }
      if (rule.get("from") == null) {
        assertThat(String.valueOf(rule.get("ports"))).isEqualTo("[{port=http}]");
      }
    }
  }

  @Test
  void theDispatchersGracePeriodOutlastsItsDrainPlusOneRequest() throws IOException {
    DispatcherConfig defaults =
        DispatcherConfig.fromEnv(Env.of(Map.of("HOOKLINE_MASTER_KEY", DeployFiles.KEY)));
    Map<String, Object> dispatcher =
        Kustomizations.find(
                Kustomizations.resources(Kustomizations.BASE), "Deployment", "hookline-dispatcher")
            .orElseThrow();
    Map<String, Object> spec = podSpec(dispatcher);
    Duration grace =
        Duration.ofSeconds(((Number) spec.get("terminationGracePeriodSeconds")).longValue());

    assertThat(grace).isGreaterThan(defaults.drainTimeout().plus(defaults.requestTimeout()));
  }

  @Test
  void everyPodRunsAsNonRootWithNoPrivilegeEscalationAndHooklineOnAReadOnlyRoot()
      throws IOException {
    int pods = 0;
    for (Path dir : Kustomizations.all()) {
      for (Map<String, Object> doc : Kustomizations.resources(dir)) {
        if (!WORKLOADS.contains(doc.get("kind"))) {
          continue;
        }
        Map<String, Object> spec = podSpec(doc);
        assertThat(spec.get("securityContext").toString()).contains("runAsNonRoot=true");
        for (Map<String, Object> c : maps(spec.get("containers"))) {
          assertThat(c.get("securityContext").toString())
              .as(c.get("name").toString())
              .contains("allowPrivilegeEscalation=false")
              .contains("drop=[ALL]");
          if (String.valueOf(c.get("image")).startsWith("hookline:")) {
            assertThat(c.get("securityContext").toString()).contains("readOnlyRootFilesystem=true");
          }
        }
        pods++;
      }
    }
    assertThat(pods).as("workloads in the base and the overlays").isEqualTo(6);
  }

  @Test
  void theRetryServiceIsAStatefulSetWhosePodNameIsItsInstanceId() throws IOException {
    Container retry =
        containers(Kustomizations.BASE).stream()
            .filter(c -> c.verb().equals("retry"))
            .findFirst()
            .orElseThrow();

    assertThat(retry.workload).isEqualTo("StatefulSet hookline-retry");
    assertThat(String.valueOf(envEntry(retry, "HOOKLINE_RETRY_INSTANCE_ID")))
        .contains("fieldPath=metadata.name");
  }

  @Test
  void everyKustomizationRendersWithKubectlWhereKubectlIsInstalled() throws Exception {
    Optional<Path> kubectl = Kustomizations.kubectl();
    if (kubectl.isEmpty()) {
      System.out.println("kubectl is not installed: `kubectl kustomize` was not run");
      return;
    }
    for (Path dir : Kustomizations.all()) {
      List<Map<String, Object>> objects = Kustomizations.render(kubectl.get(), dir);
      assertThat(objects).as(dir.toString()).isNotEmpty();
      for (Map<String, Object> o : objects) {
        assertThat(String.valueOf(cast(o.get("metadata")).get("labels")))
            .as(
                dir.getFileName()
                    + ": "
                    + o.get("kind")
                    + " "
                    + cast(o.get("metadata")).get("name"))
            .contains("app.kubernetes.io/part-of=hookline");
      }
    }
  }

  // --- reading the manifests -----------------------------------------------------------------

  /** A Hookline container as {@code dir} leaves it: its workload, and its spec with patches. */
  private record Container(Path dir, String workload, Map<String, Object> spec) {
    String verb() {
      List<?> args = (List<?>) spec.get("args");
      return args == null || args.isEmpty() ? "" : String.valueOf(args.getFirst());
    }

    @Override
    public String toString() {
      return Kustomizations.K8S.relativize(dir) + ": " + workload + " " + spec.get("name");
    }
  }

  /**
   * The Hookline containers of {@code dir}: the base's, with the env of {@code dir}'s patches
   * merged by name (as a strategic merge does), then those of {@code dir}'s own workloads.
   */
  private static List<Container> containers(Path dir) throws IOException {
    List<Container> out = new ArrayList<>();
    List<Map<String, Object>> patches =
        dir.equals(Kustomizations.BASE) ? List.of() : Kustomizations.patches(dir);
    List<Map<String, Object>> own =
        dir.equals(Kustomizations.BASE) ? List.of() : Kustomizations.resources(dir);
    for (Map<String, Object> doc : concat(Kustomizations.resources(Kustomizations.BASE), own)) {
      if (!WORKLOADS.contains(doc.get("kind"))) {
        continue;
      }
      String kind = String.valueOf(doc.get("kind"));
      String name = String.valueOf(cast(doc.get("metadata")).get("name"));
      if (Kustomizations.find(patches, kind, name)
          .filter(p -> "delete".equals(p.get("$patch")))
          .isPresent()) {
        continue; // the overlay removes it
      }
      for (Map<String, Object> c : maps(podSpec(doc).get("containers"))) {
        if (!String.valueOf(c.get("image")).startsWith("hookline:")) {
          continue; // the dev overlay's Kafka
        }
        Map<String, Object> spec = new LinkedHashMap<>(c);
        for (Map<String, Object> patch : patches) {
          if (kind.equals(patch.get("kind"))
              && name.equals(cast(patch.get("metadata")).get("name"))
              && patch.get("spec") != null
              && cast(patch.get("spec")).get("template") != null) {
            for (Map<String, Object> pc : maps(podSpec(patch).get("containers"))) {
              if (c.get("name").equals(pc.get("name"))) {
                spec.put("env", mergeByName(maps(spec.get("env")), maps(pc.get("env"))));
              }
            }
          }
        }
        out.add(new Container(dir, kind + " " + name, spec));
      }
    }
    assertThat(out.stream().map(Container::verb))
        .as(dir + ": the services")
        .contains("ingest", "dispatcher", "retry");
    return out;
  }

  private static List<Map<String, Object>> mergeByName(
      List<Map<String, Object>> base, List<Map<String, Object>> patch) {
    Map<Object, Map<String, Object>> byName = new LinkedHashMap<>();
    base.forEach(e -> byName.put(e.get("name"), e));
    patch.forEach(e -> byName.put(e.get("name"), e));
    return new ArrayList<>(byName.values());
  }

  private static List<Map<String, Object>> concat(
      List<Map<String, Object>> a, List<Map<String, Object>> b) {
    List<Map<String, Object>> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static Map<String, Object> podSpec(Map<String, Object> workload) {
    return cast(cast(cast(workload.get("spec")).get("template")).get("spec"));
  }

  private static Object envEntry(Container c, String name) {
    return maps(c.spec.get("env")).stream()
        .filter(e -> name.equals(e.get("name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError(c + " sets no " + name));
  }

  private static String env(Container c, String name) {
    return String.valueOf(((Map<?, ?>) envEntry(c, name)).get("value"));
  }

  private static Map<String, Object> probe(Container c, String which) {
    return cast(cast(c.spec.get(which)).get("httpGet"));
  }
}
