package io.hookline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.hookline.core.kafka.SkippedRecords;
import io.hookline.testkit.KafkaCluster;
import io.hookline.testkit.WithKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Every record the ingest-service's consumers cannot read and skip (the status view on attempts and
 * the DLQ, the health monitor on attempts, the endpoint directory on endpoints) is counted in
 * {@code hookline_records_skipped_total} and logged with its coordinates.
 */
@WithKafka
class SkippedRecordsIT {
  private static final ListAppender<ILoggingEvent> LOGGED = new ListAppender<>();
  private static final Logger LOGGER = (Logger) LoggerFactory.getLogger(SkippedRecords.class);
  private static KafkaCluster kafka;
  private static ApiFixture api;

  @BeforeAll
  static void start(KafkaCluster cluster) throws Exception {
    kafka = cluster;
    LOGGED.start();
    LOGGER.addAppender(LOGGED);
    LOGGER.setLevel(Level.DEBUG); // lines past the rate limit go out at DEBUG
    api = new ApiFixture(cluster, Map.of());
  }

  @AfterAll
  static void stop() {
    api.close();
    LOGGER.detachAppender(LOGGED);
    LOGGER.setLevel(null);
  }

  @Test
  void unreadableAttemptsDeadLettersAndEndpointsAreCountedAndLoggedWithWhereTheyAre()
      throws Exception {
    RecordMetadata attempt;
    RecordMetadata dead;
    RecordMetadata endpoint;
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producerProps())) {
      attempt = send(producer, "attempts", "ep_x", "{\"attempt\":");
      dead = send(producer, "dlq", "ep_x", "{\"reason\":\"exploded\"}");
      endpoint = send(producer, "endpoints", "ep_y", "[1,2]");
    }

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              String metrics = metrics();
              assertThat(skipped(metrics, "status-view", "attempts")).isEqualTo(1);
              assertThat(skipped(metrics, "status-view", "dlq")).isEqualTo(1);
              assertThat(skipped(metrics, "health-monitor", "attempts")).isEqualTo(1);
              assertThat(skipped(metrics, "endpoint-directory", "endpoints")).isEqualTo(1);
              // Each is logged where it is; a consumer warns at most once a period, then at DEBUG.
              assertThat(lines(Level.DEBUG)).anyMatch(w -> w.contains(where(attempt)));
              assertThat(lines(Level.DEBUG)).anyMatch(w -> w.contains(where(dead)));
              assertThat(lines(Level.DEBUG)).anyMatch(w -> w.contains(where(endpoint)));
            });
    assertThat(lines(Level.WARN)).filteredOn(w -> w.startsWith("status-view ")).hasSize(1);
  }

  private static String metrics() throws Exception {
    return java.net.http.HttpClient.newHttpClient()
        .send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(api.base + "/metrics"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static java.util.List<String> lines(Level atLeast) {
    synchronized (LOGGED) {
      return LOGGED.list.stream()
          .filter(e -> e.getLevel().isGreaterOrEqual(atLeast))
          .map(ILoggingEvent::getFormattedMessage)
          .toList();
    }
  }

  private static String where(RecordMetadata m) {
    return m.topic() + "-" + m.partition() + "@" + m.offset();
  }

  private static double skipped(String metrics, String consumer, String topic) {
    Pattern line =
        Pattern.compile("hookline_records_skipped_total\\{([^}]*)} ([0-9.E]+)", Pattern.MULTILINE);
    Matcher m = line.matcher(metrics);
    while (m.find()) {
      if (m.group(1).contains("consumer=\"" + consumer + "\"")
          && m.group(1).contains("topic=\"" + kafka.topicPrefix() + topic + "\"")) {
        return Double.parseDouble(m.group(2));
      }
    }
    return 0;
  }

  private static RecordMetadata send(
      KafkaProducer<byte[], byte[]> producer, String topic, String key, String value)
      throws Exception {
    return producer
        .send(
            new ProducerRecord<>(
                kafka.topicPrefix() + topic,
                key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8)))
        .get();
  }
}
