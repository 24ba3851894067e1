package io.hookline.retry.internal;

import io.hookline.schemas.Delivery;
import io.hookline.schemas.Json;
import io.hookline.schemas.RecordHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.TimestampType;

/** Tier records as the broker hands them out: stamped with their log-append time. */
final class TierRecords {
  private TierRecords() {}

  static ConsumerRecord<String, byte[]> record(
      String topic, int partition, long offset, long appendedAtMs, byte[] value) {
    ConsumerRecord<String, byte[]> record =
        new ConsumerRecord<>(
            topic,
            partition,
            offset,
            appendedAtMs,
            TimestampType.LOG_APPEND_TIME,
            5,
            value.length,
            "ep_1",
            value,
            new org.apache.kafka.common.header.internals.RecordHeaders(),
            Optional.empty());
    // What the dispatcher sets on a tier record; none of it may travel on.
    record.headers().add(new RecordHeader(RecordHeaders.TIER, bytes("10s")));
    record.headers().add(new RecordHeader(RecordHeaders.DELIVERY_ID, bytes("dlv_old")));
    return record;
  }

  static byte[] delivery(String id, Instant createdAt) {
    return Json.write(
        Delivery.fresh(id, "evt_" + id, "ep_1", "acme", "a.b", "{}", createdAt, createdAt)
            .afterFailedAttempt(createdAt, 503, "HTTP 503"));
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
