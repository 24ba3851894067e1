package io.hookline.retry.internal;

import io.hookline.core.kafka.ConsumerRun;
import io.hookline.schemas.RetryTier;
import io.hookline.schemas.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retry-service's poll loop. Reads every tier topic; a record is due at its log-append time
 * plus its tier's delay. Due records go on in one transaction with the consumed offsets (see {@link
 * DueForwarder}), so a crash neither loses nor doubles a hop. When a partition's head is not yet
 * due, the partition is rewound to it and paused until then; the loop never sleeps and polls at
 * least every 100 ms, so it stays far inside {@code max.poll.interval.ms} whatever the tier.
 *
 * <p>Rebalances: the consumer calls the rebalance listener only inside {@code poll()} and {@code
 * close()}, and every transaction is committed or aborted before the loop polls again, so a
 * partition is never revoked while a transaction holds records of it. Its committed offset is then
 * exactly where its new owner must start. A revoked or lost partition is forgotten; an assigned one
 * is resumed explicitly, so a partition that comes back to this instance is never left paused from
 * an earlier time. A zombie instance (one that lost its partitions without noticing) cannot commit:
 * the offsets it sends to its transaction carry its stale group membership, which the broker
 * rejects, and the transaction is aborted.
 *
 * <p>{@link #session()} runs on one dedicated thread, supervised by the service; {@link #stop()}
 * and the getters on any thread.
 */
public final class TierForwarder {
  private static final Logger log = LoggerFactory.getLogger(TierForwarder.class);
  private static final long MAX_POLL_WAIT_MS = 100;
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final Supplier<Consumer<String, byte[]>> consumers;
  private final Supplier<Producer<String, byte[]>> producers;
  private final Map<String, RetryTier> tierByTopic = new HashMap<>();
  private final HopRouter router;
  private final RetryMetrics metrics;
  private final Clock clock;
  private final PauseSchedule schedule = new PauseSchedule();
  private final ConsumerRun<String, byte[]> runs = new ConsumerRun<>();
  private volatile boolean running;
  private volatile Set<TopicPartition> assigned = Set.of();

  public TierForwarder(
      Supplier<Consumer<String, byte[]>> consumers,
      Supplier<Producer<String, byte[]>> producers,
      Topics topics,
      HopRouter router,
      RetryMetrics metrics,
      Clock clock) {
    this.consumers = consumers;
    this.producers = producers;
    this.router = router;
    this.metrics = metrics;
    this.clock = clock;
    topics.tiers().tiers().forEach(t -> tierByTopic.put(topics.retry(t), t));
  }

  /**
   * One session, until {@link #stop()}: a fresh consumer and transactional producer. A failed
   * session (a Kafka error, a fenced producer) throws after closing both and aborting its open
   * transaction; the supervisor then starts a new one after a backoff, which resumes from the last
   * committed offsets, so nothing is lost or forwarded twice.
   */
  public void session() {
    // A wake-up from stop() lands in poll(), where no transaction is open.
    runs.run(
        consumers,
        this::session,
        c -> {
          running = false;
          closeQuietly(c);
          schedule.clear();
          assigned = Set.of();
          metrics.paused(0);
        });
  }

  private void session(Consumer<String, byte[]> c) {
    Producer<String, byte[]> p = producers.get();
    try {
      p.initTransactions();
      c.subscribe(List.copyOf(tierByTopic.keySet()), new Rebalance(c));
      running = true;
      forwardUntilStopped(c, new DueForwarder(c, p, tierByTopic, router, metrics, schedule));
    } finally {
      // The producer first: a transaction it still has open is aborted by the broker, or at once
      // by the next session's initTransactions() under the same transactional id.
      closeQuietly(p);
    }
  }

  private void forwardUntilStopped(Consumer<String, byte[]> c, DueForwarder forwarder) {
    while (!runs.isStopping()) {
      long now = clock.millis();
      resumeDue(c, now);
      long waitMs = Math.max(1, schedule.millisUntilNext(now, MAX_POLL_WAIT_MS));
      ConsumerRecords<String, byte[]> records = c.poll(Duration.ofMillis(waitMs));
      if (!records.isEmpty()) {
        forwarder.forward(records, clock.millis());
      }
    }
  }

  /** Resumes the partitions whose head is due, and any the consumer holds paused for no reason. */
  private void resumeDue(Consumer<String, byte[]> c, long nowMs) {
    Set<TopicPartition> assignment = c.assignment();
    assigned = Set.copyOf(assignment);
    schedule.retainOnly(assignment);
    Set<TopicPartition> resume = schedule.takeDue(nowMs);
    for (TopicPartition tp : c.paused()) {
      if (!schedule.isPaused(tp)) {
        resume.add(tp);
      }
    }
    resume.retainAll(assignment);
    if (!resume.isEmpty()) {
      c.resume(resume);
    }
    metrics.paused(schedule.size());
  }

  public boolean isRunning() {
    return running;
  }

  /** The tier partitions this instance holds, as of the last poll. Any thread. */
  public Set<TopicPartition> assignedPartitions() {
    return assigned;
  }

  /**
   * Asks the loop to stop and wakes it; returns at once. The loop leaves no transaction open: it is
   * woken in {@code poll()}, between transactions. Any thread.
   */
  public void stop() {
    runs.stop();
  }

  private static void closeQuietly(Producer<String, byte[]> p) {
    try {
      p.close(CLOSE_TIMEOUT);
    } catch (RuntimeException e) {
      log.warn("closing the retry producer failed", e);
    }
  }

  private static void closeQuietly(Consumer<String, byte[]> c) {
    try {
      // Leaving the group, static member or not: a stopping instance's partitions move at once.
      c.close(
          CloseOptions.timeout(CLOSE_TIMEOUT)
              .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    } catch (RuntimeException e) {
      log.warn("closing the retry consumer failed", e);
    }
  }

  /** Keeps the pause schedule in step with the assignment. Called on the poll thread. */
  private final class Rebalance implements ConsumerRebalanceListener {
    private final Consumer<String, byte[]> c;

    Rebalance(Consumer<String, byte[]> c) {
      this.c = c;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      // New to this instance, or back after a while: not paused, whatever it was when this
      // instance last held it. Its head is checked on the next poll and paused again if not yet
      // due. (kafka-clients 4.3 already hands such a partition over unpaused; this does not rely
      // on it.)
      schedule.forget(partitions);
      c.resume(partitions);
      log.info("retry partitions assigned: {}", partitions);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      // No transaction is open here (see the class comment): everything forwarded from these
      // partitions is committed together with its offsets.
      schedule.forget(partitions);
      log.info("retry partitions revoked: {}", partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      schedule.forget(partitions);
      log.warn("retry partitions lost (no longer this instance's): {}", partitions);
    }
  }
}
