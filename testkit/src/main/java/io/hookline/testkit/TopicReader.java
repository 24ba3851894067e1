package io.hookline.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

/** Reads a whole topic from the beginning with a group-less consumer. One use per instance. */
final class TopicReader implements AutoCloseable {

  private static final Duration POLL = Duration.ofMillis(100);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String topic;
  private final Duration timeout;
  private final long deadlineNanos;
  private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();

  TopicReader(Map<String, Object> consumerProps, String topic, Duration timeout) {
    this.consumer = new KafkaConsumer<>(consumerProps);
    this.topic = topic;
    this.timeout = timeout;
    this.deadlineNanos = System.nanoTime() + timeout.toNanos();
  }

  List<ConsumerRecord<byte[], byte[]>> readToCurrentEnd() {
    try {
      List<TopicPartition> partitions = assignFromBeginning();
      Map<TopicPartition, Long> endOffsets = consumer.endOffsets(partitions, remaining());
      while (!reached(endOffsets)) {
        pollOnce("reach the end offsets " + endOffsets);
      }
      return List.copyOf(records);
    } catch (TimeoutException e) {
      throw timedOut("reach the end", e);
    }
  }

  List<ConsumerRecord<byte[], byte[]>> readUntil(
      Predicate<? super List<ConsumerRecord<byte[], byte[]>>> done) {
    try {
      assignFromBeginning();
      while (!done.test(Collections.unmodifiableList(records))) {
        pollOnce("meet the condition");
      }
      return List.copyOf(records);
    } catch (TimeoutException e) {
      throw timedOut("meet the condition", e);
    }
  }

  @Override
  public void close() {
    consumer.close();
  }

  /** Waits for the topic to exist, since the code under test may create it late. */
  private List<TopicPartition> assignFromBeginning() {
    List<TopicPartition> partitions = partitions();
    while (partitions.isEmpty()) {
      failIfPastDeadline("find the topic");
      pauseBeforeRetry();
      partitions = partitions();
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return partitions;
  }

  private List<TopicPartition> partitions() {
    try {
      return consumer.partitionsFor(topic, remaining()).stream()
          .map(info -> new TopicPartition(info.topic(), info.partition()))
          .toList();
    } catch (TimeoutException e) {
      return List.of();
    }
  }

  private void pauseBeforeRetry() {
    try {
      Thread.sleep(POLL);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for topic " + topic, e);
    }
  }

  private boolean reached(Map<TopicPartition, Long> endOffsets) {
    return endOffsets.entrySet().stream()
        .allMatch(end -> consumer.position(end.getKey(), remaining()) >= end.getValue());
  }

  private void pollOnce(String goal) {
    failIfPastDeadline(goal);
    consumer.poll(POLL).forEach(records::add);
  }

  private void failIfPastDeadline(String goal) {
    if (System.nanoTime() - deadlineNanos >= 0) {
      throw timedOut(goal, null);
    }
  }

  private AssertionError timedOut(String goal, Throwable cause) {
    return new AssertionError(
        "Reading topic %s did not %s within %s; read %d records so far"
            .formatted(topic, goal, timeout, records.size()),
        cause);
  }

  private Duration remaining() {
    return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
  }
}
