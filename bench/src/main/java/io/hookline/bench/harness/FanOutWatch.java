package io.hookline.bench.harness;

import io.hookline.core.kafka.KafkaClients;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** Tells when the ingest's fan-out has turned every event of a phase into deliveries. */
public final class FanOutWatch {
  private static final Duration CHECK_EVERY = Duration.ofMillis(100);

  private FanOutWatch() {}

  /**
   * Blocks until the fan-out's committed offsets reach the end of the events topic (with
   * exactly-once, committed means its deliveries are committed too), or {@code timeout} passes.
   * Kafka offers no notification of this, so it asks the admin API every 100 ms.
   */
  public static boolean awaitFannedOut(Phase phase, Duration timeout) throws Exception {
    String topic = phase.topics().events();
    String group = phase.topics().prefix() + "fanout";
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = Admin.create(KafkaClients.common(phase.kafka(), "bench-watch"))) {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get()
          .get(topic)
          .partitions()
          .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
      Map<TopicPartition, Long> ends = new HashMap<>();
      admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
      while (System.nanoTime() < deadline) {
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        boolean done =
            ends.entrySet().stream()
                .allMatch(
                    e -> {
                      OffsetAndMetadata c = committed.get(e.getKey());
                      return e.getValue() == 0 || (c != null && c.offset() >= e.getValue());
                    });
        if (done) {
          return true;
        }
        LockSupport.parkNanos(CHECK_EVERY.toNanos());
      }
      return false;
    }
  }
}
