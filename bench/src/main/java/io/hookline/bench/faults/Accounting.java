package io.hookline.bench.faults;

import io.hookline.bench.harness.Progress;
import io.hookline.schemas.DeadLetter;
import io.hookline.schemas.Delivery;
import io.hookline.schemas.InvalidRecordException;
import io.hookline.schemas.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What became of every accepted event at every endpoint, once the run has settled: delivered (the
 * receiver answered 200 to it), waiting (in a retry tier), dead (in the DLQ), or lost (none of
 * these: the promise broken). Duplicates are 200s beyond the first for the same event and endpoint.
 */
final class Accounting {
  private Accounting() {}

  /** How the wait for a run to settle ended. */
  enum Settled {
    /** Every accepted event reached every endpoint. */
    ALL_ARRIVED,
    /** Nothing new arrived for the quiet period; what is missing is looked for elsewhere. */
    QUIET,
    /** Deliveries kept arriving, but not all of them within the longest wait. */
    TIMED_OUT
  }

  /**
   * Waits until every accepted event reached every endpoint, or until nothing new has arrived for
   * {@code quiet} (then what is missing is looked for in the tiers and the DLQ), at most {@code
   * max}.
   */
  static Settled awaitSettled(FaultStack stack, ApiLoad load, Duration quiet, Duration max)
      throws InterruptedException {
    long expected = (long) load.accepted().cardinality() * stack.endpointIds.size();
    Settled how =
        awaitSettled(
            () -> stack.receiver.delivered().size(),
            expected,
            stack.receiver::lastArrivalNanos,
            quiet,
            max);
    long delivered = stack.receiver.delivered().size();
    switch (how) {
      case QUIET ->
          Progress.say("nothing arrived for %s; %d of %d delivered", quiet, delivered, expected);
      case TIMED_OUT ->
          Progress.say("did not settle within %s; %d of %d delivered", max, delivered, expected);
      case ALL_ARRIVED -> {}
    }
    return how;
  }

  /**
   * The wait itself. The quiet period counts from the later of the last arrival and the start of
   * the wait: a fault that stopped deliveries for longer than {@code quiet} before the load ended
   * (a broker down and restarting) must still be given {@code quiet} to resume.
   */
  static Settled awaitSettled(
      LongSupplier delivered,
      long expected,
      LongSupplier lastArrivalNanos,
      Duration quiet,
      Duration max)
      throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + max.toNanos();
    while (System.nanoTime() < deadline) {
      if (delivered.getAsLong() >= expected) {
        return Settled.ALL_ARRIVED;
      }
      long quietSince = Math.max(lastArrivalNanos.getAsLong(), start);
      if (System.nanoTime() - quietSince > quiet.toNanos()) {
        return Settled.QUIET;
      }
      TimeUnit.MILLISECONDS.sleep(100); // the settling check's period, bounded by max
    }
    return delivered.getAsLong() >= expected ? Settled.ALL_ARRIVED : Settled.TIMED_OUT;
  }

  /**
   * Waits for the run to settle ({@link #awaitSettled(FaultStack, ApiLoad, Duration, Duration)})
   * and counts it ({@link #count}), with how the wait ended under {@code settled}.
   */
  static Map<String, Object> settleAndCount(
      FaultStack stack, ApiLoad load, int sent, Duration quiet, Duration max)
      throws InterruptedException {
    Settled how = awaitSettled(stack, load, quiet, max);
    Map<String, Object> out = new LinkedHashMap<>(count(stack, load, sent));
    out.put("settled", how.name().toLowerCase(Locale.ROOT));
    return out;
  }

  /** The figures of the run: sent, delivered, lost, duplicates, waiting, dead. */
  static Map<String, Object> count(FaultStack stack, ApiLoad load, int sent) {
    BitSet accepted = load.accepted();
    int endpoints = stack.endpointIds.size();
    Map<String, Integer> endpointIndex = new HashMap<>();
    for (int i = 0; i < endpoints; i++) {
      endpointIndex.put(stack.endpointIds.get(i), i);
    }
    Map<String, AtomicLong> delivered = stack.receiver.delivered();
    long duplicates = 0;
    for (AtomicLong n : delivered.values()) {
      duplicates += n.get() - 1;
    }
    Set<String> missing = new HashSet<>();
    for (int seq = accepted.nextSetBit(0); seq >= 0; seq = accepted.nextSetBit(seq + 1)) {
      for (int e = 0; e < endpoints; e++) {
        String key = e + "|" + load.eventId(seq);
        if (!delivered.containsKey(key)) {
          missing.add(key);
        }
      }
    }
    Set<String> waiting = new HashSet<>();
    Set<String> dead = new HashSet<>();
    if (!missing.isEmpty()) {
      for (ConsumerRecord<byte[], byte[]> r : readAll(stack, stack.tierTopics())) {
        keyOf(r.value(), endpointIndex, Delivery.class).ifPresent(waiting::add);
      }
      for (ConsumerRecord<byte[], byte[]> r : readAll(stack, List.of("webhooks.dlq"))) {
        keyOf(r.value(), endpointIndex, DeadLetter.class).ifPresent(dead::add);
      }
    }
    long lost = 0;
    long inTiers = 0;
    long inDlq = 0;
    for (String key : missing) {
      if (dead.contains(key)) {
        inDlq++;
      } else if (waiting.contains(key)) {
        inTiers++;
      } else {
        lost++;
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("sent", sent);
    out.put("accepted", accepted.cardinality());
    out.put("expectedDeliveries", (long) accepted.cardinality() * endpoints);
    out.put("delivered", delivered.size());
    out.put("lost", lost);
    out.put("duplicates", duplicates);
    out.put("waitingInTiers", inTiers);
    out.put("dlq", inDlq);
    out.put("requests", stack.receiver.requests());
    out.put("clientRetries", load.retries());
    out.put("clientGaveUp", load.givenUp());
    return out;
  }

  private static Optional<String> keyOf(
      byte[] value, Map<String, Integer> endpointIndex, Class<?> type) {
    try {
      Delivery d =
          type == Delivery.class
              ? Json.read(value, Delivery.class)
              : Json.read(value, DeadLetter.class).delivery();
      if (d == null || !endpointIndex.containsKey(d.endpointId())) {
        return Optional.empty();
      }
      return Optional.of(endpointIndex.get(d.endpointId()) + "|" + d.eventId());
    } catch (InvalidRecordException e) {
      return Optional.empty();
    }
  }

  /** Every committed record of {@code topics}, from the beginning to the end as of now. */
  static List<ConsumerRecord<byte[], byte[]>> readAll(FaultStack stack, List<String> topics) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.broker.bootstrapServers());
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String t : topics) {
        c.partitionsFor(t, Duration.ofSeconds(10))
            .forEach(p -> partitions.add(new TopicPartition(t, p.partition())));
      }
      c.assign(partitions);
      c.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = c.endOffsets(partitions, Duration.ofSeconds(10));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < deadline
          && partitions.stream().anyMatch(tp -> c.position(tp) < ends.get(tp))) {
        c.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }
}
