package io.hookline.bench.harness;

import io.hookline.core.config.KafkaConfig;
import io.hookline.core.kafka.KafkaClients;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Counts the committed records of a topic by reading it to its end. End offsets alone would
 * overcount: transaction markers take offsets too.
 */
public final class TopicCount {
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private TopicCount() {}

  public static long records(KafkaConfig kafka, String topic) {
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(KafkaClients.readerProps(kafka, "bench-count"))) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      // read_committed: the end is the last stable offset, so nothing in flight is counted.
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      long count = 0;
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (!reached(consumer, ends)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topic + " within " + TIMEOUT);
        }
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
        count += records.count();
      }
      return count;
    }
  }

  private static boolean reached(
      KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> ends) {
    return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }
}
