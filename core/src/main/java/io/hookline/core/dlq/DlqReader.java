package io.hookline.core.dlq;

import io.hookline.schemas.DeadLetter;
import io.hookline.schemas.InvalidRecordException;
import io.hookline.schemas.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the DLQ topic ({@code read_committed}, group-less). A scan covers each partition from the
 * first record at or after {@code since} (found with {@code offsetsForTimes}, so history before it
 * is not read) up to the end as of the scan's start, or to the first record at {@code until}.
 * Blocking; one thread. Checks the stop signal before each poll: a scan or a read then fails (exit
 * code 130), a fetch returns, so that its handler can finish what it started.
 */
public final class DlqReader {
  private static final Duration POLL = Duration.ofMillis(200);

  private final DlqKafka session;
  private final StopSignal stop;
  private final String eventsTopic;
  private final String topic;

  public DlqReader(DlqKafka session, StopSignal stop) {
    this.session = session;
    this.stop = stop;
    this.topic = session.config().topics().dlq();
    this.eventsTopic = session.config().topics().events();
  }

  public String topic() {
    return topic;
  }

  /**
   * What a scan read.
   *
   * @param recordsRead DLQ records read, matching or not
   * @param unreadable records that are not a DeadLetter (skipped), and the first of them
   * @param stoppedEarly partitions left before their end because they reached the cap
   */
  public record ScanResult(
      long recordsRead, long unreadable, Optional<DlqRef> firstUnreadable, int stoppedEarly) {}

  /**
   * Offers each entry matching {@code filter} to {@code take}, oldest first within a partition. A
   * partition is left once {@code capPerPartition} entries of it were taken.
   */
  public ScanResult scan(DlqFilter filter, long capPerPartition, Predicate<DlqEntry> take) {
    return scan(filter, Map.of(), capPerPartition, take, new HashMap<>());
  }

  /**
   * A page of the entries matching {@code filter}: at most {@code size}, oldest first (by the time
   * they reached the DLQ, then by ref), from {@code from} on (per partition, the first offset to
   * read; partitions it does not name are read from their start), and where the next page starts if
   * there is more. Each partition gives the page a run of its entries in offset order, so following
   * {@link Page#next} pages on shows every matching entry once, those that arrive meanwhile
   * included. A partition is read only until it gave {@code size + 1} matching entries.
   */
  public Page page(DlqFilter filter, Map<Integer, Long> from, int size) {
    Map<Integer, List<DlqEntry>> byPartition = new HashMap<>();
    Map<Integer, Long> ends = new HashMap<>();
    ScanResult scan =
        scan(
            filter,
            from,
            size + 1L,
            e -> byPartition.computeIfAbsent(e.ref().partition(), p -> new ArrayList<>()).add(e),
            ends);
    Map<Integer, Integer> taken = new HashMap<>();
    List<DlqEntry> page = new ArrayList<>();
    while (page.size() < size) {
      DlqEntry next = null;
      for (var e : byPartition.entrySet()) {
        int i = taken.getOrDefault(e.getKey(), 0);
        if (i < e.getValue().size()
            && (next == null || DlqEntry.OLDEST_FIRST.compare(e.getValue().get(i), next) < 0)) {
          next = e.getValue().get(i);
        }
      }
      if (next == null) {
        break;
      }
      page.add(next);
      taken.merge(next.ref().partition(), 1, Integer::sum);
    }
    boolean more =
        byPartition.entrySet().stream()
            .anyMatch(e -> taken.getOrDefault(e.getKey(), 0) < e.getValue().size());
    if (!more) {
      return new Page(page, Optional.empty(), scan);
    }
    Map<Integer, Long> next = new HashMap<>(ends);
    byPartition.forEach(
        (p, entries) -> {
          int i = taken.getOrDefault(p, 0);
          if (i < entries.size()) {
            next.put(p, entries.get(i).ref().offset());
          }
        });
    return new Page(page, Optional.of(Map.copyOf(next)), scan);
  }

  /**
   * One page of entries.
   *
   * @param next where the next page starts (per partition, the first offset to read), if more
   *     entries match
   */
  public record Page(List<DlqEntry> entries, Optional<Map<Integer, Long>> next, ScanResult scan) {}

  private ScanResult scan(
      DlqFilter filter,
      Map<Integer, Long> from,
      long capPerPartition,
      Predicate<DlqEntry> take,
      Map<Integer, Long> ends) {
    try (KafkaConsumer<String, byte[]> consumer = session.reader("dlq")) {
      List<TopicPartition> partitions = partitions(consumer);
      Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
      Map<TopicPartition, Long> start =
          new HashMap<>(
              filter.since().isPresent()
                  ? offsetsAt(consumer, end, filter.since().get())
                  : consumer.beginningOffsets(partitions));
      from.forEach(
          (p, o) ->
              start.computeIfPresent(new TopicPartition(topic, p), (tp, s) -> Math.max(s, o)));
      filter
          .until()
          .ifPresent(
              u -> offsetsAt(consumer, end, u).forEach((tp, o) -> end.merge(tp, o, Math::min)));
      Set<TopicPartition> active = new HashSet<>();
      for (TopicPartition tp : partitions) {
        if (start.get(tp) < end.get(tp)) {
          active.add(tp);
        }
      }
      end.forEach((tp, o) -> ends.put(tp.partition(), Math.max(o, start.get(tp))));
      consumer.assign(active);
      active.forEach(tp -> consumer.seek(tp, start.get(tp)));
      Map<TopicPartition, Long> taken = new HashMap<>();
      long read = 0;
      long unreadable = 0;
      DlqRef firstUnreadable = null;
      int stoppedEarly = 0;
      Progress progress = new Progress();
      while (!active.isEmpty()) {
        ConsumerRecords<String, byte[]> records = poll(consumer);
        for (TopicPartition tp : records.partitions()) {
          for (ConsumerRecord<String, byte[]> r : records.records(tp)) {
            if (!active.contains(tp) || r.offset() >= end.get(tp)) {
              break;
            }
            read++;
            DlqRef ref = new DlqRef(r.partition(), r.offset());
            Optional<DeadLetter> dead = decode(r);
            if (dead.isEmpty()) {
              unreadable++;
              firstUnreadable = firstUnreadable == null ? ref : firstUnreadable;
              continue;
            }
            DlqEntry entry = DlqEntry.of(ref, r.timestamp(), r.key(), dead.get(), eventsTopic);
            if (filter.matches(entry)
                && take.test(entry)
                && taken.merge(tp, 1L, Long::sum) >= capPerPartition) {
              if (r.offset() + 1 < end.get(tp)) {
                stoppedEarly++;
              }
              leave(consumer, active, tp);
            }
          }
        }
        for (TopicPartition tp : List.copyOf(active)) {
          if (consumer.position(tp) >= end.get(tp)) {
            leave(consumer, active, tp);
          }
        }
        progress.check(read + active.stream().mapToLong(consumer::position).sum());
      }
      return new ScanResult(read, unreadable, Optional.ofNullable(firstUnreadable), stoppedEarly);
    } catch (KafkaException e) {
      throw DlqKafka.failure("could not read " + topic, e);
    }
  }

  /** What {@link #fetch} hands the wanted entries to. Called on the fetching thread only. */
  public interface Handler {
    /** Takes one wanted entry; false stops the fetch. */
    boolean handle(DlqRef ref, DeadLetter dead);

    /**
     * Called before every read of the DLQ (each poll, which may block for a while): what the
     * handler holds open that others wait for must be closed here (a replay commits its
     * transaction). False stops the fetch.
     */
    boolean beforeRead();
  }

  /**
   * What a fetch found.
   *
   * @param missing planned refs no longer on the DLQ (gone to retention since they were planned)
   * @param recordsRead DLQ records read, wanted or not
   */
  public record Fetched(List<DlqRef> missing, long recordsRead) {}

  /**
   * Reads again exactly the entries at {@code wanted} (offsets per partition) and hands each to
   * {@code handler}, partitions interleaved as the broker returns them, offsets in order. Each
   * partition is sought straight to its next wanted offset whenever the records read so far end
   * before it, so a sparse selection on a big DLQ reads about one batch per wanted entry, not the
   * history between them. Returns early, without failing, when a stop is requested or the handler
   * says stop.
   */
  public Fetched fetch(SortedMap<Integer, NavigableSet<Long>> wanted, Handler handler) {
    return fetchRecords(
        wanted,
        new RecordHandler() {
          @Override
          public boolean handle(ConsumerRecord<String, byte[]> r) {
            Optional<DeadLetter> dead = decode(r);
            return dead.isEmpty()
                || handler.handle(new DlqRef(r.partition(), r.offset()), dead.get());
          }

          @Override
          public boolean beforeRead() {
            return handler.beforeRead();
          }
        });
  }

  /**
   * The entries at {@code refs}, in that order; fails naming the first ref that holds no dead
   * letter (beyond the partition's offsets, gone with retention, not a dead letter).
   */
  public List<DlqEntry> entries(List<DlqRef> refs) {
    SortedMap<Integer, NavigableSet<Long>> wanted = new TreeMap<>();
    try (KafkaConsumer<String, byte[]> consumer = session.reader("dlq-refs")) {
      List<TopicPartition> partitions = partitions(consumer);
      Map<TopicPartition, Long> first = consumer.beginningOffsets(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      for (DlqRef ref : refs) {
        if (ref.partition() >= partitions.size()) {
          throw noPartition(ref, partitions.size());
        }
        TopicPartition tp = new TopicPartition(topic, ref.partition());
        if (ref.offset() < first.get(tp) || ref.offset() >= end.get(tp)) {
          throw noOffset(ref, first.get(tp), end.get(tp));
        }
        wanted.computeIfAbsent(ref.partition(), p -> new TreeSet<>()).add(ref.offset());
      }
    } catch (KafkaException e) {
      throw DlqKafka.failure("could not read " + topic, e);
    }
    Map<DlqRef, DlqEntry> found = new HashMap<>();
    Fetched fetched =
        fetchRecords(
            wanted,
            new RecordHandler() {
              @Override
              public boolean handle(ConsumerRecord<String, byte[]> r) {
                DlqRef ref = new DlqRef(r.partition(), r.offset());
                decode(r)
                    .ifPresent(
                        d ->
                            found.put(
                                ref, DlqEntry.of(ref, r.timestamp(), r.key(), d, eventsTopic)));
                return true;
              }

              @Override
              public boolean beforeRead() {
                return true;
              }
            });
    if (stop.isStopRequested()) {
      throw DlqFailure.stopped();
    }
    List<DlqEntry> out = new ArrayList<>();
    for (DlqRef ref : refs) {
      DlqEntry e = found.get(ref);
      if (e == null) {
        throw DlqFailure.notFound(
            "no DLQ entry "
                + ref
                + (fetched.missing().contains(ref)
                    ? ": that offset holds no record (a transaction marker or an aborted write),"
                        + " or it has just gone with the topic's retention"
                    : ": the record there is not a dead letter"));
      }
      out.add(e);
    }
    return out;
  }

  /** What {@link #fetchRecords} hands each wanted record to. */
  private interface RecordHandler {
    boolean handle(ConsumerRecord<String, byte[]> r);

    boolean beforeRead();
  }

  private Fetched fetchRecords(
      SortedMap<Integer, NavigableSet<Long>> wanted, RecordHandler handler) {
    Map<TopicPartition, NavigableSet<Long>> left = new HashMap<>();
    wanted.forEach(
        (p, offsets) -> {
          if (!offsets.isEmpty()) {
            left.put(new TopicPartition(topic, p), new TreeSet<>(offsets));
          }
        });
    List<DlqRef> missing = new ArrayList<>();
    long read = 0;
    try (KafkaConsumer<String, byte[]> consumer = session.reader("dlq-replay")) {
      consumer.assign(left.keySet());
      left.forEach((tp, offsets) -> consumer.seek(tp, offsets.first()));
      Progress progress = new Progress();
      while (!left.isEmpty()) {
        if (stop.isStopRequested() || !handler.beforeRead()) {
          return new Fetched(sorted(missing), read);
        }
        ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
        for (ConsumerRecord<String, byte[]> r : records) {
          read++;
          NavigableSet<Long> offsets = left.get(new TopicPartition(r.topic(), r.partition()));
          if (offsets != null && offsets.remove(r.offset()) && !handler.handle(r)) {
            return new Fetched(sorted(missing), read);
          }
        }
        for (TopicPartition tp : List.copyOf(left.keySet())) {
          NavigableSet<Long> offsets = left.get(tp);
          long position = consumer.position(tp);
          // Wanted offsets behind the position that no record answered are gone: the log start
          // moved past them (retention) and the reader was reset to it.
          NavigableSet<Long> passed = offsets.headSet(position, false);
          passed.forEach(o -> missing.add(new DlqRef(tp.partition(), o)));
          passed.clear();
          if (offsets.isEmpty()) {
            left.remove(tp);
            consumer.pause(List.of(tp));
          } else if (position < offsets.first()) {
            consumer.seek(tp, offsets.first());
          }
        }
        progress.check(read + left.keySet().stream().mapToLong(consumer::position).sum());
      }
    } catch (KafkaException e) {
      throw DlqKafka.failure("could not read " + topic, e);
    }
    return new Fetched(sorted(missing), read);
  }

  private static List<DlqRef> sorted(List<DlqRef> refs) {
    return refs.stream().sorted().toList();
  }

  /** The record at {@code ref}, or a failure that says why there is none. */
  public ConsumerRecord<String, byte[]> read(DlqRef ref) {
    try (KafkaConsumer<String, byte[]> consumer = session.reader("dlq-show")) {
      List<TopicPartition> partitions = partitions(consumer);
      if (ref.partition() >= partitions.size()) {
        throw noPartition(ref, partitions.size());
      }
      TopicPartition tp = new TopicPartition(topic, ref.partition());
      long first = consumer.beginningOffsets(List.of(tp)).get(tp);
      long end = consumer.endOffsets(List.of(tp)).get(tp);
      if (ref.offset() < first || ref.offset() >= end) {
        throw noOffset(ref, first, end);
      }
      consumer.assign(List.of(tp));
      consumer.seek(tp, ref.offset());
      Progress progress = new Progress();
      while (consumer.position(tp) <= ref.offset()) {
        for (ConsumerRecord<String, byte[]> r : poll(consumer)) {
          if (r.offset() == ref.offset()) {
            return r;
          }
        }
        progress.check(consumer.position(tp));
      }
      throw DlqFailure.notFound(
          "no DLQ entry " + ref + " (that offset holds no record, e.g. a transaction marker)");
    } catch (KafkaException e) {
      throw DlqKafka.failure("could not read " + topic, e);
    }
  }

  private DlqFailure noPartition(DlqRef ref, int partitions) {
    return DlqFailure.notFound(
        "no DLQ entry " + ref + ": " + topic + " has partitions 0 to " + (partitions - 1));
  }

  private static DlqFailure noOffset(DlqRef ref, long first, long end) {
    return DlqFailure.notFound(
        "no DLQ entry "
            + ref
            + ": partition "
            + ref.partition()
            + " holds offsets "
            + (first < end ? first + " to " + (end - 1) : "none")
            + (ref.offset() < first ? " (older entries are gone with the topic's retention)" : ""));
  }

  private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer) {
    return session.partitionsOf(consumer, topic).stream()
        .map(p -> new TopicPartition(topic, p.partition()))
        .sorted(Comparator.comparingInt(TopicPartition::partition))
        .toList();
  }

  /** Per partition, the first offset at or after {@code at}; the end where there is none. */
  private static Map<TopicPartition, Long> offsetsAt(
      KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end, Instant at) {
    Map<TopicPartition, Long> query = new HashMap<>();
    end.keySet().forEach(tp -> query.put(tp, at.toEpochMilli()));
    Map<TopicPartition, Long> out = new HashMap<>();
    Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
    for (TopicPartition tp : end.keySet()) {
      OffsetAndTimestamp f = found.get(tp);
      out.put(tp, f == null ? end.get(tp) : Math.min(f.offset(), end.get(tp)));
    }
    return out;
  }

  private ConsumerRecords<String, byte[]> poll(KafkaConsumer<String, byte[]> consumer) {
    if (stop.isStopRequested()) {
      throw DlqFailure.stopped();
    }
    return consumer.poll(POLL);
  }

  private static void leave(
      KafkaConsumer<String, byte[]> consumer, Set<TopicPartition> active, TopicPartition tp) {
    if (active.remove(tp)) {
      consumer.pause(List.of(tp));
    }
  }

  static Optional<DeadLetter> decode(ConsumerRecord<String, byte[]> r) {
    try {
      return Optional.of(Json.read(r.value(), DeadLetter.class));
    } catch (InvalidRecordException e) {
      return Optional.empty();
    }
  }

  /** Fails a read that stops moving (a broker gone mid-read) instead of polling forever. */
  private static final class Progress {
    private long last = -1;
    private long since = System.nanoTime();

    void check(long position) {
      long now = System.nanoTime();
      if (position != last) {
        last = position;
        since = now;
      } else if (now - since > DlqKafka.OPERATION_TIMEOUT.toNanos()) {
        throw new DlqFailure(
            "reading stalled: Kafka returned nothing for "
                + DlqKafka.OPERATION_TIMEOUT.toSeconds()
                + " s");
      }
    }
  }
}
