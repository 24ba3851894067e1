package io.hookline.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookline.testkit.FreePorts;
import io.hookline.testkit.ReceiverRoute;
import io.hookline.testkit.TestReceiver;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The devstack keeps its data: killed with SIGKILL while deliveries wait in a retry tier, and
 * started again on the same data folder, it delivers every one of them; the endpoint (sealed with
 * the master key the first start made and kept) still signs. Nothing acknowledged is lost.
 */
class DevstackRestartIT {
  private static final int EVENTS = 20;

  @TempDir Path tmp;

  @Test
  void aDevstackKilledWithDeliveriesInATierDeliversThemAllOnceStartedAgainOnItsData()
      throws Exception {
    Path data = tmp.resolve("data");
    // The devstack serves the API on its port, the dispatcher's and retry-service's ops on the next
    // two and the ingest's status peer listener on the third: all four must be free, and the
    // broker's port none of them.
    int api = FreePorts.run(4);
    int kafka = FreePorts.outside(api, 4);
    Map<String, String> env = new HashMap<>();
    env.put(Devstack.DATA_DIR, data.toString());
    env.put("HOOKLINE_HTTP_PORT", String.valueOf(api));
    env.put("HOOKLINE_DEVSTACK_KAFKA_PORT", String.valueOf(kafka));
    env.put("HOOKLINE_DEVSTACK_RECEIVER_PORT", "0");
    env.put("HOOKLINE_RETRY_TIERS", "5s,10s,20s");
    try (TestReceiver receiver = TestReceiver.start()) {
      ReceiverRoute route = receiver.onPath("/restart").respondWith(503);
      Process first = start(env, "first");
      String token;
      try {
        awaitReady(api, first);
        token = kept(data).getProperty("apiToken");
        post(
            api,
            token,
            "/v1/endpoints",
            "{\"tenant\":\"acme\",\"url\":\"" + route.url() + "\"}",
            201);
        for (int i = 0; i < EVENTS; i++) {
          post(
              api,
              token,
              "/v1/events",
              "{\"id\":\"evt_restart_"
                  + i
                  + "\",\"tenant\":\"acme\",\"type\":\"order.created\","
                  + "\"data\":{\"i\":"
                  + i
                  + "}}",
              202);
        }
        // Every first attempt failed: all of them wait in the 5 s tier.
        await().atMost(Duration.ofSeconds(60)).until(() -> distinct(route).size() == EVENTS);
      } finally {
        first.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL
      }
      route.respondWith(200);
      int before = route.count();

      Process second = start(env, "second");
      try {
        awaitReady(api, second);
        await()
            .atMost(Duration.ofMinutes(3))
            .until(
                () ->
                    route.requests().stream()
                            .skip(before)
                            .map(r -> r.header("webhook-id"))
                            .collect(Collectors.toSet())
                            .size()
                        == EVENTS);
        assertThat(kept(data).getProperty("apiToken")).isEqualTo(token);
      } finally {
        second.destroy();
        second.waitFor(60, TimeUnit.SECONDS);
        second.destroyForcibly();
      }
    }
  }

  private static Set<String> distinct(ReceiverRoute route) {
    return route.requests().stream().map(r -> r.header("webhook-id")).collect(Collectors.toSet());
  }

  private static Properties kept(Path data) throws IOException {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(data.resolve("secrets.properties"))) {
      p.load(in);
    }
    return p;
  }

  /** The devstack in a JVM of its own, as {@code bin/devstack} starts it. */
  private Process start(Map<String, String> env, String name) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb =
        new ProcessBuilder(
            java,
            "--enable-native-access=ALL-UNNAMED",
            "-cp",
            System.getProperty("java.class.path"),
            "-Xmx1g",
            Devstack.class.getName());
    pb.environment().keySet().removeIf(k -> k.startsWith("HOOKLINE_"));
    pb.environment().putAll(env);
    Path log =
        Files.createDirectories(Path.of("target", "processes"))
            .resolve("devstack-" + name + ".log");
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    Process p = pb.start();
    Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
    return p;
  }

  private static void awaitReady(int api, Process p) {
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(250))
        .failFast("the devstack exited", () -> !p.isAlive())
        .until(
            () ->
                status(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api + "/readyz"))
                            .build())
                    == 200);
  }

  private static void post(int api, String token, String path, String body, int expected)
      throws Exception {
    HttpRequest r =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api + path))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    assertThat(status(r)).as("POST " + path).isEqualTo(expected);
  }

  private static int status(HttpRequest r) {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }
}
