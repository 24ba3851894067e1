package io.hookline.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookline.schemas.Json;
import io.hookline.testkit.KafkaCluster;
import io.hookline.testkit.WithKafka;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A retry-service in a JVM of its own is killed with SIGKILL while deliveries stream through its
 * tier, then replaced: every delivery is forwarded exactly once, and none before it is due.
 */
@WithKafka
class RetryCrashIT {
  private static final int DELIVERIES = 2_000;
  private static final int PER_TICK = 10;
  private static final long DELAY_MS = 1_000;
  private static final String INSTANCE = "crash";

  private Process child;
  private ScheduledExecutorService load;
  private RetryFixture fleet;

  @AfterEach
  void cleanUp() {
    if (child != null) {
      child.destroyForcibly();
    }
    if (load != null) {
      load.shutdownNow();
    }
    if (fleet != null) {
      fleet.closeAll();
    }
  }

  @Test
  void aRetryServiceKilledMidLoadAndReplacedForwardsEveryDeliveryExactlyOnce(KafkaCluster kafka)
      throws Exception {
    fleet = new RetryFixture(kafka, kafka.topicPrefix(), "1s");

    // 1. The retry-service runs in a JVM of its own and takes the tier's three partitions.
    Path childLog = Path.of("target", "retry-crash-child.log");
    child = startChild(fleet.env, childLog);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              if (!child.isAlive()) {
                throw new AssertionError(
                    "the child exited with " + child.exitValue() + "; see " + childLog);
              }
              return fleet.held(INSTANCE) == 3;
            });

    // 2. 2,000 deliveries enter the 1 s tier over about four seconds; the broker stamps each.
    Map<String, Long> dueMs = new ConcurrentHashMap<>();
    CountDownLatch acked = new CountDownLatch(DELIVERIES);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producerProps())) {
      AtomicInteger next = new AtomicInteger();
      load = Executors.newSingleThreadScheduledExecutor();
      load.scheduleAtFixedRate(
          () -> sendTick(producer, next, dueMs, acked), 0, 20, TimeUnit.MILLISECONDS);

      // 3. Once it has forwarded a few hundred, the child is killed mid-load, with no warning.
      kafka.readUntil(fleet.topic("deliveries"), rs -> rs.size() >= 300, Duration.ofSeconds(30));
      child.destroyForcibly();
      assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
      int beforeKill = kafka.readAll(fleet.topic("deliveries"), Duration.ofSeconds(10)).size();
      assertThat(beforeKill).isBetween(300, DELIVERIES - 1);

      // 4. Its group membership is released, as the broker would after the 45 s session timeout,
      // and a replacement starts under the same instance id: its transactional id aborts whatever
      // transaction the killed child left open.
      kafka
          .admin()
          .removeMembersFromConsumerGroup(
              fleet.groupId(), new RemoveMembersFromConsumerGroupOptions())
          .all()
          .get(10, TimeUnit.SECONDS);
      fleet.start(INSTANCE);
      assertThat(acked.await(30, TimeUnit.SECONDS)).isTrue();
    }

    // 5. Once the tier is forwarded and committed to its end, each delivery is there exactly once.
    await().atMost(Duration.ofSeconds(30)).until(() -> fleet.committedToEnd("retry-1s"));
    var byId =
        RetryFixture.byDeliveryId(kafka.readAll(fleet.topic("deliveries"), Duration.ofSeconds(30)));
    assertThat(byId.keySet()).isEqualTo(dueMs.keySet()).hasSize(DELIVERIES);
    List<String> wrong = new ArrayList<>();
    byId.forEach(
        (id, copies) -> {
          if (copies.size() != 1) {
            wrong.add(id + " forwarded " + copies.size() + " times");
          } else if (copies.get(0).timestamp() < dueMs.get(id)) {
            wrong.add(
                id + " forwarded " + (dueMs.get(id) - copies.get(0).timestamp()) + " ms early");
          }
        });
    assertThat(wrong).isEmpty();
  }

  private void sendTick(
      KafkaProducer<byte[], byte[]> producer,
      AtomicInteger next,
      Map<String, Long> dueMs,
      CountDownLatch acked) {
    for (int n = 0; n < PER_TICK; n++) {
      int i = next.getAndIncrement();
      if (i >= DELIVERIES) {
        return;
      }
      String id = "dlv_" + i;
      byte[] value = Json.write(RetryFixture.delivery(id, Instant.now()));
      byte[] key = ("ep_" + i % 30).getBytes(StandardCharsets.UTF_8);
      producer.send(
          new ProducerRecord<>(fleet.topic("retry-1s"), i % 3, key, value),
          (metadata, error) -> {
            if (error == null) {
              dueMs.put(id, metadata.timestamp() + DELAY_MS);
              acked.countDown();
            }
          });
    }
  }

  /** {@code java -cp <this test's class path> io.hookline.retry.RetryService} with {@code env}. */
  private static Process startChild(Map<String, String> env, Path log) throws Exception {
    Files.createDirectories(log.getParent());
    String java = ProcessHandle.current().info().command().orElseThrow();
    ProcessBuilder builder =
        new ProcessBuilder(
                java,
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                RetryService.class.getName())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("HOOKLINE_"));
    builder.environment().putAll(env);
    builder.environment().put(RetryConfig.INSTANCE_ID, INSTANCE);
    builder.directory(new File("."));
    return builder.start();
  }
}
