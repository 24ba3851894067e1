package io.hookline.bench.reference;

import io.hookline.bench.harness.Phase;
import io.hookline.core.kafka.KafkaClients;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The retry-timing reference: the same consume-transform-produce transaction as the retry-service's
 * forwarder (records and consumed offsets committed together, same client settings), but forwarding
 * every record at once, with no delay. What it achieves is what this broker and client allow: the
 * floor under the retry-service's lateness and its ceiling of forwards per second. With {@code
 * copies} above 1 it writes each record that many times under distinct keys: the fan-out's
 * reference, its output volume without its lookups. Runs on its own thread until {@link #close}.
 */
public final class CopyLoop implements AutoCloseable {
  private final KafkaConsumer<String, byte[]> consumer;
  private final KafkaProducer<String, byte[]> producer;
  private final String from;
  private final String to;
  private final int copies;
  private final Thread thread;
  private final AtomicLong copied = new AtomicLong();
  private volatile boolean stopping;

  public CopyLoop(Phase phase, String from, String to) {
    this(phase, from, to, 1);
  }

  public CopyLoop(Phase phase, String from, String to, int copies) {
    this.from = from;
    this.to = to;
    this.copies = copies;
    this.consumer =
        new KafkaConsumer<>(
            KafkaClients.consumerProps(
                phase.kafka(), "bench-copy", phase.topics().prefix() + "bench-copy"));
    Map<String, Object> producerProps = KafkaClients.producerProps(phase.kafka(), "bench-copy");
    producerProps.put(
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, phase.topics().prefix() + "bench-copy");
    this.producer = new KafkaProducer<>(producerProps);
    this.thread = Thread.ofPlatform().name("bench-copy").unstarted(this::copyUntilStopped);
  }

  /** Starts copying on its own thread; returns at once. */
  public CopyLoop start() {
    producer.initTransactions();
    consumer.subscribe(List.of(from));
    thread.start();
    return this;
  }

  /** Input records whose copies are committed. */
  public long copied() {
    return copied.get();
  }

  private void copyUntilStopped() {
    try {
      while (!stopping) {
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(100));
        if (records.isEmpty()) {
          continue;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        producer.beginTransaction();
        for (ConsumerRecord<String, byte[]> record : records) {
          if (copies == 1) {
            producer.send(new ProducerRecord<>(to, record.key(), record.value()));
          } else {
            for (int c = 0; c < copies; c++) {
              producer.send(new ProducerRecord<>(to, record.key() + "-" + c, record.value()));
            }
          }
          offsets.put(
              new TopicPartition(record.topic(), record.partition()),
              new OffsetAndMetadata(record.offset() + 1));
        }
        producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
        producer.commitTransaction();
        copied.addAndGet(records.count());
        synchronized (copied) {
          copied.notifyAll();
        }
      }
    } catch (WakeupException e) {
      // close() woke the consumer.
    }
  }

  /** Waits until at least {@code count} input records are copied; false on timeout. */
  public boolean awaitCopied(long count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (copied) {
      while (copied.get() < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !thread.isAlive()) {
          return copied.get() >= count;
        }
        copied.wait(Math.max(1, Math.min(left / 1_000_000, 1000)));
      }
    }
    return true;
  }

  @Override
  public void close() {
    stopping = true;
    consumer.wakeup();
    try {
      thread.join(Duration.ofSeconds(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(10));
    consumer.close();
  }
}
