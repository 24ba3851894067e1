package io.hookline.bench.harness;

import io.hookline.core.kafka.KafkaClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Reads a topic of a phase from the beginning, without a consumer group (read committed). */
public final class TopicScan {
  private TopicScan() {}

  /**
   * The records of {@code topic} that match {@code wanted}, read from the beginning until {@code
   * count} of them have been seen or {@code timeout} has passed (then fewer are returned).
   */
  public static List<ConsumerRecord<String, byte[]>> read(
      Phase phase,
      String topic,
      Predicate<ConsumerRecord<String, byte[]>> wanted,
      int count,
      Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>(count);
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(KafkaClients.readerProps(phase.kafka(), "bench-scan"))) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (out.size() < count && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (wanted.test(record)) {
            out.add(record);
          }
        }
      }
    }
    return out;
  }
}
