package io.hookline.retry;

import static io.hookline.retry.RetryFixture.metric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookline.core.config.Env;
import io.hookline.schemas.DeadLetter;
import io.hookline.schemas.DeadLetterReason;
import io.hookline.schemas.Delivery;
import io.hookline.schemas.Json;
import io.hookline.testkit.KafkaCluster;
import io.hookline.testkit.WithKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The retry-service on a real broker, with tiers of 1 s and 2 s and the default maximum age. */
@WithKafka
class RetryServiceIT {
  private static KafkaCluster kafka;
  private static RetryService retry;
  private static KafkaProducer<byte[], byte[]> producer;

  @BeforeAll
  static void start(KafkaCluster cluster) throws Exception {
    kafka = cluster;
    retry =
        RetryService.start(
            RetryConfig.fromEnv(
                Env.of(
                    Map.of(
                        "HOOKLINE_KAFKA_BOOTSTRAP", cluster.bootstrapServers(),
                        "HOOKLINE_TOPIC_PREFIX", cluster.topicPrefix(),
                        "HOOKLINE_TOPIC_PARTITIONS", "3",
                        "HOOKLINE_RETRY_TIERS", "1s,2s",
                        "HOOKLINE_HTTP_HOST", "127.0.0.1",
                        "HOOKLINE_HTTP_PORT", "0"))));
    producer = new KafkaProducer<>(cluster.producerProps());
  }

  @AfterAll
  static void stop() {
    producer.close();
    retry.close();
  }

  @Test
  void forwardsEachRecordOnceAndNeverBeforeItsTierDelayHasPassed() throws Exception {
    // 30 deliveries into each tier, across partitions; the broker stamps when each entered.
    Map<String, Long> enteredAtMs = new HashMap<>();
    Map<String, Long> delayMs = new HashMap<>();
    for (String tier : List.of("1s", "2s")) {
      for (int i = 0; i < 30; i++) {
        String id = "dlv_" + tier + "_" + i;
        RecordMetadata m = send("retry-" + tier, "ep_" + (i % 7), Json.write(delivery(id)));
        enteredAtMs.put(id, m.timestamp());
        delayMs.put(id, tier.equals("1s") ? 1000L : 2000L);
      }
    }

    List<ConsumerRecord<byte[], byte[]>> forwarded =
        kafka.readUntil(
            kafka.topicPrefix() + "deliveries", rs -> rs.size() >= 60, Duration.ofSeconds(30));

    Map<String, List<ConsumerRecord<byte[], byte[]>>> byId =
        forwarded.stream()
            .collect(Collectors.groupingBy(r -> Json.read(r.value(), Delivery.class).id()));
    assertThat(byId).hasSize(60).allSatisfy((id, copies) -> assertThat(copies).hasSize(1));
    List<String> early = new ArrayList<>();
    byId.forEach(
        (id, copies) -> {
          long forwardedAt = copies.get(0).timestamp();
          if (forwardedAt < enteredAtMs.get(id) + delayMs.get(id)) {
            early.add(
                id
                    + " forwarded "
                    + (enteredAtMs.get(id) + delayMs.get(id) - forwardedAt)
                    + " ms early");
          }
        });
    assertThat(early).isEmpty();
    assertThat(forwarded)
        .allSatisfy(r -> assertThat(new String(r.key(), StandardCharsets.UTF_8)).startsWith("ep_"));
  }

  @Test
  void aPoisonRecordOnATierGoesToTheDlqWithItsBytes() throws Exception {
    byte[] poison = "not a delivery".getBytes(StandardCharsets.UTF_8);
    RecordMetadata m = send("retry-1s", "ep_poison", poison);

    DeadLetter dead =
        kafka
            .readUntil(
                kafka.topicPrefix() + "dlq",
                rs -> rs.stream().anyMatch(r -> keyOf(r).equals("ep_poison")),
                Duration.ofSeconds(30))
            .stream()
            .filter(r -> keyOf(r).equals("ep_poison"))
            .map(r -> Json.read(r.value(), DeadLetter.class))
            .findFirst()
            .orElseThrow();
    assertThat(dead.reason()).isEqualTo(DeadLetterReason.POISON);
    assertThat(dead.originalBytesDecoded()).isEqualTo(poison);
    assertThat(dead.source().offset()).isEqualTo(m.offset());
    assertThat(dead.source().topic()).isEqualTo(kafka.topicPrefix() + "retry-1s");
    assertThat(dead.source().partition()).isEqualTo(m.partition());
  }

  @Test
  void aDeliveryOlderThanTheMaximumAgeGoesToTheDlqAsExpiredInsteadOfBeingForwarded()
      throws Exception {
    // Created 25 h ago, failed once with a 503: past the default maximum age of 24 h.
    Delivery old = RetryFixture.delivery("dlv_expired", Instant.now().minus(Duration.ofHours(25)));
    RecordMetadata m = send("retry-1s", "ep_expired", Json.write(old));

    DeadLetter dead =
        kafka
            .readUntil(
                kafka.topicPrefix() + "dlq",
                rs -> rs.stream().anyMatch(r -> keyOf(r).equals("ep_expired")),
                Duration.ofSeconds(30))
            .stream()
            .filter(r -> keyOf(r).equals("ep_expired"))
            .map(r -> Json.read(r.value(), DeadLetter.class))
            .findFirst()
            .orElseThrow();
    assertThat(dead.reason()).isEqualTo(DeadLetterReason.EXPIRED);
    assertThat(dead.delivery()).isEqualTo(old);
    assertThat(dead.lastStatus()).isEqualTo(503);
    assertThat(dead.lastError()).isEqualTo("HTTP 503");
    assertThat(dead.attempts()).isEqualTo(1);
    assertThat(dead.deadAt().toEpochMilli()).isGreaterThanOrEqualTo(m.timestamp() + 1000);
    // The dead letter and a forward would commit in one transaction: had it been forwarded, the
    // forward would be readable by now.
    assertThat(kafka.readAll(kafka.topicPrefix() + "deliveries", Duration.ofSeconds(10)))
        .noneMatch(r -> Json.read(r.value(), Delivery.class).id().equals("dlv_expired"));
  }

  @Test
  void publishesWaitingForwardedLatenessAndDeadLettersPerTierAndReasonOnMetrics() throws Exception {
    // An instance of its own, on topics of its own, so that the counts are exact.
    RetryFixture fixture = new RetryFixture(kafka, kafka.prefixed("metrics."), "1s,2s");
    try {
      RetryService service = fixture.start("metrics");
      String tier = fixture.topic("retry-1s");
      Instant now = Instant.now();
      producer.send(record(tier, "ep_m", Json.write(RetryFixture.delivery("dlv_m1", now)))).get();
      producer
          .send(
              record(
                  tier,
                  "ep_m",
                  Json.write(RetryFixture.delivery("dlv_m2", now.minus(Duration.ofDays(2))))))
          .get();
      producer.send(record(tier, "ep_m", "{".getBytes(StandardCharsets.UTF_8))).get();

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                String page = RetryFixture.scrape(service);
                assertThat(metric(page, "hookline_retry_forwarded_total", "tier=\"1s\""))
                    .isEqualTo(1.0);
                assertThat(metric(page, "hookline_retry_forwarded_total", "tier=\"2s\"")).isZero();
                assertThat(metric(page, "hookline_retry_lateness_seconds_count", "tier=\"1s\""))
                    .isEqualTo(1.0);
                assertThat(
                        metric(
                            page,
                            "hookline_retry_lateness_seconds_bucket",
                            "tier=\"1s\"",
                            "le=\"+Inf\""))
                    .isEqualTo(1.0);
                assertThat(metric(page, "hookline_retry_dead_letters_total", "reason=\"poison\""))
                    .isEqualTo(1.0);
                assertThat(metric(page, "hookline_retry_dead_letters_total", "reason=\"expired\""))
                    .isEqualTo(1.0);
                assertThat(metric(page, "hookline_retry_waiting_records", "tier=\"1s\"")).isZero();
                assertThat(metric(page, "hookline_retry_waiting_records", "tier=\"2s\"")).isZero();
                assertThat(metric(page, "hookline_retry_paused_partitions")).isZero();
              });
    } finally {
      fixture.closeAll();
    }
  }

  private static RecordMetadata send(String topic, String key, byte[] value) throws Exception {
    return producer
        .send(
            new ProducerRecord<>(
                kafka.topicPrefix() + topic, key.getBytes(StandardCharsets.UTF_8), value))
        .get();
  }

  private static ProducerRecord<byte[], byte[]> record(String topic, String key, byte[] value) {
    return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value);
  }

  private static String keyOf(ConsumerRecord<byte[], byte[]> r) {
    return new String(r.key(), StandardCharsets.UTF_8);
  }

  private static Delivery delivery(String id) {
    return Delivery.fresh(
            id, "evt_" + id, "ep_x", "acme", "a.b", "{}", Instant.now(), Instant.now())
        .afterFailedAttempt(Instant.now(), 503, "HTTP 503");
  }
}
