package io.hookline.core.dlq;

import io.hookline.schemas.DlqReplay;
import io.hookline.schemas.InvalidRecordException;
import io.hookline.schemas.Json;
import io.hookline.schemas.SourceRef;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * What has been replayed: the compacted {@code webhooks.dlq-replays} topic read to its end ({@code
 * read_committed}, so a replay still in flight, or one that died half-way, is not in it). Immutable
 * once read.
 */
public final class ReplayLedger {
  /** Empty for an entry that is there but unreadable: it still says "replayed". */
  private final Map<String, Optional<DlqReplay>> byKey;

  private final boolean exists;

  private ReplayLedger(Map<String, Optional<DlqReplay>> byKey, boolean exists) {
    this.byKey = Map.copyOf(byKey);
    this.exists = exists;
  }

  /** Reads the whole ledger; a missing ledger topic reads as empty (see {@link #exists()}). */
  public static ReplayLedger read(DlqKafka session, StopSignal stop) {
    String topic = session.config().topics().dlqReplays();
    Map<String, Optional<DlqReplay>> byKey = new HashMap<>();
    try (KafkaConsumer<String, byte[]> consumer = session.reader("ledger")) {
      var infos = consumer.partitionsFor(topic, DlqKafka.OPERATION_TIMEOUT);
      if (infos == null || infos.isEmpty()) {
        return new ReplayLedger(Map.of(), false);
      }
      List<TopicPartition> partitions =
          infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + DlqKafka.OPERATION_TIMEOUT.toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        if (stop.isStopRequested()) {
          throw DlqFailure.stopped();
        }
        if (System.nanoTime() > deadline) {
          throw new DlqFailure(
              "could not read the replay ledger "
                  + topic
                  + " within "
                  + DlqKafka.OPERATION_TIMEOUT.toSeconds()
                  + " s");
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          apply(byKey, r);
        }
      }
    } catch (KafkaException e) {
      throw DlqKafka.failure("could not read the replay ledger " + topic, e);
    }
    return new ReplayLedger(byKey, true);
  }

  private static void apply(
      Map<String, Optional<DlqReplay>> byKey, ConsumerRecord<String, byte[]> r) {
    if (r.key() == null) {
      return;
    }
    if (r.value() == null) {
      byKey.remove(r.key());
      return;
    }
    try {
      byKey.put(r.key(), Optional.of(Json.read(r.value(), DlqReplay.class)));
    } catch (InvalidRecordException e) {
      byKey.put(r.key(), Optional.empty());
    }
  }

  /** The latest replay of the DLQ entry at {@code dlqEntry}, if it was replayed. */
  public Optional<DlqReplay> find(SourceRef dlqEntry) {
    return byKey.getOrDefault(DlqReplay.keyOf(dlqEntry), Optional.empty());
  }

  public boolean contains(SourceRef dlqEntry) {
    return byKey.containsKey(DlqReplay.keyOf(dlqEntry));
  }

  public boolean exists() {
    return exists;
  }

  public int size() {
    return byKey.size();
  }
}
