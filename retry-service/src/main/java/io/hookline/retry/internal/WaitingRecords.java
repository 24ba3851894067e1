package io.hookline.retry.internal;

import io.hookline.schemas.RetryTier;
import io.hookline.schemas.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples the records waiting per tier on this instance: over the tier partitions assigned to it,
 * the end offset (as {@code read_committed} readers see it) minus the group's committed offset,
 * which is the next record to forward. Published on {@code hookline.retry.waiting{tier}}.
 *
 * <p>Why an admin client on a thread of its own rather than the consumer's lag: the consumer learns
 * a partition's end offset only from fetches, and it fetches nothing for a paused partition, which
 * is exactly where records wait (up to the tier's delay); its {@code currentLag} is also a
 * round-trip to the consumer's network thread. Here the poll thread is never involved beyond
 * publishing its assignment.
 */
public final class WaitingRecords implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WaitingRecords.class);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

  private final Admin admin;
  private final String groupId;
  private final Map<String, RetryTier> tierByTopic = new HashMap<>();
  private final RetryMetrics metrics;
  private final Supplier<Set<TopicPartition>> assignment;
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("retry-waiting").daemon().factory());

  /**
   * @param assignment the tier partitions this instance holds now; called from the sampling thread
   */
  public WaitingRecords(
      Admin admin,
      String groupId,
      Topics topics,
      RetryMetrics metrics,
      Supplier<Set<TopicPartition>> assignment) {
    this.admin = admin;
    this.groupId = groupId;
    this.metrics = metrics;
    this.assignment = assignment;
    topics.tiers().tiers().forEach(t -> tierByTopic.put(topics.retry(t), t));
  }

  /** Samples every {@code interval} on the sampling thread, starting now. Returns at once. */
  public void start(Duration interval) {
    executor.scheduleWithFixedDelay(
        this::sampleQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Takes one sample and publishes it. Blocks up to a few admin calls' timeouts. */
  void sample() throws InterruptedException, ExecutionException, TimeoutException {
    Set<TopicPartition> partitions = new HashSet<>(assignment.get());
    partitions.removeIf(tp -> !tierByTopic.containsKey(tp.topic()));
    Map<String, Long> perTopic = new HashMap<>();
    if (!partitions.isEmpty()) {
      Map<TopicPartition, Long> end = offsets(partitions, OffsetSpec.latest());
      Map<TopicPartition, OffsetAndMetadata> committed =
          get(
              admin
                  .listConsumerGroupOffsets(
                      Map.of(
                          groupId, new ListConsumerGroupOffsetsSpec().topicPartitions(partitions)))
                  .partitionsToOffsetAndMetadata(groupId));
      Set<TopicPartition> neverCommitted = new HashSet<>(partitions);
      neverCommitted.removeIf(tp -> committed.get(tp) != null);
      // The group reads a partition it never committed on from its start (auto.offset.reset).
      Map<TopicPartition, Long> start =
          neverCommitted.isEmpty() ? Map.of() : offsets(neverCommitted, OffsetSpec.earliest());
      for (TopicPartition tp : partitions) {
        OffsetAndMetadata c = committed.get(tp);
        long from = c != null ? c.offset() : start.getOrDefault(tp, 0L);
        long waiting = Math.max(0, end.getOrDefault(tp, from) - from);
        perTopic.merge(tp.topic(), waiting, Long::sum);
      }
    }
    tierByTopic.forEach((topic, tier) -> metrics.waiting(tier, perTopic.getOrDefault(topic, 0L)));
  }

  private void sampleQuietly() {
    try {
      sample();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      // The gauge keeps its last value; the next sample tries again.
      log.debug("could not sample the records waiting per tier: {}", e.toString());
    }
  }

  private Map<TopicPartition, Long> offsets(Set<TopicPartition> partitions, OffsetSpec spec)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    partitions.forEach(tp -> request.put(tp, spec));
    Map<TopicPartition, Long> out = new HashMap<>();
    get(admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all())
        .forEach((tp, info) -> out.put(tp, info.offset()));
    return out;
  }

  private static <T> T get(KafkaFuture<T> future)
      throws InterruptedException, ExecutionException, TimeoutException {
    return future.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Stops sampling and closes the admin client; waits up to a few seconds. Idempotent. */
  @Override
  public void close() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    admin.close(Duration.ofSeconds(2));
  }
}
