package io.hookline.retry.internal;

import io.hookline.schemas.DeadLetter;
import io.hookline.schemas.Delivery;
import io.hookline.schemas.InvalidRecordException;
import io.hookline.schemas.Json;
import io.hookline.schemas.RecordHeaders;
import io.hookline.schemas.RetryTier;
import io.hookline.schemas.SourceRef;
import io.hookline.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retry-service's poll loop. Reads every tier topic; a record is due at its log-append time
 * plus its tier's delay. Due records are forwarded to {@code webhooks.deliveries} under the same
 * key, in one transaction with the consumed offsets, so a crash neither loses nor doubles a
 * forward. When a partition's head is not yet due, the partition is rewound to it and paused until
 * then; the loop never sleeps and keeps polling, so the group never evicts it.
 */
public final class TierForwarder implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(TierForwarder.class);
  private static final long MAX_POLL_WAIT_MS = 100;

  private final Supplier<Consumer<String, byte[]>> consumers;
  private final Supplier<Producer<String, byte[]>> producers;
  private final Topics topics;
  private final Map<String, RetryTier> tierByTopic = new HashMap<>();
  private final Clock clock;
  private final MeterRegistry registry;
  private final Timer lateness;
  private final PauseSchedule schedule = new PauseSchedule();
  private volatile boolean stopping;
  private volatile boolean running;
  private volatile Consumer<String, byte[]> consumer;

  public TierForwarder(
      Supplier<Consumer<String, byte[]>> consumers,
      Supplier<Producer<String, byte[]>> producers,
      Topics topics,
      Clock clock,
      MeterRegistry registry) {
    this.consumers = consumers;
    this.producers = producers;
    this.topics = topics;
    this.clock = clock;
    this.registry = registry;
    topics.tiers().tiers().forEach(t -> tierByTopic.put(topics.retry(t), t));
    this.lateness =
        Timer.builder("hookline.retry.lateness")
            .description("forward time minus due time")
            .publishPercentileHistogram()
            .register(registry);
  }

  @Override
  public void run() {
    while (!stopping) {
      try (Consumer<String, byte[]> c = consumers.get();
          Producer<String, byte[]> p = producers.get()) {
        consumer = c;
        p.initTransactions();
        c.subscribe(List.copyOf(tierByTopic.keySet()), new Rebalance());
        running = true;
        forwardUntilStopped(c, p);
      } catch (WakeupException e) {
        // stop() woke the consumer.
      } catch (RuntimeException e) {
        // The open transaction is aborted with the producer: a new session resumes from the
        // last committed offsets, so nothing is lost or forwarded twice.
        log.error("retry loop failed; restarting from the last committed offsets", e);
      } finally {
        running = false;
        schedule.takeDue(Long.MAX_VALUE);
      }
    }
  }

  private void forwardUntilStopped(Consumer<String, byte[]> c, Producer<String, byte[]> p) {
    while (!stopping) {
      long now = clock.millis();
      Set<TopicPartition> due = schedule.takeDue(now);
      due.retainAll(c.assignment());
      if (!due.isEmpty()) {
        c.resume(due);
      }
      long waitMs = Math.max(1, schedule.millisUntilNext(now, MAX_POLL_WAIT_MS));
      ConsumerRecords<String, byte[]> records = c.poll(Duration.ofMillis(waitMs));
      if (!records.isEmpty()) {
        forwardDue(c, p, records);
      }
    }
  }

  /** Forwards the due prefix of each partition in one transaction; pauses at the first not due. */
  private void forwardDue(
      Consumer<String, byte[]> c,
      Producer<String, byte[]> p,
      ConsumerRecords<String, byte[]> records) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    boolean open = false;
    for (TopicPartition tp : records.partitions()) {
      RetryTier tier = tierByTopic.get(tp.topic());
      for (ConsumerRecord<String, byte[]> record : records.records(tp)) {
        long dueMs = record.timestamp() + tier.delay().toMillis();
        long now = clock.millis();
        if (dueMs > now) {
          c.seek(tp, record.offset());
          c.pause(List.of(tp));
          schedule.pauseUntil(tp, dueMs);
          break;
        }
        if (!open) {
          p.beginTransaction();
          open = true;
        }
        p.send(forwardOf(record, tier, now));
        lateness.record(Duration.ofMillis(now - dueMs));
        offsets.put(tp, new OffsetAndMetadata(record.offset() + 1));
      }
    }
    if (open) {
      p.sendOffsetsToTransaction(offsets, c.groupMetadata());
      p.commitTransaction();
    }
  }

  private ProducerRecord<String, byte[]> forwardOf(
      ConsumerRecord<String, byte[]> record, RetryTier tier, long nowMs) {
    Delivery delivery;
    try {
      delivery = Json.read(record.value(), Delivery.class);
    } catch (InvalidRecordException e) {
      SourceRef source = new SourceRef(record.topic(), record.partition(), record.offset());
      log.warn("poison record on {}: {}", source, e.getMessage());
      registry.counter("hookline.retry.dead", "reason", "poison").increment();
      DeadLetter dead =
          DeadLetter.poison(
              source, record.value(), e.getMessage(), java.time.Instant.ofEpochMilli(nowMs));
      return new ProducerRecord<>(topics.dlq(), record.key(), Json.write(dead));
    }
    registry.counter("hookline.retry.forwarded", "tier", tier.label()).increment();
    // A fresh record: the tier's headers stay behind, so headers never grow hop after hop.
    ProducerRecord<String, byte[]> out =
        new ProducerRecord<>(topics.deliveries(), record.key(), record.value());
    out.headers().add(RecordHeaders.DELIVERY_ID, delivery.id().getBytes(StandardCharsets.UTF_8));
    return out;
  }

  public boolean isRunning() {
    return running;
  }

  /** Partitions currently paused waiting for their head to be due. */
  public int pausedPartitions() {
    return schedule.size();
  }

  /** Asks the loop to stop; the open transaction, if any, is aborted. Any thread. */
  public void stop() {
    stopping = true;
    Consumer<String, byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      // A partition new to this instance starts unpaused: its head is checked on the next poll.
      partitions.forEach(schedule::forget);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      partitions.forEach(schedule::forget);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      partitions.forEach(schedule::forget);
    }
  }
}
