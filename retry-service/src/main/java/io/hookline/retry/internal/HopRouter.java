package io.hookline.retry.internal;

import io.hookline.schemas.DeadLetter;
import io.hookline.schemas.DeadLetterReason;
import io.hookline.schemas.Delivery;
import io.hookline.schemas.InvalidRecordException;
import io.hookline.schemas.Json;
import io.hookline.schemas.RecordHeaders;
import io.hookline.schemas.RetryTier;
import io.hookline.schemas.SourceRef;
import io.hookline.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides where a due tier record goes: back to deliveries under the same key and with the same
 * bytes, or to the DLQ when it is unreadable or older than the maximum delivery age. Each hop
 * writes a fresh record whose only header is the delivery id: the tier's headers stay behind, so
 * headers never grow hop after hop. Stateless; any thread; never blocks.
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
    Instant now = Instant.ofEpochMilli(nowMs);
    Delivery delivery;
    try {
      delivery = Json.read(record.value(), Delivery.class);
    } catch (InvalidRecordException e) {
      SourceRef source = new SourceRef(record.topic(), record.partition(), record.offset());
      log.warn("poison record on {} goes to the DLQ: {}", source, e.getMessage());
      DeadLetter dead =
          DeadLetter.poisonDelivery(source, record.key(), record.value(), e.getMessage(), now);
      return new Hop.Dead(
          DeadLetterReason.POISON, fresh(topics.dlq(), record.key(), Json.write(dead), null));
    }
    if (Duration.between(delivery.createdAt(), now).compareTo(maxDeliveryAge) > 0) {
      log.info(
          "delivery {} of endpoint {} created at {} is older than {}: to the DLQ as expired",
          delivery.id(),
          delivery.endpointId(),
          delivery.createdAt(),
          maxDeliveryAge);
      DeadLetter dead = DeadLetter.of(delivery, DeadLetterReason.EXPIRED, now);
      return new Hop.Dead(
          DeadLetterReason.EXPIRED,
          fresh(topics.dlq(), record.key(), Json.write(dead), delivery.id()));
    }
    return new Hop.Forward(
        tier,
        nowMs - dueMs,
        fresh(topics.deliveries(), record.key(), record.value(), delivery.id()));
  }

  /** A fresh record: no header of the record it replaces comes along. */
  private static ProducerRecord<String, byte[]> fresh(
      String topic, String key, byte[] value, String deliveryId) {
    ProducerRecord<String, byte[]> out = new ProducerRecord<>(topic, key, value);
    if (deliveryId != null) {
      out.headers().add(RecordHeaders.DELIVERY_ID, deliveryId.getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }
}
