package io.hookline.ingest.status.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many records the DLQ topic holds: the sum over its partitions of end offset minus start
 * offset. Exact for records written without transactions; each transaction that wrote to a
 * partition also leaves a marker there, which this counts too, so with transactional writers
 * (retry-service, fan-out poison) it is an upper bound. Blocking; thread-safe.
 */
public final class DlqSize {
  private static final Logger log = LoggerFactory.getLogger(DlqSize.class);

  private final Admin admin;
  private final String topic;
  private final Duration timeout;

  public DlqSize(Admin admin, String topic, Duration timeout) {
    this.admin = admin;
    this.topic = topic;
    this.timeout = timeout;
  }

  /** The record count, or empty when the broker did not answer within the timeout. */
  public OptionalLong records() {
    try {
      TopicDescription description =
          admin
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
              .get(topic);
      Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      description
          .partitions()
          .forEach(
              p -> {
                earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
                latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
              });
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> start =
          admin.listOffsets(earliest).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end =
          admin.listOffsets(latest).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      long sum = 0;
      for (var e : end.entrySet()) {
        sum += Math.max(0, e.getValue().offset() - start.get(e.getKey()).offset());
      }
      return OptionalLong.of(sum);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalLong.empty();
    } catch (Exception e) {
      log.warn("could not read the offsets of {}: {}", topic, e.toString());
      return OptionalLong.empty();
    }
  }
}
