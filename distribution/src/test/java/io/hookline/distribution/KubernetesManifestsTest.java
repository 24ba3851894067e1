package io.hookline.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.core.config.Env;
import io.hookline.dispatcher.DispatcherConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Kubernetes base ({@code deploy/k8s/base}) against the code: each workload runs a verb of the
 * launcher, is given only settings its service reads, probes the port and paths its service serves,
 * outlasts the dispatcher's drain when stopped, and runs locked down.
 */
class KubernetesManifestsTest {
  private static final Path BASE =
      Path.of("..").toAbsolutePath().normalize().resolve("deploy/k8s/base");
  private static final Map<String, Integer> DEFAULT_PORTS =
      Map.of("ingest", 8080, "dispatcher", 8081, "retry", 8082);

  @Test
  void everyWorkloadRunsAVerbAndIsGivenOnlySettingsItsServiceReads() throws IOException {
    Map<String, String> shared = configMap("hookline-kafka");
    for (Map<String, Object> container : containers()) {
      String verb = verb(container);
      Map<String, String> vars = new HashMap<>();
      if (String.valueOf(container.get("envFrom")).contains("hookline-kafka")) {
        vars.putAll(shared);
      }
      for (Map<String, Object> e : list(container.get("env"))) {
        Object value = e.get("value");
        vars.put(
            String.valueOf(e.get("name")), value == null ? "from-a-reference" : value.toString());
      }
      // Secrets and pod names are references here: stand-ins of the right form.
      vars.computeIfPresent("HOOKLINE_MASTER_KEY", (k, v) -> DeployFiles.KEY);
      vars.computeIfPresent("HOOKLINE_KAFKA_SASL_JAAS_CONFIG", (k, v) -> "x required;");
      assertThat(DeployFiles.verbs()).as(container.get("name") + "'s verb").contains(verb);
      var read = DeployFiles.namesRead(verb, vars);
      for (String name : vars.keySet()) {
        assertThat(DeployFiles.isRead(name, read))
            .as(container.get("name") + " (" + verb + ") is given " + name + " but reads " + read)
            .isTrue();
      }
    }
  }

  @Test
  void probesAskTheServicesOwnPortForHealthzAndReadyz() throws IOException {
    for (Map<String, Object> container : containers()) {
      String verb = verb(container);
      if (!DEFAULT_PORTS.containsKey(verb)) {
        continue; // the topics Job serves nothing
      }
      int port = DEFAULT_PORTS.get(verb);
      Map<String, Object> named = list(container.get("ports")).getFirst();
      assertThat(named.get("containerPort")).isEqualTo(port);
      assertThat(env(container, "HOOKLINE_HTTP_PORT")).isEqualTo(String.valueOf(port));
      assertThat(probe(container, "livenessProbe")).containsEntry("path", "/healthz");
      assertThat(probe(container, "readinessProbe")).containsEntry("path", "/readyz");
      assertThat(probe(container, "readinessProbe").get("port")).isEqualTo(named.get("name"));
      assertThat(container.get("resources").toString()).contains("limits").contains("memory");
    }
  }

  @Test
  void theDispatchersGracePeriodOutlastsItsDrainPlusOneRequest() throws IOException {
    DispatcherConfig defaults =
        DispatcherConfig.fromEnv(Env.of(Map.of("HOOKLINE_MASTER_KEY", DeployFiles.KEY)));
    Map<String, Object> spec = podSpec(workload("Deployment", "hookline-dispatcher"));
    Duration grace =
        Duration.ofSeconds(((Number) spec.get("terminationGracePeriodSeconds")).longValue());

    assertThat(grace).isGreaterThan(defaults.drainTimeout().plus(defaults.requestTimeout()));
  }

  @Test
  void everyPodRunsAsNonRootWithAReadOnlyRootAndNoPrivilegeEscalation() throws IOException {
    for (Map<String, Object> doc : documents()) {
      if (!List.of("Deployment", "StatefulSet", "Job").contains(doc.get("kind"))) {
        continue;
      }
      Map<String, Object> spec = podSpec(doc);
      assertThat(spec.get("securityContext").toString()).contains("runAsNonRoot=true");
      for (Map<String, Object> c : list(spec.get("containers"))) {
        assertThat(c.get("securityContext").toString())
            .contains("allowPrivilegeEscalation=false")
            .contains("readOnlyRootFilesystem=true");
      }
    }
  }

  @Test
  void theRetryServiceIsAStatefulSetWhosePodNameIsItsInstanceId() throws IOException {
    Map<String, Object> retry = workload("StatefulSet", "hookline-retry");
    Map<String, Object> container = list(podSpec(retry).get("containers")).getFirst();

    assertThat(String.valueOf(envEntry(container, "HOOKLINE_RETRY_INSTANCE_ID")))
        .contains("fieldPath=metadata.name");
  }

  @Test
  void theBaseRendersWithKubectlKustomizeWhereKubectlIsInstalled() throws Exception {
    // Every file parses (documents() reads them all); kubectl renders them where it exists.
    assertThat(documents()).isNotEmpty();
    Path kubectl =
        Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
            .map(dir -> Path.of(dir, "kubectl"))
            .filter(Files::isExecutable)
            .findFirst()
            .orElse(null);
    if (kubectl == null) {
      System.out.println("kubectl is not installed: `kubectl kustomize` was not run");
      return;
    }
    Process p =
        new ProcessBuilder(kubectl.toString(), "kustomize", BASE.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("kind: StatefulSet").contains("app.kubernetes.io/part-of: hookline");
  }

  // --- reading the manifests -----------------------------------------------------------------

  private static List<Map<String, Object>> documents() throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(BASE)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        if (f.getFileName().toString().equals("kustomization.yaml")) {
          continue;
        }
        for (Object doc : new Yaml().loadAll(Files.readString(f))) {
          out.add(cast(doc));
        }
      }
    }
    return out;
  }

  private static Map<String, Object> workload(String kind, String name) throws IOException {
    return documents().stream()
        .filter(d -> kind.equals(d.get("kind")))
        .filter(d -> name.equals(cast(d.get("metadata")).get("name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
  }

  private static Map<String, Object> podSpec(Map<String, Object> workload) {
    return cast(cast(cast(workload.get("spec")).get("template")).get("spec"));
  }

  private static List<Map<String, Object>> containers() throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> doc : documents()) {
      if (List.of("Deployment", "StatefulSet", "Job").contains(doc.get("kind"))) {
        out.addAll(list(podSpec(doc).get("containers")));
      }
    }
    assertThat(out).hasSize(4);
    return out;
  }

  private static Map<String, String> configMap(String name) throws IOException {
    Map<String, String> out = new HashMap<>();
    cast(workload("ConfigMap", name).get("data")).forEach((k, v) -> out.put(k, String.valueOf(v)));
    return out;
  }

  private static String verb(Map<String, Object> container) {
    return String.valueOf(
        list(container.get("args")).isEmpty() ? "" : ((List<?>) container.get("args")).get(0));
  }

  private static Object envEntry(Map<String, Object> container, String name) {
    return list(container.get("env")).stream()
        .filter(e -> name.equals(e.get("name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError(container.get("name") + " sets no " + name));
  }

  private static String env(Map<String, Object> container, String name) {
    return String.valueOf(((Map<?, ?>) envEntry(container, name)).get("value"));
  }

  private static Map<String, Object> probe(Map<String, Object> container, String which) {
    return cast(cast(container.get(which)).get("httpGet"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Object o) {
    return o == null ? List.of() : (List<Map<String, Object>>) o;
  }
}
