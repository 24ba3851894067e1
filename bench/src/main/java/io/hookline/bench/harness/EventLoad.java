package io.hookline.bench.harness;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookline.schemas.Event;
import io.hookline.schemas.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Produces events straight to the phase's events topic, as a tenant's service would: event {@code
 * seq} goes to tenant (and so endpoint) {@code seq % endpoints}, and its payload is padded so that
 * the body a receiver gets is about {@code payloadBytes}. Each send is noted in the {@link
 * ArrivalBook}. Every loop is bounded by its count.
 */
public final class EventLoad {
  private static final int PADS = 64;

  private final KafkaProducer<String, byte[]> producer;
  private final String topic;
  private final ArrivalBook book;
  private final int endpoints;
  private final String[] pads = new String[PADS];
  private final AtomicLong failures = new AtomicLong();

  public EventLoad(Phase phase, ArrivalBook book, int endpoints, int payloadBytes) {
    this.producer = phase.producer("bench-load");
    this.topic = phase.topics().events();
    this.book = book;
    this.endpoints = endpoints;
    // Random text, so compression does not make the payload much smaller than it says; the
    // envelope ({"id","type","timestamp","data":{"seq","pad"}}) is about 120 bytes.
    Random random = new Random(42);
    int padLength = Math.max(0, payloadBytes - 120);
    for (int i = 0; i < PADS; i++) {
      StringBuilder pad = new StringBuilder(padLength);
      for (int c = 0; c < padLength; c++) {
        pad.append((char) ('a' + random.nextInt(26)));
      }
      pads[i] = pad.toString();
    }
  }

  /** Sends events {@code from..from+count-1} as fast as the producer takes them, then flushes. */
  public void burst(int from, int count) {
    for (int seq = from; seq < from + count; seq++) {
      send(seq);
    }
    producer.flush();
  }

  /**
   * Sends {@code count} events from {@code from} on, {@code perSecond} a second, evenly spaced
   * (open loop: a slow pipeline does not slow the load down). Returns how many were sent.
   */
  public int paced(int from, int count, double perSecond) {
    int last = Math.min(book.capacity(), from + count);
    long start = System.nanoTime();
    double intervalNanos = 1e9 / perSecond;
    for (int seq = from; seq < last; seq++) {
      long due = start + (long) ((seq - from) * intervalNanos);
      long wait = due - System.nanoTime();
      if (wait > 0) {
        // Pacing an open-loop load to its schedule, not waiting for anything to happen.
        LockSupport.parkNanos(wait);
      }
      send(seq);
    }
    producer.flush();
    return last - from;
  }

  /**
   * Sends one event to every endpoint (events {@code 0..endpoints-1}) and waits until {@code
   * expected} of them have arrived: the pipeline is then running end to end (fan-out assigned,
   * dispatcher polling, a connection open to each endpoint). Returns whether they did in time.
   */
  public boolean prime(long expected, Duration timeout) throws InterruptedException {
    burst(0, endpoints);
    return book.await(expected, timeout, Duration.ofSeconds(10), () -> {});
  }

  /** Sends that Kafka refused. */
  public long failures() {
    return failures.get();
  }

  private void send(int seq) {
    int endpoint = seq % endpoints;
    ObjectNode data = Json.mapper().createObjectNode();
    data.put("seq", seq);
    data.put("pad", pads[seq % PADS]);
    String tenant = BenchEndpoint.tenantOf(endpoint);
    Event event =
        new Event(book.eventId(seq), tenant, "bench.tick", Instant.now(), data, null, Map.of());
    book.sent(seq);
    producer.send(
        new ProducerRecord<>(topic, tenant, Json.write(event)),
        (metadata, error) -> {
          if (error != null) {
            failures.incrementAndGet();
          }
        });
  }
}
