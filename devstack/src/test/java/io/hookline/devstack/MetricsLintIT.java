package io.hookline.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testkit.KafkaCluster;
import io.hookline.testkit.WithKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each service's {@code /metrics}, after some traffic, passes a Prometheus lint for Hookline's own
 * metrics: {@code promtool check metrics} when it is installed ({@code .ci/run} installs it), and
 * always the same rules checked here.
 */
@WithKafka
class MetricsLintIT {
  private static TestPipeline pipeline;

  @BeforeAll
  static void start(KafkaCluster kafka) throws Exception {
    pipeline = TestPipeline.start(kafka, Map.of());
    // Traffic, so that meters created on first use (outcomes, skipped records…) exist.
    String endpoint =
        pipeline
            .api()
            .createEndpoint("lint", "http://127.0.0.1:9/nowhere")
            .body()
            .get("id")
            .asText();
    pipeline.api().post("/v1/events", "{\"tenant\":\"lint\",\"type\":\"a.b\",\"data\":{}}");
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(30))
        .until(
            () -> metrics(pipeline.dispatcher.port()).contains("hookline_dispatch_outcomes_total"));
    assertThat(endpoint).isNotBlank();
  }

  @AfterAll
  static void stop() {
    pipeline.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ingest", "dispatcher", "retry"})
  void hooklineMetricsHaveHelpTextBaseUnitsAndProperNames(String service) throws Exception {
    int port =
        switch (service) {
          case "ingest" -> pipeline.ingest.port();
          case "dispatcher" -> pipeline.dispatcher.port();
          default -> pipeline.retry.port();
        };
    String exposition = metrics(port);
    assertThat(exposition).contains("hookline_");

    assertThat(PrometheusLint.lint(exposition, "hookline_")).isEmpty();
    Optional<Path> promtool = PrometheusLint.findPromtool();
    if (promtool.isPresent()) {
      List<String> findings = PrometheusLint.promtool(promtool.get(), exposition, "hookline_");
      assertThat(findings).as("promtool check metrics").isEmpty();
    }
  }

  private static String metrics(int port) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
