package io.hookline.bench.harness;

import io.hookline.core.config.KafkaConfig;
import io.hookline.core.kafka.KafkaClients;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Waits until freshly created topics can take writes. A produce that reaches a partition before its
 * leader has loaded it fails and is retried; meanwhile the idempotent producer's next batch arrives
 * first and is refused as out of order, and on a loaded machine the two can chase each other for
 * minutes. Asking every partition's leader for its end offset until all answer avoids the race.
 */
public final class TopicReadiness {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private TopicReadiness() {}

  public static void await(KafkaConfig kafka, List<String> topics) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    try (Admin admin = Admin.create(KafkaClients.common(kafka, "bench-readiness"))) {
      while (true) {
        try {
          // Described afresh each time: a topic just created can be unknown to the broker's
          // metadata for a moment, as its partitions can be not yet loaded.
          admin.listOffsets(partitionsOf(admin, topics)).all().get();
          return;
        } catch (ExecutionException e) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(
                "topics " + topics + " not writable within " + TIMEOUT, e);
          }
          // Not there yet: ask again shortly; there is nothing to wait on but the broker.
          LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for topics", e);
    }
  }

  private static Map<TopicPartition, OffsetSpec> partitionsOf(Admin admin, List<String> topics)
      throws ExecutionException, InterruptedException {
    Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
    admin
        .describeTopics(topics)
        .allTopicNames()
        .get()
        .forEach(
            (topic, description) ->
                description
                    .partitions()
                    .forEach(
                        p ->
                            partitions.put(
                                new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
    return partitions;
  }
}
