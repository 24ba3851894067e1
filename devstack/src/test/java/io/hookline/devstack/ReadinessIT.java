package io.hookline.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookline.embedded.BrokerProcess;
import io.hookline.schemas.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readiness says whether a service can do its work: with the broker stopped, the ingest-service
 * cannot take events and the dispatcher and retry-service cannot move deliveries, so {@code
 * /readyz} of each answers 503 (while {@code /healthz}, liveness, stays 200); with the broker back
 * on the same data, each is ready again, with no manual step. The broker runs in a process of its
 * own, so that it can be stopped.
 */
class ReadinessIT {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir Path dir;

  @Test
  void everyServiceIsNotReadyWhileTheBrokerIsDownAndReadyAgainOnceItIsBack() throws Exception {
    try (BrokerProcess broker = BrokerProcess.start(dir.resolve("broker"));
        TestPipeline pipeline =
            TestPipeline.start(
                broker.bootstrapServers(),
                "ready.",
                Map.of("HOOKLINE_READINESS_KAFKA_DOWN_AFTER_MS", "3000"))) {
      List<Integer> ports =
          List.of(pipeline.ingest.port(), pipeline.dispatcher.port(), pipeline.retry.port());
      await().atMost(Duration.ofSeconds(60)).until(() -> allAnswer(ports, "/readyz", 200));
      // Every background loop is supervised, and shown while it is up.
      assertThat(readyz(pipeline.ingest.port()).get("checks").get("endpoint-directory").asBoolean())
          .isTrue();
      assertThat(readyz(pipeline.ingest.port()).get("observed").get("health-monitor").asBoolean())
          .isTrue();
      assertThat(readyz(pipeline.dispatcher.port()).get("checks").get("poll-loop").asBoolean())
          .isTrue();
      assertThat(readyz(pipeline.retry.port()).get("checks").get("poll-loop").asBoolean()).isTrue();
      assertThat(metrics(pipeline.dispatcher.port()))
          .contains("hookline_loop_up{loop=\"dispatcher-poll\"")
          .contains("hookline_loop_restarts_total{loop=\"endpoint-directory\"");

      broker.stop(false);
      await().atMost(Duration.ofSeconds(30)).until(() -> allAnswer(ports, "/readyz", 503));
      for (int port : ports) {
        assertThat(readyz(port).get("checks").get("kafka").asBoolean()).isFalse();
      }
      assertThat(allAnswer(ports, "/healthz", 200)).isTrue();

      broker.restart();
      await().atMost(Duration.ofSeconds(90)).until(() -> allAnswer(ports, "/readyz", 200));
      assertThat(
              pipeline
                  .api()
                  .post("/v1/events", "{\"tenant\":\"back\",\"type\":\"a.b\",\"data\":{}}")
                  .status())
          .isEqualTo(202);
    }
  }

  private static boolean allAnswer(List<Integer> ports, String path, int status) {
    return ports.stream().allMatch(port -> statusOf(port, path) == status);
  }

  private static int statusOf(int port, String path) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  private static String metrics(int port) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static JsonNode readyz(int port) throws Exception {
    String body =
        HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    return Json.mapper().readTree(body);
  }
}
