package io.hookline.ingest.fanout;

import io.hookline.core.endpoints.EndpointDirectory;
import io.hookline.schemas.DeadLetter;
import io.hookline.schemas.Delivery;
import io.hookline.schemas.Event;
import io.hookline.schemas.InvalidRecordException;
import io.hookline.schemas.Json;
import io.hookline.schemas.SourceRef;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
 * FanOutTopology#DELIVERIES}, keyed by endpoint id; an unreadable event goes to {@link
 * FanOutTopology#DLQ} as {@code poison} with its original bytes, and the stream moves on.
 */
final class FanOutProcessor implements Processor<String, byte[], String, byte[]> {
  private static final Logger log = LoggerFactory.getLogger(FanOutProcessor.class);

  private final EndpointDirectory directory;
  private final Clock clock;
  private final Counter events;
  private final Counter deliveries;
  private final Counter poison;
  private final Counter unmatched;
  private final long windowMs;
  private final Counter duplicates;
  private ProcessorContext<String, byte[]> context;
  private WindowStore<String, Long> seen;

  FanOutProcessor(
      EndpointDirectory directory, Clock clock, MeterRegistry registry, Duration window) {
    this.windowMs = window.toMillis();
    this.duplicates = registry.counter("hookline.fanout.duplicates");
    this.directory = directory;
    this.clock = clock;
    this.events = registry.counter("hookline.fanout.events");
    this.deliveries = registry.counter("hookline.fanout.deliveries");
    this.poison = registry.counter("hookline.fanout.poison");
    this.unmatched = registry.counter("hookline.fanout.unmatched");
  }

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    this.context = context;
    this.seen = context.getStateStore(FanOutTopology.SEEN_STORE);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    Instant now = clock.instant();
    Event event;
    try {
      event = Json.read(record.value(), Event.class);
    } catch (InvalidRecordException e) {
      deadLetter(record, e.getMessage(), now);
      return;
    }
    events.increment();
    if (seenBefore(event, now.toEpochMilli())) {
      duplicates.increment();
      log.debug("event {} of {} seen before; not fanned out again", event.id(), event.tenant());
      return;
    }
    List<Delivery> out = FanOut.deliveriesFor(event, directory.forTenant(event.tenant()), now);
    if (out.isEmpty()) {
      unmatched.increment();
      log.debug("event {} of {} matched no endpoint", event.id(), event.tenant());
    }
    for (Delivery d : out) {
      context.forward(
          new Record<>(d.endpointId(), Json.write(d), now.toEpochMilli()),
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

  private void deadLetter(Record<String, byte[]> record, String error, Instant now) {
    poison.increment();
    SourceRef source =
        context.recordMetadata().map(m -> sourceOf(m)).orElse(new SourceRef("unknown", 0, 0));
    log.warn("poison event at {}: {}", source, error);
    DeadLetter dead = DeadLetter.poison(source, record.value(), error, now);
    context.forward(
        new Record<>(record.key(), Json.write(dead), now.toEpochMilli()), FanOutTopology.DLQ);
  }

  private static SourceRef sourceOf(RecordMetadata m) {
    return new SourceRef(m.topic(), m.partition(), m.offset());
  }
}
