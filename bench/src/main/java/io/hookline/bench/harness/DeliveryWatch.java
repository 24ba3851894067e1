package io.hookline.bench.harness;

import io.hookline.core.kafka.KafkaClients;
import io.hookline.schemas.Delivery;
import io.hookline.schemas.InvalidRecordException;
import io.hookline.schemas.Json;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * When each of a book's events first became readable as a delivery: a read-committed consumer of
 * the phase's deliveries topic, from its end on, on a thread of its own, noting the time each
 * delivery is polled. That is when the fan-out's transaction committed, as a dispatcher sees it
 * (give or take this consumer's own fetch).
 */
public final class DeliveryWatch implements AutoCloseable {
  private final ArrivalBook book;
  private final AtomicLongArray seenAt;
  private final Thread thread;
  private volatile boolean running = true;

  private DeliveryWatch(Phase phase, ArrivalBook book) throws InterruptedException {
    this.book = book;
    this.seenAt = new AtomicLongArray(book.capacity());
    CountDownLatch positioned = new CountDownLatch(1);
    this.thread =
        Thread.ofPlatform().name("bench-delivery-watch").start(() -> run(phase, positioned));
    if (!positioned.await(60, TimeUnit.SECONDS)) {
      running = false;
      throw new IllegalStateException("the deliveries topic could not be read");
    }
  }

  /** Starts watching {@code phase}'s deliveries topic for {@code book}'s events. */
  public static DeliveryWatch start(Phase phase, ArrivalBook book) throws InterruptedException {
    return new DeliveryWatch(phase, book);
  }

  /** Nanoseconds from the book's origin at which {@code seq}'s delivery was seen; 0 if never. */
  public long seenAt(int seq) {
    return seenAt.get(seq);
  }

  private void run(Phase phase, CountDownLatch positioned) {
    String prefix = book.idPrefix();
    String topic = phase.topics().deliveries();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(KafkaClients.readerProps(phase.kafka(), "bench-delivery-watch"))) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position); // fixes the start before any event is sent
      positioned.countDown();
      while (running) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          note(r, prefix, book.now());
        }
      }
    }
  }

  private void note(ConsumerRecord<String, byte[]> r, String prefix, long now) {
    try {
      String eventId = Json.read(r.value(), Delivery.class).eventId();
      if (eventId.startsWith(prefix)) {
        int seq = Integer.parseInt(eventId, prefix.length(), eventId.length(), 10);
        if (seq >= 0 && seq < seenAt.length()) {
          seenAt.compareAndSet(seq, 0, now);
        }
      }
    } catch (InvalidRecordException | NumberFormatException e) {
      // not one of the book's
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(Duration.ofSeconds(10));
  }
}
