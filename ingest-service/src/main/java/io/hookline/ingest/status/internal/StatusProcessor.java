package io.hookline.ingest.status.internal;

import io.hookline.core.kafka.SkippedRecords;
import io.hookline.schemas.Attempt;
import io.hookline.schemas.AttemptOutcome;
import io.hookline.schemas.DeadLetter;
import io.hookline.schemas.InvalidRecordException;
import io.hookline.schemas.Json;
import io.hookline.schemas.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies attempt records and dead letters to the status stores of one partition. A record that
 * cannot be read is skipped through {@link SkippedRecords} (it is not ours to dead-letter: its
 * producer did); a record seen before is skipped, so redelivery after a crash changes nothing. Runs
 * on the stream thread.
 */
final class StatusProcessor implements Processor<String, byte[], Void, Void> {
  static final Duration HOUR = Duration.ofHours(1);
  private static final Logger log = LoggerFactory.getLogger(StatusProcessor.class);

  private final Topics topics;
  private final int keep;
  private final long retentionMs;
  private final SkippedRecords skipped;
  private final Counter duplicates;
  private final Counter applied;
  private ProcessorContext<Void, Void> context;
  private KeyValueStore<String, Attempt> endpointAttempts;
  private KeyValueStore<String, EndpointLog.Cursor> cursors;
  private WindowStore<String, DeliveryStatus> deliveries;
  private WindowStore<String, TenantStats> stats;

  StatusProcessor(
      Topics topics, int keep, Duration retention, MeterRegistry registry, SkippedRecords skipped) {
    this.topics = topics;
    this.keep = keep;
    this.retentionMs = retention.toMillis();
    this.skipped = skipped;
    this.duplicates = records(registry, "duplicate");
    this.applied = records(registry, "applied");
  }

  private static Counter records(MeterRegistry registry, String result) {
    return Counter.builder("hookline.status.records")
        .description("attempt records and dead letters the status view read, by what it did")
        .tag("result", result)
        .register(registry);
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.context = context;
    this.endpointAttempts = context.getStateStore(StatusTopology.ENDPOINT_ATTEMPTS);
    this.cursors = context.getStateStore(StatusTopology.ENDPOINT_CURSORS);
    this.deliveries = context.getStateStore(StatusTopology.DELIVERIES);
    this.stats = context.getStateStore(StatusTopology.STATS);
    // Stream time, like the window stores' retention: an endpoint idle for the retention goes.
    context.schedule(
        Duration.ofMinutes(10),
        PunctuationType.STREAM_TIME,
        now -> {
          int dropped = EndpointLog.sweep(endpointAttempts, cursors, now - retentionMs);
          if (dropped > 0) {
            log.info("dropped the attempt logs of {} idle endpoints", dropped);
          }
        });
  }

  @Override
  public void process(Record<String, byte[]> record) {
    var metadata = context.recordMetadata();
    String topic = metadata.map(m -> m.topic()).orElse("");
    try {
      if (topic.equals(topics.attempts())) {
        apply(Json.read(record.value(), Attempt.class), record.timestamp());
      } else {
        apply(Json.read(record.value(), DeadLetter.class), record.timestamp());
      }
    } catch (InvalidRecordException e) {
      skipped.skip(
          topic,
          metadata.map(m -> m.partition()).orElse(-1),
          metadata.map(m -> m.offset()).orElse(-1L),
          e.getMessage());
    }
  }

  private void apply(Attempt a, long recordMs) {
    String key = DeliveryStatus.key(a.eventId(), a.deliveryId());
    KeyValue<Long, DeliveryStatus> found = find(key, recordMs);
    DeliveryStatus before = found == null ? DeliveryStatus.first(a) : found.value;
    if (before.hasSeen(a)) {
      duplicates.increment();
      return;
    }
    DeliveryStatus after = before.with(a);
    deliveries.put(key, after, found == null ? recordMs : found.key);
    EndpointLog.append(endpointAttempts, cursors, keep, a, recordMs);
    boolean newlyDelivered =
        a.outcome() == AttemptOutcome.DELIVERED && before.state() != DeliveryState.DELIVERED;
    // From the event's acceptance; from the first attempt for a record that does not carry it.
    Instant since = a.acceptedAt() != null ? a.acceptedAt() : after.firstAttemptAt();
    long deliveredAfterMs =
        newlyDelivered
            ? Math.max(0, a.startedAt().toEpochMilli() + a.durationMs() - since.toEpochMilli())
            : -1;
    updateStats(a.tenant(), recordMs, s -> s.plus(a, deliveredAfterMs));
    applied.increment();
  }

  private void apply(DeadLetter d, long recordMs) {
    if (d.delivery() == null) {
      // Poison or a rejected event: no delivery to show; the DLQ size still counts it.
      return;
    }
    String key = DeliveryStatus.key(d.delivery().eventId(), d.delivery().id());
    KeyValue<Long, DeliveryStatus> found = find(key, recordMs);
    DeliveryStatus before = found == null ? DeliveryStatus.first(d.delivery()) : found.value;
    if (before.hasSeen(d)) {
      duplicates.increment();
      return;
    }
    deliveries.put(key, before.with(d), found == null ? recordMs : found.key);
    updateStats(d.delivery().tenant(), recordMs, TenantStats::plusDeadDelivery);
    applied.increment();
  }

  /**
   * The delivery's entry and the window it was first stored in, or {@code null}. An entry lives at
   * most the retention, so it lies within one retention of this record's time either way. The
   * bounds matter: the caching window store walks its cache segment by segment over the whole range
   * asked for, and from the epoch to the end of time that was thousands of lookups per record (a
   * third of the ingest JVM's CPU under {@code bench/run throughput}).
   */
  private KeyValue<Long, DeliveryStatus> find(String key, long recordMs) {
    KeyValue<Long, DeliveryStatus> found = null;
    long from = Math.max(0, recordMs - retentionMs);
    long to = recordMs > Long.MAX_VALUE - retentionMs ? Long.MAX_VALUE : recordMs + retentionMs;
    try (WindowStoreIterator<DeliveryStatus> it = deliveries.fetch(key, from, to)) {
      while (it.hasNext()) {
        found = it.next();
      }
    }
    return found;
  }

  private void updateStats(String tenant, long recordMs, UnaryOperator<TenantStats> change) {
    long hour = recordMs - Math.floorMod(recordMs, HOUR.toMillis());
    TenantStats current = stats.fetch(tenant, hour);
    stats.put(tenant, change.apply(current == null ? TenantStats.empty() : current), hour);
  }
}
