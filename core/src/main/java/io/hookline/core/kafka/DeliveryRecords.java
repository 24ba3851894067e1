package io.hookline.core.kafka;

import static io.hookline.schemas.RecordHeaders.DELIVERY_ID;
import static io.hookline.schemas.RecordHeaders.EVENT_TYPE;
import static io.hookline.schemas.RecordHeaders.TIER;

import io.hookline.schemas.Delivery;
import io.hookline.schemas.Json;
import io.hookline.schemas.RetryTier;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Every Kafka record that holds a {@link Delivery}, whoever writes it (the fan-out, the
 * dispatcher's retry hop, the retry-service, a DLQ replay): keyed by its endpoint, with the same
 * headers, fresh each time (headers of the record it replaces never come along, so they do not grow
 * as a delivery travels through the tiers).
 */
public final class DeliveryRecords {
  private DeliveryRecords() {}

  /** The headers of a record of {@code delivery}: its id and its event type. */
  public static Headers headers(Delivery delivery) {
    return addHeaders(new RecordHeaders(), delivery);
  }

  /** Adds {@code delivery}'s headers to {@code headers} (a new record's own); returns them. */
  static Headers addHeaders(Headers headers, Delivery delivery) {
    return headers
        .add(DELIVERY_ID, bytes(delivery.id()))
        .add(EVENT_TYPE, bytes(delivery.eventType()));
  }

  /** {@code delivery} for {@code topic}, the time left to the producer (or the topic). */
  public static ProducerRecord<String, byte[]> record(String topic, Delivery delivery) {
    return record(topic, null, delivery, Json.write(delivery));
  }

  /**
   * {@code delivery} for {@code topic} as {@code value}, its bytes already written (a hop forwards
   * the bytes it read), at {@code timestampMs} (null: the producer's time).
   */
  public static ProducerRecord<String, byte[]> record(
      String topic, Long timestampMs, Delivery delivery, byte[] value) {
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(topic, null, timestampMs, delivery.endpointId(), value);
    addHeaders(record.headers(), delivery);
    return record;
  }

  /** {@code delivery} waiting in {@code tier}'s topic {@code topic}: also names the tier. */
  public static ProducerRecord<String, byte[]> inTier(
      String topic, RetryTier tier, Delivery delivery) {
    ProducerRecord<String, byte[]> record = record(topic, delivery);
    record.headers().add(TIER, bytes(tier.label()));
    return record;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
