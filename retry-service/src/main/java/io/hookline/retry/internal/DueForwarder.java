package io.hookline.retry.internal;

import io.hookline.schemas.RetryTier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;

/**
 * Consume–transform–produce for one poll's records: the due prefix of each partition goes on (see
 * {@link HopRouter}) in one Kafka transaction together with the offsets after it, sent with the
 * consumer's group metadata; the first record not yet due rewinds its partition to it and pauses
 * the partition until it is due. Poll thread only; blocks while the transaction commits.
 */
final class DueForwarder {
  private final Consumer<String, byte[]> consumer;
  private final Producer<String, byte[]> producer;
  private final Map<String, RetryTier> tierByTopic;
  private final HopRouter router;
  private final RetryMetrics metrics;
  private final PauseSchedule schedule;

  DueForwarder(
      Consumer<String, byte[]> consumer,
      Producer<String, byte[]> producer,
      Map<String, RetryTier> tierByTopic,
      HopRouter router,
      RetryMetrics metrics,
      PauseSchedule schedule) {
    this.consumer = consumer;
    this.producer = producer;
    this.tierByTopic = tierByTopic;
    this.router = router;
    this.metrics = metrics;
    this.schedule = schedule;
  }

  /**
   * Forwards what is due at {@code nowMs} and commits it, or aborts and throws: the transaction is
   * never left open when this returns. After a throw the consumer's positions are past records that
   * were not forwarded, so the caller must restart from the committed offsets.
   */
  void forward(ConsumerRecords<String, byte[]> records, long nowMs) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    List<Hop> hops = new ArrayList<>();
    try {
      for (TopicPartition tp : records.partitions()) {
        RetryTier tier = tierByTopic.get(tp.topic());
        for (ConsumerRecord<String, byte[]> record : records.records(tp)) {
          long dueMs = record.timestamp() + tier.delay().toMillis();
          if (dueMs > nowMs) {
            holdUntilDue(tp, record.offset(), dueMs);
            break;
          }
          if (hops.isEmpty()) {
            producer.beginTransaction();
          }
          Hop hop = router.route(record, tier, dueMs, nowMs);
          producer.send(hop.out());
          hops.add(hop);
          offsets.put(tp, new OffsetAndMetadata(record.offset() + 1));
        }
      }
      if (!hops.isEmpty()) {
        producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
        producer.commitTransaction();
      }
    } catch (RuntimeException e) {
      if (!hops.isEmpty()) {
        abortQuietly(e);
      }
      throw e;
    }
    hops.forEach(metrics::count);
  }

  /** Rewinds {@code tp} to its head and pauses it: nothing behind the head is due earlier. */
  private void holdUntilDue(TopicPartition tp, long headOffset, long dueMs) {
    consumer.seek(tp, headOffset);
    consumer.pause(List.of(tp));
    schedule.pauseUntil(tp, dueMs);
  }

  private void abortQuietly(RuntimeException cause) {
    try {
      producer.abortTransaction();
    } catch (RuntimeException e) {
      // A fenced or failed producer cannot abort; the broker aborts for it (transaction timeout,
      // or at once when the next session initialises the same transactional id).
      cause.addSuppressed(e);
    }
  }
}
