package io.hookline.retry;

import static io.hookline.retry.RetryFixture.metric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Partitions paused on one retry-service instance move to others and back while their records wait
 * in a 20 s tier: none stays paused, and every record is forwarded once, on time.
 */
@WithKafka
class RetryRebalanceIT {
  private static final long DELAY_MS = 20_000;
  private static final long LATE_TOLERANCE_MS = 3_000;
  private static final int RECORDS = 30;
  private static final Duration REBALANCE = Duration.ofSeconds(15);

  private static KafkaCluster kafka;
  private static KafkaProducer<byte[], byte[]> producer;
  private RetryFixture fleet;

  @BeforeAll
  static void connect(KafkaCluster cluster) {
    kafka = cluster;
    producer = new KafkaProducer<>(cluster.producerProps());
  }

  @AfterAll
  static void disconnect() {
    producer.close();
  }

  @AfterEach
  void stopFleet() {
    fleet.closeAll();
  }

  @Test
  void pausedPartitionsThatMoveToAnotherInstanceAreForwardedThereOnceAndOnTime() throws Exception {
    fleet = new RetryFixture(kafka, kafka.prefixed("move."), "20s");
    // A alone holds the tier's three partitions; thirty records enter the tier and A pauses all
    // three partitions, counting the records as waiting.
    RetryService a = fleet.start("a");
    await().atMost(REBALANCE).until(() -> fleet.held("a") == 3);
    Map<String, Long> dueMs = sendToTheTier();
    await().atMost(Duration.ofSeconds(10)).until(() -> pausedOn(a) == 3);
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> metric(a, "hookline_retry_waiting_records", "tier=\"20s\"") == RECORDS);

    // B joins: the group moves one paused partition to it, and B pauses it in turn. Then A stops,
    // promptly, and B takes the other two. All of this happens before the first record is due.
    RetryService b = fleet.start("b");
    await().atMost(REBALANCE).until(() -> fleet.held("b") == 1 && pausedOn(b) == 1);
    assertThat(timeToClose(a)).isLessThan(Duration.ofSeconds(5));
    await().atMost(REBALANCE).until(() -> fleet.held("b") == 3);
    assertThat(Instant.now().toEpochMilli()).isLessThan(firstDue(dueMs));
    await().atMost(Duration.ofSeconds(10)).until(() -> pausedOn(b) == 3);

    assertForwardedOnceAndOnTime(dueMs);
    assertThat(pausedOn(b)).isZero();
  }

  @Test
  void scalingFromOneToThreeInstancesAndBackWhilePartitionsArePausedLosesAndDelaysNothing()
      throws Exception {
    fleet = new RetryFixture(kafka, kafka.prefixed("scale."), "20s");
    // A alone pauses the tier's three partitions.
    RetryService a = fleet.start("a");
    await().atMost(REBALANCE).until(() -> fleet.held("a") == 3);
    Map<String, Long> dueMs = sendToTheTier();
    await().atMost(Duration.ofSeconds(10)).until(() -> pausedOn(a) == 3);

    // B and C join: each instance ends with one partition, so two paused partitions leave A and
    // are paused again by their new owners.
    RetryService b = fleet.start("b");
    RetryService c = fleet.start("c");
    await()
        .atMost(REBALANCE)
        .until(
            () ->
                fleet.held("a") == 1
                    && fleet.held("b") == 1
                    && fleet.held("c") == 1
                    && pausedOn(b) == 1
                    && pausedOn(c) == 1);

    // B and C stop: their partitions come back to A, which had them paused before.
    b.close();
    c.close();
    await().atMost(REBALANCE).until(() -> fleet.held("a") == 3);
    assertThat(Instant.now().toEpochMilli()).isLessThan(firstDue(dueMs));
    await().atMost(Duration.ofSeconds(10)).until(() -> pausedOn(a) == 3);

    assertForwardedOnceAndOnTime(dueMs);
    assertThat(pausedOn(a)).isZero();
  }

  /** Ten records on each partition of the tier; returns when each is due, by delivery id. */
  private Map<String, Long> sendToTheTier() throws Exception {
    Map<String, Long> dueMs = new HashMap<>();
    for (int i = 0; i < RECORDS; i++) {
      String id = "dlv_" + i;
      byte[] value = Json.write(RetryFixture.delivery(id, Instant.now()));
      ProducerRecord<byte[], byte[]> record =
          new ProducerRecord<>(fleet.topic("retry-20s"), i % 3, bytes("ep_" + i % 3), value);
      dueMs.put(id, producer.send(record).get().timestamp() + DELAY_MS);
    }
    return dueMs;
  }

  private void assertForwardedOnceAndOnTime(Map<String, Long> dueMs) throws Exception {
    kafka.readUntil(
        fleet.topic("deliveries"),
        rs -> rs.size() >= RECORDS,
        Duration.ofMillis(DELAY_MS + 15_000));
    await().atMost(REBALANCE).until(() -> fleet.committedToEnd("retry-20s"));
    var byId = RetryFixture.byDeliveryId(kafka.readAll(fleet.topic("deliveries"), REBALANCE));
    assertThat(byId.keySet()).isEqualTo(dueMs.keySet());
    List<String> offTime = new ArrayList<>();
    byId.forEach(
        (id, copies) -> {
          assertThat(copies).as("copies of " + id).hasSize(1);
          long lateMs = copies.get(0).timestamp() - dueMs.get(id);
          if (lateMs < 0 || lateMs > LATE_TOLERANCE_MS) {
            offTime.add(id + " forwarded " + lateMs + " ms after due");
          }
        });
    assertThat(offTime).isEmpty();
  }

  private static long firstDue(Map<String, Long> dueMs) {
    return dueMs.values().stream().mapToLong(Long::longValue).min().orElseThrow();
  }

  private static double pausedOn(RetryService service) throws Exception {
    return metric(service, "hookline_retry_paused_partitions");
  }

  private static Duration timeToClose(RetryService service) {
    long start = System.nanoTime();
    service.close();
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
