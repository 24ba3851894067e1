package io.hookline.retry.internal;

import io.hookline.core.kafka.DeadLetters;
import io.hookline.core.kafka.DeliveryRecords;
import io.hookline.core.logging.LogContext;
import io.hookline.schemas.DeadLetter;
import io.hookline.schemas.DeadLetterReason;
import io.hookline.schemas.Delivery;
import io.hookline.schemas.InvalidRecordException;
import io.hookline.schemas.Json;
import io.hookline.schemas.RetryTier;
import io.hookline.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides where a due tier record goes: back to deliveries under the same key and with the same
 * bytes, or to the DLQ when it is unreadable or older than the maximum delivery age. Each hop
 * writes a fresh record with a delivery's headers ({@link DeliveryRecords}): the tier's stay
 * behind, so headers never grow hop after hop. Each record is routed inside a {@link LogContext}
 * naming it. Stateless; any thread; never blocks.
 */
public final class HopRouter {
  private static final Logger log = LoggerFactory.getLogger(HopRouter.class);

  private final Topics topics;
  private final Duration maxDeliveryAge;

  public HopRouter(Topics topics, Duration maxDeliveryAge) {
    this.topics = topics;
    this.maxDeliveryAge = maxDeliveryAge;
  }

  /**
   * The hop of {@code record}, due at {@code dueMs} in {@code tier}, handled at {@code nowMs}.
   * Records nothing and logs only dead letters; the caller writes and counts the hop.
   */
  Hop route(ConsumerRecord<String, byte[]> record, RetryTier tier, long dueMs, long nowMs) {
    try (LogContext scope = LogContext.of(record)) {
      return route(record, tier, dueMs, nowMs, scope);
    }
  }

  private Hop route(
      ConsumerRecord<String, byte[]> record,
      RetryTier tier,
      long dueMs,
      long nowMs,
      LogContext scope) {
    Instant now = Instant.ofEpochMilli(nowMs);
    Delivery delivery;
    try {
      delivery = Json.read(record.value(), Delivery.class);
    } catch (InvalidRecordException e) {
      DeadLetter dead =
          DeadLetters.poisonDelivery(
              DeadLetters.sourceOf(record), record.key(), record.value(), e.getMessage(), now);
      return new Hop.Dead(
          DeadLetterReason.POISON, DeadLetters.record(topics.dlq(), record.key(), dead));
    }
    scope.delivery(delivery);
    if (Duration.between(delivery.createdAt(), now).compareTo(maxDeliveryAge) > 0) {
      log.info(
          "delivery {} of endpoint {} created at {} is older than {}: to the DLQ as expired",
          delivery.id(),
          delivery.endpointId(),
          delivery.createdAt(),
          maxDeliveryAge);
      DeadLetter dead = DeadLetter.of(delivery, DeadLetterReason.EXPIRED, now);
      return new Hop.Dead(
          DeadLetterReason.EXPIRED, DeadLetters.record(topics.dlq(), record.key(), dead));
    }
    return new Hop.Forward(
        tier,
        nowMs - dueMs,
        DeliveryRecords.record(topics.deliveries(), null, delivery, record.value()));
  }
}
