package io.hookline.ingest;

import io.hookline.schemas.Attempt;
import io.hookline.schemas.AttemptOutcome;
import io.hookline.schemas.DeadLetter;
import io.hookline.schemas.DeadLetterReason;
import io.hookline.schemas.Delivery;
import io.hookline.schemas.Json;
import io.hookline.testkit.KafkaCluster;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Utils;

/**
 * Writes attempt records and dead letters the way the dispatcher and retry-service do (keyed by
 * endpoint id, default partitioner), so the status view can be tested without them.
 */
final class StatusRecords implements AutoCloseable {
  private final KafkaProducer<byte[], byte[]> producer;
  private final String attempts;
  private final String dlq;

  StatusRecords(KafkaCluster kafka) {
    this.producer = new KafkaProducer<>(kafka.producerProps());
    this.attempts = kafka.topicPrefix() + "attempts";
    this.dlq = kafka.topicPrefix() + "dlq";
  }

  /** The partition of {@code endpointId} in a topic of {@code partitions} partitions. */
  static int partitionOf(String endpointId, int partitions) {
    return Utils.toPositive(Utils.murmur2(endpointId.getBytes(StandardCharsets.UTF_8)))
        % partitions;
  }

  static String deliveryId(String eventId, String endpointId) {
    return "dlv_" + eventId + "_" + endpointId;
  }

  static Attempt attempt(
      String tenant,
      String eventId,
      String endpointId,
      int number,
      Instant startedAt,
      long durationMs,
      AttemptOutcome outcome,
      Integer status) {
    return attempt(
        tenant, eventId, endpointId, number, startedAt, durationMs, outcome, status, null);
  }

  /** An attempt of a delivery whose event was accepted at {@code acceptedAt}. */
  static Attempt attempt(
      String tenant,
      String eventId,
      String endpointId,
      int number,
      Instant startedAt,
      long durationMs,
      AttemptOutcome outcome,
      Integer status,
      Instant acceptedAt) {
    boolean ok = outcome == AttemptOutcome.DELIVERED;
    return new Attempt(
        deliveryId(eventId, endpointId),
        eventId,
        endpointId,
        tenant,
        number,
        startedAt,
        durationMs,
        outcome,
        status,
        ok ? null : "HTTP " + status,
        ok ? "ok" : "unavailable",
        switch (outcome) {
          case DELIVERED -> null;
          case DEAD -> "dlq";
          default -> "retry-1s";
        },
        acceptedAt);
  }

  static DeadLetter deadLetter(
      String tenant, String eventId, String endpointId, DeadLetterReason reason, Instant at) {
    Delivery d =
        Delivery.fresh(
            deliveryId(eventId, endpointId), eventId, endpointId, tenant, "a.b", "{}", at, at);
    return DeadLetter.of(d, reason, at);
  }

  void send(Attempt a) {
    sendTo(attempts, a.endpointId(), Json.write(a));
  }

  /** {@code a} in a record stamped {@code recordTime}: the hour the stats count it in. */
  void sendAt(Attempt a, Instant recordTime) {
    try {
      producer
          .send(
              new ProducerRecord<>(
                  attempts,
                  null,
                  recordTime.toEpochMilli(),
                  a.endpointId().getBytes(StandardCharsets.UTF_8),
                  Json.write(a)))
          .get();
    } catch (Exception e) {
      throw new IllegalStateException("could not write to " + attempts, e);
    }
  }

  void send(DeadLetter d) {
    sendTo(dlq, d.delivery().endpointId(), Json.write(d));
  }

  /** A record no reader can parse, as a misbehaving producer might write. */
  void sendGarbage(String endpointId) {
    sendTo(attempts, endpointId, "not json".getBytes(StandardCharsets.UTF_8));
  }

  private void sendTo(String topic, String key, byte[] value) {
    try {
      producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)).get();
    } catch (Exception e) {
      throw new IllegalStateException("could not write to " + topic, e);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
