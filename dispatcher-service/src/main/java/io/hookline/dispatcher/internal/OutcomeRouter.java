package io.hookline.dispatcher.internal;

import io.hookline.core.kafka.DeadLetters;
import io.hookline.core.kafka.DeliveryRecords;
import io.hookline.schemas.Json;
import io.hookline.schemas.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes an {@link Outcome} to Kafka: the attempt record to {@code webhooks.attempts}, and the
 * delivery to its retry tier or the DLQ. Reports back only once Kafka has acknowledged every record
 * of the outcome, which is when the source record may be committed. Thread-safe; never blocks (the
 * producer's own buffer limits aside).
 */
public final class OutcomeRouter {
  private final Producer<String, byte[]> producer;
  private final Topics topics;
  private final MeterRegistry registry;

  public OutcomeRouter(Producer<String, byte[]> producer, Topics topics, MeterRegistry registry) {
    this.producer = producer;
    this.topics = topics;
    this.registry = registry;
  }

  /**
   * Writes {@code outcome} keyed by {@code endpointId}; calls {@code onDurable} when all its
   * records are acknowledged, or {@code onFailure} once if any write fails.
   */
  public void route(
      String endpointId, Outcome outcome, Runnable onDurable, Consumer<Exception> onFailure) {
    List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
    outcome
        .attempt()
        .ifPresent(
            a -> records.add(new ProducerRecord<>(topics.attempts(), endpointId, Json.write(a))));
    switch (outcome) {
      case Outcome.Delivered d -> count("delivered", "none");
      case Outcome.Retry r -> {
        records.add(DeliveryRecords.inTier(topics.retry(r.tier()), r.tier(), r.next()));
        count("retrying", r.tier().label());
      }
      case Outcome.Throttled t -> {
        records.add(DeliveryRecords.inTier(topics.retry(t.tier()), t.tier(), t.next()));
        count("throttled", t.tier().label());
      }
      case Outcome.Dead dead -> {
        records.add(DeadLetters.record(topics.dlq(), endpointId, dead.deadLetter()));
        count("dead", dead.deadLetter().reason().wire());
      }
    }
    AtomicInteger remaining = new AtomicInteger(records.size());
    AtomicInteger failed = new AtomicInteger();
    for (ProducerRecord<String, byte[]> record : records) {
      producer.send(
          record,
          (metadata, error) -> {
            if (error != null) {
              if (failed.getAndIncrement() == 0) {
                onFailure.accept(error);
              }
            } else if (remaining.decrementAndGet() == 0 && failed.get() == 0) {
              onDurable.run();
            }
          });
    }
  }

  private void count(String outcome, String next) {
    Counter.builder("hookline.dispatch.outcomes")
        .description("outcomes written by the dispatcher, by outcome and the topic it went to")
        .tag("outcome", outcome)
        .tag("next", next)
        .register(registry)
        .increment();
  }

  /**
   * Waits until every outcome routed so far is durable (or failed) and its callbacks have run.
   * Blocks; poll thread, on a revoke or a shutdown.
   */
  void flush() {
    producer.flush();
  }
}
