package io.hookline.core.kafka;

import io.hookline.schemas.DeadLetter;
import io.hookline.schemas.Json;
import io.hookline.schemas.SourceRef;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dead letters as every service writes them: a poison record (one that cannot be read) kept byte
 * for byte with where it was, logged once; and the DLQ record of any dead letter, with the headers
 * of its delivery when it has one ({@link DeliveryRecords#headers}).
 */
public final class DeadLetters {
  private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

  private DeadLetters() {}

  /** Where {@code record} was read from. */
  public static SourceRef sourceOf(ConsumerRecord<?, ?> record) {
    return new SourceRef(record.topic(), record.partition(), record.offset());
  }

  /**
   * The dead letter of an unreadable delivery at {@code source} (the deliveries topic or a tier),
   * its key the endpoint id; logged as a warning.
   */
  public static DeadLetter poisonDelivery(
      SourceRef source, String key, byte[] value, String error, Instant now) {
    log.warn("poison delivery at {} goes to the DLQ: {}", source, error);
    return DeadLetter.poisonDelivery(source, key, value, error, now);
  }

  /** The dead letter of an unreadable event at {@code source}, its key the tenant; logged. */
  public static DeadLetter poisonEvent(
      SourceRef source, String key, byte[] value, String error, Instant now) {
    log.warn("poison event at {} goes to the DLQ: {}", source, error);
    return DeadLetter.poisonEvent(source, key, value, error, now);
  }

  /** {@code dead} for the DLQ topic {@code topic}, keyed {@code key} (endpoint id or tenant). */
  public static ProducerRecord<String, byte[]> record(String topic, String key, DeadLetter dead) {
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, Json.write(dead));
    addHeaders(record.headers(), dead);
    return record;
  }

  /** Adds the headers of {@code dead}'s DLQ record: its delivery's, or none without one. */
  private static Headers addHeaders(Headers headers, DeadLetter dead) {
    return dead.delivery() == null ? headers : DeliveryRecords.addHeaders(headers, dead.delivery());
  }
}
