package io.hookline.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookline.embedded.EmbeddedKafka;
import io.hookline.testkit.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The distribution as a platform team gets it: {@code hookline-<version>.tar.gz} unpacked into a
 * folder of its own, run from another folder with only a Java runtime (no Maven, no source tree),
 * against an embedded broker. Each service verb starts, reaches ready, and stops cleanly (exit 0)
 * on SIGTERM; the CLI's verbs work from the same launcher.
 */
class DistributionIT {
  private static final String TOKEN = "dist-token-0123456789";
  @TempDir static Path tmp;
  private static EmbeddedKafka kafka;
  private static Path home;
  private static Path elsewhere;

  @BeforeAll
  static void unpack() throws Exception {
    Path tarball =
        Path.of("target", "hookline-" + System.getProperty("hookline.version") + ".tar.gz");
    assertThat(tarball).exists();
    Path into = Files.createDirectories(tmp.resolve("opt"));
    Process tar =
        new ProcessBuilder(
                "tar", "-xzf", tarball.toAbsolutePath().toString(), "-C", into.toString())
            .inheritIO()
            .start();
    assertThat(tar.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(tar.exitValue()).isZero();
    home = into.resolve("hookline-" + System.getProperty("hookline.version"));
    elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
    kafka = EmbeddedKafka.start(0, Files.createDirectories(tmp.resolve("kafka")));
  }

  @AfterAll
  static void stop() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void theTarballHoldsTheLauncherTheJarsAndAnExampleEnvFileAndNoTestCode() throws Exception {
    assertThat(home.resolve("bin/hookline")).isExecutable();
    assertThat(home.resolve("conf/hookline.env.example")).isRegularFile();
    List<String> jars;
    try (var files = Files.list(home.resolve("lib"))) {
      jars = files.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertThat(jars)
        .anyMatch(j -> j.startsWith("hookline-dispatcher-service-"))
        .anyMatch(j -> j.startsWith("hookline-ingest-service-"))
        .anyMatch(j -> j.startsWith("hookline-retry-service-"))
        .anyMatch(j -> j.startsWith("hookline-cli-"))
        .anyMatch(j -> j.startsWith("hookline-devstack-"))
        .noneMatch(j -> j.startsWith("hookline-testkit"))
        .noneMatch(
            j -> j.startsWith("junit") || j.startsWith("assertj") || j.startsWith("awaitility"))
        .noneMatch(j -> j.startsWith("testcontainers") || j.startsWith("kafka-test-common"));
  }

  @Test
  void versionNamesTheVersionAndTheCommit() throws Exception {
    Run run = run(Map.of(), "--version");

    assertThat(run.exit()).isZero();
    assertThat(run.out().strip())
        .startsWith("hookline " + System.getProperty("hookline.version") + " (commit ")
        .doesNotContain("unknown");
  }

  @Test
  void theCliCreatesTheTopicsThroughTheSameLauncher() throws Exception {
    Run run = run(Map.of("HOOKLINE_TOPIC_PREFIX", "dist-cli."), "topics", "create");

    assertThat(run.exit()).as(run.out()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ingest", "dispatcher", "retry", "devstack"})
  void eachServiceStartsReachesReadyAndStopsCleanlyOnSigterm(String verb) throws Exception {
    // The devstack serves the API on its port, the dispatcher's and retry-service's ops on the next
    // two and the ingest's status peer listener on the third; its broker's port must be none.
    int port = verb.equals("devstack") ? FreePorts.run(4) : FreePorts.one();
    Map<String, String> env = new HashMap<>();
    env.put("HOOKLINE_HTTP_PORT", String.valueOf(port));
    env.put("HOOKLINE_TOPIC_PREFIX", "dist-" + verb + ".");
    env.put("HOOKLINE_RETRY_INSTANCE_ID", "dist-retry-0");
    env.put("HOOKLINE_MAX_RAM_PERCENTAGE", "10");
    if (verb.equals("ingest")) {
      env.put("HOOKLINE_STATUS_PEER_PORT", "0");
    }
    if (verb.equals("devstack")) {
      // Its own embedded broker and receiver, on free ports.
      env.put("HOOKLINE_KAFKA_BOOTSTRAP", "");
      env.put("HOOKLINE_DEVSTACK_KAFKA_PORT", String.valueOf(FreePorts.outside(port, 4)));
      env.put("HOOKLINE_DEVSTACK_RECEIVER_PORT", "0");
    }
    Path log = tmp.resolve(verb + ".log");
    Process p = launcher(env, log, verb).start();
    try {
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(200))
          .failFast(() -> exited(p, log))
          .until(() -> status("http://127.0.0.1:" + port + "/readyz") == 200);

      p.destroy(); // SIGTERM
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s").isTrue();
      assertThat(p.exitValue()).as(() -> "exit status; " + tail(log)).isZero();
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void theDemoReceiverAnswersAndPrintsWhatItGetsAndStopsCleanlyOnSigterm() throws Exception {
    int port = FreePorts.one();
    Path log = tmp.resolve("demo-receiver.log");
    Process p =
        launcher(
                Map.of("HOOKLINE_DEVSTACK_RECEIVER_PORT", String.valueOf(port)),
                log,
                "demo-receiver")
            .start();
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .failFast(() -> exited(p, log))
          .until(() -> status("http://127.0.0.1:" + port + "/fail") == 503);
      assertThat(status("http://127.0.0.1:" + port + "/ok")).isEqualTo(200);

      p.destroy();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isZero();
      assertThat(Files.readString(log)).contains("[demo-receiver] GET /ok -> 200");
    } finally {
      p.destroyForcibly();
    }
  }

  private record Run(int exit, String out) {}

  private static Run run(Map<String, String> env, String... args) throws Exception {
    Path log = Files.createTempFile(tmp, "cli", ".log");
    Process p = launcher(env, log, args).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), Files.readString(log));
  }

  /** {@code bin/hookline <args>}, run from a folder that is not the distribution's. */
  private static ProcessBuilder launcher(Map<String, String> env, Path log, String... args) {
    List<String> command = new java.util.ArrayList<>();
    command.add(home.resolve("bin/hookline").toString());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(elsewhere.toFile());
    Map<String, String> vars = pb.environment();
    vars.keySet().removeIf(k -> k.startsWith("HOOKLINE_") || k.startsWith("MAVEN"));
    vars.put("JAVA_HOME", System.getProperty("java.home"));
    vars.put("HOOKLINE_KAFKA_BOOTSTRAP", kafka.bootstrapServers());
    vars.put("HOOKLINE_HTTP_HOST", "127.0.0.1");
    vars.put("HOOKLINE_API_TOKEN", TOKEN);
    vars.put("HOOKLINE_MASTER_KEY", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
    vars.putAll(env);
    if ("".equals(vars.get("HOOKLINE_KAFKA_BOOTSTRAP"))) {
      vars.remove("HOOKLINE_KAFKA_BOOTSTRAP");
    }
    return pb.redirectErrorStream(true).redirectOutput(log.toFile());
  }

  private static int status(String url) {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  /**
   * Fails the wait when the process has exited, with the end of its log in the message: CI keeps
   * the report, not the temporary folder.
   */
  private static void exited(Process p, Path log) {
    assertThat(p.isAlive())
        .as(() -> "the process exited (" + p.exitValue() + "); " + tail(log))
        .isTrue();
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return "the end of its log:\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "its log is unreadable: " + e;
    }
  }
}
