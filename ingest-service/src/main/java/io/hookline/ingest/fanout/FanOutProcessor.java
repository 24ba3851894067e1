package io.hookline.ingest.fanout;

import static io.hookline.schemas.RecordHeaders.REROUTED_FROM;

import io.hookline.core.ids.Ids;
import io.hookline.core.kafka.DeadLetters;
import io.hookline.core.kafka.DeliveryRecords;
import io.hookline.core.logging.LogContext;
import io.hookline.schemas.DeadLetter;
import io.hookline.schemas.Delivery;
import io.hookline.schemas.Event;
import io.hookline.schemas.EventInput;
import io.hookline.schemas.Identifiers;
import io.hookline.schemas.InvalidRecordException;
import io.hookline.schemas.Json;
import io.hookline.schemas.SourceRef;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one event and forwards one delivery per matching endpoint to {@link
 * FanOutTopology#DELIVERIES}, keyed by endpoint id. The event is read and checked by {@link
 * EventInput}, as the API checks one: an unreadable record goes to {@link FanOutTopology#DLQ} as
 * {@code poison}, one that breaks a rule as {@code rejected}, both with their original bytes, and
 * the stream moves on.
 *
 * <p>De-duplication needs every event of a tenant on one partition, whatever partitioner its
 * producer used: an event found on another partition than the Java client's default partitioner
 * gives its tenant is written, completed (id and timestamp filled in), to that partition of the
 * events topic and fanned out from there ({@link FanOutTopology#REROUTE}).
 */
final class FanOutProcessor implements Processor<String, byte[], String, byte[]> {
  private static final Logger log = LoggerFactory.getLogger(FanOutProcessor.class);

  private final TenantEndpoints endpoints;
  private final Clock clock;
  private final long windowMs;
  private final int eventPartitions;
  private final Counter events;
  private final Counter deliveries;
  private final Counter poison;
  private final Counter rejected;
  private final Counter rerouted;
  private final Counter unmatched;
  private final Counter duplicates;
  private ProcessorContext<String, byte[]> context;
  private WindowStore<String, Long> seen;

  FanOutProcessor(
      TenantEndpoints endpoints,
      Clock clock,
      MeterRegistry registry,
      Duration window,
      int eventPartitions) {
    this.endpoints = endpoints;
    this.clock = clock;
    this.windowMs = window.toMillis();
    this.eventPartitions = eventPartitions;
    this.events = counter(registry, "events", "events read and fanned out (after de-duplication)");
    this.deliveries =
        counter(registry, "deliveries", "deliveries written, one per matched endpoint");
    this.poison = counter(registry, "poison", "unreadable event records sent to the DLQ");
    this.rejected =
        counter(registry, "rejected", "event records breaking a rule, sent to the DLQ as rejected");
    this.rerouted =
        counter(
            registry,
            "rerouted",
            "events found on another partition than their tenant's, moved there to be"
                + " de-duplicated");
    this.unmatched = counter(registry, "unmatched", "events that matched no endpoint");
    this.duplicates =
        counter(registry, "duplicates", "events seen before within the idempotency window");
  }

  private static Counter counter(MeterRegistry registry, String name, String description) {
    return Counter.builder("hookline.fanout." + name).description(description).register(registry);
  }

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    this.context = context;
    this.seen = context.getStateStore(FanOutTopology.SEEN_STORE);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    SourceRef source =
        context.recordMetadata().map(FanOutProcessor::sourceOf).orElse(new SourceRef("?", 0, 0));
    try (LogContext scope = LogContext.of(source.topic(), source.partition(), source.offset())) {
      process(record, source, scope);
    }
  }

  private void process(Record<String, byte[]> record, SourceRef source, LogContext scope) {
    Instant now = clock.instant();
    EventInput input;
    try {
      input = Json.read(record.value(), EventInput.class);
    } catch (InvalidRecordException e) {
      if (e.field() == null) {
        deadLetterPoison(record, source, e.getMessage(), now);
      } else {
        deadLetterRejected(record, source, null, e, now);
      }
      return;
    }
    Event event;
    try {
      event =
          input.toEvent(
              () -> Ids.derivedEventId(record.timestamp(), source.toString()),
              Instant.ofEpochMilli(record.timestamp()));
    } catch (InvalidRecordException e) {
      deadLetterRejected(record, source, input.tenant(), e, now);
      return;
    }
    scope.event(event.id());
    int home = FanOutTopology.partitionOf(event.tenant(), eventPartitions);
    if (home != source.partition()) {
      if (record.headers().lastHeader(REROUTED_FROM) == null) {
        reroute(record, event, source, home);
        return;
      }
      // Moved once already: the instances disagree on the partition count (partitions were added
      // while some ran). Fan it out here rather than move it again.
      log.warn(
          "event {} of {} at {} was moved here but belongs on partition {} of {}: restart every"
              + " ingest-service instance after adding partitions to the events topic",
          event.id(),
          event.tenant(),
          source,
          home,
          eventPartitions);
    }
    events.increment();
    if (seenBefore(event, now.toEpochMilli())) {
      duplicates.increment();
      log.debug("event {} of {} seen before; not fanned out again", event.id(), event.tenant());
      return;
    }
    // The event record's timestamp: when the API accepted it (its producer stamps the send, just
    // before the 202), or when the producing service sent it; a moved event keeps its own.
    Instant acceptedAt = Instant.ofEpochMilli(record.timestamp());
    List<Delivery> out = FanOut.deliveriesFor(event, endpoints.of(event.tenant()), now, acceptedAt);
    if (out.isEmpty()) {
      unmatched.increment();
      log.debug("event {} of {} matched no endpoint", event.id(), event.tenant());
    }
    for (Delivery d : out) {
      context.forward(
          new Record<>(
              d.endpointId(), Json.write(d), now.toEpochMilli(), DeliveryRecords.headers(d)),
          FanOutTopology.DELIVERIES);
    }
    deliveries.increment(out.size());
  }

  /**
   * Whether this tenant's event id was fanned out within the window; remembers it if not. The store
   * changes commit in the same transaction as the deliveries.
   */
  private boolean seenBefore(Event event, long nowMs) {
    String key = event.tenant() + "\n" + event.id();
    try (WindowStoreIterator<Long> it =
        seen.fetch(key, Instant.ofEpochMilli(nowMs - windowMs), Instant.ofEpochMilli(nowMs))) {
      if (it.hasNext()) {
        return true;
      }
    }
    seen.put(key, nowMs, nowMs);
    return false;
  }

  /**
   * Moves the event to its tenant's partition, completed, so that its id and timestamp stay what
   * they were here; the record's timestamp is kept, and where it came from is in a header.
   */
  private void reroute(Record<String, byte[]> record, Event event, SourceRef source, int home) {
    rerouted.increment();
    log.debug(
        "event {} of {} at {} moves to partition {}", event.id(), event.tenant(), source, home);
    var headers = new RecordHeaders(record.headers().toArray());
    headers.add(
        new RecordHeader(REROUTED_FROM, source.toString().getBytes(StandardCharsets.UTF_8)));
    context.forward(
        new Record<>(event.tenant(), Json.write(event), record.timestamp(), headers),
        FanOutTopology.REROUTE);
  }

  private void deadLetterPoison(
      Record<String, byte[]> record, SourceRef source, String error, Instant now) {
    poison.increment();
    DeadLetter dead = DeadLetters.poisonEvent(source, record.key(), record.value(), error, now);
    context.forward(
        new Record<>(record.key(), Json.write(dead), now.toEpochMilli()), FanOutTopology.DLQ);
  }

  private void deadLetterRejected(
      Record<String, byte[]> record,
      SourceRef source,
      String tenant,
      InvalidRecordException error,
      Instant now) {
    rejected.increment();
    log.warn("rejected event at {}: {}", source, error.getMessage());
    // The event's own tenant when it is one (it may be what broke the rules), else the key.
    String knownTenant = Identifiers.isTenant(tenant) ? tenant : record.key();
    DeadLetter dead = DeadLetter.rejectedEvent(source, knownTenant, record.value(), error, now);
    context.forward(
        new Record<>(record.key(), Json.write(dead), now.toEpochMilli()), FanOutTopology.DLQ);
  }

  private static SourceRef sourceOf(RecordMetadata m) {
    return new SourceRef(m.topic(), m.partition(), m.offset());
  }
}
