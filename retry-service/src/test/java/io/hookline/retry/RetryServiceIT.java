package io.hookline.retry;

import static org.assertj.core.api.Assertions.assertThat;

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

/** The retry-service on a real broker, with tiers of 1 s and 2 s. */
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
            early.add(id + " forwarded " + (enteredAtMs.get(id) + delayMs.get(id) - forwardedAt) + " ms early");
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
        kafka.readUntil(
                kafka.topicPrefix() + "dlq",
                rs -> rs.stream().anyMatch(r -> new String(r.key(), StandardCharsets.UTF_8).equals("ep_poison")),
                Duration.ofSeconds(30))
            .stream()
            .map(r -> Json.read(r.value(), DeadLetter.class))
            .findFirst()
            .orElseThrow();
    assertThat(dead.reason()).isEqualTo(DeadLetterReason.POISON);
    assertThat(dead.originalBytesDecoded()).isEqualTo(poison);
    assertThat(dead.source().offset()).isEqualTo(m.offset());
    assertThat(dead.source().topic()).isEqualTo(kafka.topicPrefix() + "retry-1s");
  }

  private static RecordMetadata send(String topic, String key, byte[] value) throws Exception {
    return producer
        .send(new ProducerRecord<>(kafka.topicPrefix() + topic, key.getBytes(StandardCharsets.UTF_8), value))
        .get();
  }

  private static Delivery delivery(String id) {
    return Delivery.fresh(id, "evt_" + id, "ep_x", "acme", "a.b", "{}", Instant.now())
        .afterFailedAttempt(Instant.now(), 503, "HTTP 503");
  }
}
