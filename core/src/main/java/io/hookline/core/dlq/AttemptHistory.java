package io.hookline.core.dlq;

import io.hookline.schemas.Attempt;
import io.hookline.schemas.Delivery;
import io.hookline.schemas.InvalidRecordException;
import io.hookline.schemas.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

/**
 * The attempts of one dead delivery, from {@code webhooks.attempts}. Attempts are keyed by endpoint
 * id, so they sit on one partition (the producer's default partitioner); only the time between the
 * delivery's first attempt and its death is read there, found with {@code offsetsForTimes}.
 */
public final class AttemptHistory {
  /** Slack around the window, for clocks of different hosts. */
  private static final Duration SLACK = Duration.ofMinutes(1);

  private static final int MAX_RECORDS = 200_000;

  private AttemptHistory() {}

  /**
   * The attempts of {@code delivery}, oldest first; empty when the topic is missing or aged out.
   */
  public static List<Attempt> of(DlqKafka session, Delivery delivery, Instant deadAt) {
    String topic = session.config().topics().attempts();
    List<Attempt> found = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = session.reader("attempts")) {
      var infos = consumer.partitionsFor(topic, DlqKafka.OPERATION_TIMEOUT);
      if (infos == null || infos.isEmpty()) {
        return List.of();
      }
      byte[] key = delivery.endpointId().getBytes(StandardCharsets.UTF_8);
      TopicPartition tp =
          new TopicPartition(topic, Utils.toPositive(Utils.murmur2(key)) % infos.size());
      Instant from =
          (delivery.firstAttemptAt() != null ? delivery.firstAttemptAt() : delivery.createdAt())
              .minus(SLACK);
      long end = consumer.endOffsets(List.of(tp)).get(tp);
      long start = offsetAt(consumer, tp, from, end);
      long stop = Math.min(end, offsetAt(consumer, tp, deadAt.plus(SLACK), end));
      if (start >= stop) {
        return List.of();
      }
      consumer.assign(List.of(tp));
      consumer.seek(tp, start);
      long deadline = System.nanoTime() + DlqKafka.OPERATION_TIMEOUT.toNanos();
      int read = 0;
      while (consumer.position(tp) < stop && read < MAX_RECORDS && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          read++;
          if (r.offset() < stop && delivery.endpointId().equals(r.key())) {
            try {
              Attempt a = Json.read(r.value(), Attempt.class);
              if (a.deliveryId().equals(delivery.id())) {
                found.add(a);
              }
            } catch (InvalidRecordException e) {
              // someone else's problem; the DLQ entry is what is being shown
            }
          }
        }
      }
    } catch (KafkaException e) {
      throw DlqKafka.failure("could not read " + topic, e);
    }
    found.sort(Comparator.comparing(Attempt::startedAt));
    return found;
  }

  private static long offsetAt(
      KafkaConsumer<String, byte[]> consumer, TopicPartition tp, Instant at, long end) {
    Map<TopicPartition, OffsetAndTimestamp> found =
        consumer.offsetsForTimes(Map.of(tp, at.toEpochMilli()));
    OffsetAndTimestamp f = found.get(tp);
    return f == null ? end : f.offset();
  }
}
