package io.hookline.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.core.config.Env;
import io.hookline.dispatcher.DispatcherConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The image and the compose file say only what the code does: every command they run is a verb of
 * the launcher, every {@code HOOKLINE_*} variable they set is one the service that gets it reads,
 * and the image runs the launcher in exec form.
 */
class DeployFilesTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final String KEY = DeployFiles.KEY;

  @Test
  void everyComposeServiceOfTheImageRunsAVerbOfTheLauncher() throws IOException {
    Set<String> verbs = DeployFiles.verbs();
    for (Map.Entry<String, Map<String, Object>> service : hooklineServices().entrySet()) {
      List<?> command = (List<?>) service.getValue().get("command");
      assertThat(command).as(service.getKey() + "'s command").isNotEmpty();
      assertThat(verbs).as(service.getKey() + "'s verb").contains(String.valueOf(command.get(0)));
    }
  }

  @Test
  void everyHooklineVariableInTheComposeFileIsOneItsServiceReads() throws IOException {
    for (Map.Entry<String, Map<String, Object>> service : hooklineServices().entrySet()) {
      Map<String, String> vars = new HashMap<>();
      Object environment = service.getValue().get("environment");
      if (environment instanceof Map<?, ?> m) {
        m.forEach((k, v) -> vars.put(String.valueOf(k), placeholder(String.valueOf(v))));
      }
      String verb = String.valueOf(((List<?>) service.getValue().get("command")).get(0));
      Set<String> read = DeployFiles.namesRead(verb, vars);
      for (String name : vars.keySet()) {
        if (name.startsWith(Env.PREFIX)) {
          assertThat(DeployFiles.isRead(name, read))
              .as(service.getKey() + " (" + verb + ") is given " + name + " but reads " + read)
              .isTrue();
        }
      }
    }
  }

  @Test
  void theDispatchersGracePeriodOutlastsTheDrainAndOneRequest() throws IOException {
    DispatcherConfig defaults =
        DispatcherConfig.fromEnv(Env.of(Map.of("HOOKLINE_MASTER_KEY", KEY)));
    String grace = String.valueOf(hooklineServices().get("dispatcher").get("stop_grace_period"));
    Duration period = Duration.ofSeconds(Long.parseLong(grace.replace("s", "")));

    assertThat(period).isGreaterThan(defaults.drainTimeout().plus(defaults.requestTimeout()));
  }

  @Test
  void theImageRunsTheLauncherInExecFormAsANonRootUser() throws IOException {
    String dockerfile = Files.readString(ROOT.resolve("deploy/docker/Dockerfile"));

    assertThat(dockerfile)
        .contains("ENTRYPOINT [\"hookline\"]")
        .contains("ENV PATH=/opt/hookline/bin:$PATH")
        .contains("COPY distribution/target/hookline-${VERSION}.tar.gz")
        .containsPattern("(?m)^USER 10001:10001$")
        .doesNotContain("-Xmx");
    assertThat(Path.of("src/dist/bin/hookline")).isExecutable();
  }

  /** The compose services that run the Hookline image, with anchors and merge keys resolved. */
  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> hooklineServices() throws IOException {
    Map<String, Object> compose =
        new Yaml().load(Files.readString(ROOT.resolve("deploy/compose/docker-compose.yml")));
    Map<String, Map<String, Object>> out = new java.util.TreeMap<>();
    ((Map<String, Map<String, Object>>) compose.get("services"))
        .forEach(
            (name, service) -> {
              if (String.valueOf(service.get("image")).startsWith("hookline:")) {
                out.put(name, service);
              }
            });
    assertThat(out).containsKeys("topics", "ingest", "dispatcher", "retry", "receiver");
    return out;
  }

  /** A compose value with {@code ${NAME:-default}} and {@code ${NAME:?message}} filled in. */
  private static String placeholder(String value) {
    Matcher m = Pattern.compile("\\$\\{([A-Z_]+)(?::-([^}]*)|:\\?[^}]*)?}").matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String fill =
          m.group(2) != null
              ? m.group(2)
              : m.group(1).equals("HOOKLINE_MASTER_KEY") ? KEY : "placeholder-value";
      m.appendReplacement(out, Matcher.quoteReplacement(fill));
    }
    m.appendTail(out);
    return out.toString();
  }
}
