package io.hookline.core.dlq;

import io.hookline.core.kafka.DeliveryRecords;
import io.hookline.schemas.DeadLetter;
import io.hookline.schemas.Delivery;
import io.hookline.schemas.DlqReplay;
import io.hookline.schemas.Json;
import io.hookline.schemas.SourceRef;
import io.hookline.schemas.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.SortedMap;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Re-publishes DLQ entries to deliveries. Each replayed delivery and its ledger entry are written
 * in one Kafka transaction, so the ledger says exactly what readers of deliveries ({@code
 * read_committed}, as the dispatcher is) will see: a run stopped by Ctrl-C, a failure or a crash
 * leaves no delivery without its ledger entry and no ledger entry without its delivery.
 *
 * <p>Readers of deliveries cannot read past an open transaction, so one is never left open while
 * the replay waits on anything but Kafka's answer to its own writes: it commits before every read
 * of the DLQ, before the pacer makes the loop wait (so paced sends reach the dispatcher at their
 * pace), after {@value #MAX_BATCH} records, and once one has been open for {@link #MAX_OPEN}.
 * However the run ends, what was sent is committed (done, Ctrl-C) or aborted (a failure) before
 * {@link #replay} returns. One thread; blocks on Kafka and on the pacer.
 */
public final class Replayer {
  static final int MAX_BATCH = 500;
  static final Duration MAX_OPEN = Duration.ofMillis(100);

  /**
   * How a run ended.
   *
   * @param replayed entries sent and recorded (committed)
   * @param uncertain entries whose commit timed out: the broker may still have committed them
   * @param missing planned entries no longer on the DLQ (retention)
   * @param failure what stopped the run, if Kafka or a read of the DLQ did
   * @param openAtFailure how long the transaction the failure hit had been open (zero if none was):
   *     one open past {@code transaction.timeout.ms} was aborted by the broker, not taken over
   * @param sending from the first send to the last commit
   */
  public record Result(
      long replayed,
      long uncertain,
      List<DlqRef> missing,
      boolean stopped,
      Optional<RuntimeException> failure,
      Duration openAtFailure,
      Duration sending) {}

  /**
   * Where the planned entries are read again from: {@link DlqReader#fetch}, or a test's wrapper.
   */
  @FunctionalInterface
  public interface Source {
    DlqReader.Fetched fetch(
        SortedMap<Integer, NavigableSet<Long>> wanted, DlqReader.Handler handler);
  }

  private final Producer<String, byte[]> producer;
  private final Topics topics;
  private final Clock clock;
  private final Pacer pacer;
  private final StopSignal stop;
  private final ReplayProgress progress;
  private final String run;
  private final String user;
  private final boolean forced;
  private long committed;
  private long pending;
  private long uncertain;
  private Instant openedAt;
  private Instant firstSendAt;
  private RuntimeException failure;
  private Duration openAtFailure = Duration.ZERO;

  public Replayer(
      Producer<String, byte[]> producer,
      Topics topics,
      Clock clock,
      Pacer pacer,
      StopSignal stop,
      ReplayProgress progress,
      String run,
      String user,
      boolean forced) {
    this.producer = producer;
    this.topics = topics;
    this.clock = clock;
    this.pacer = pacer;
    this.stop = stop;
    this.progress = progress;
    this.run = run;
    this.user = user;
    this.forced = forced;
  }

  /** Sends every entry of {@code plan}, reading each again from the DLQ through {@code reader}. */
  public Result replay(DlqReader reader, ReplayPlan plan) {
    return replay(plan, reader::fetch);
  }

  /** Sends every entry of {@code plan}, reading each again through {@code source}. */
  public Result replay(ReplayPlan plan, Source source) {
    List<DlqRef> missing = List.of();
    try {
      missing = source.fetch(plan.offsets(), new Handler()).missing();
    } catch (RuntimeException e) {
      fail(e); // a read that failed (Kafka gone, a stalled fetch): the summary still says it all
    }
    if (failure == null) {
      commit(); // done or stopped: what was sent becomes visible, and the ledger says so
    }
    if (failure != null) {
      abort();
    }
    progress.update(committed);
    progress.finish();
    Duration sending =
        firstSendAt == null ? Duration.ZERO : Duration.between(firstSendAt, clock.instant());
    return new Result(
        committed,
        uncertain,
        missing,
        stop.isStopRequested(),
        Optional.ofNullable(failure),
        openAtFailure,
        sending);
  }

  /** The replay as {@link DlqReader#fetch} sees it. */
  private final class Handler implements DlqReader.Handler {
    @Override
    public boolean handle(DlqRef ref, DeadLetter dead) {
      return send(ref, dead);
    }

    @Override
    public boolean beforeRead() {
      commit(); // the read may block: nothing sent so far may wait for it
      return failure == null;
    }
  }

  /** Sends one entry when its turn comes; false stops the run (Ctrl-C or a Kafka failure). */
  private boolean send(DlqRef ref, DeadLetter dead) {
    if (stop.isStopRequested() || failure != null) {
      return false;
    }
    for (Duration wait = pacer.untilNext(); !wait.isZero(); wait = pacer.untilNext()) {
      if (pending > 0 && (wait.compareTo(MAX_OPEN) >= 0 || openTooLong())) {
        commit(); // what was sent so far becomes visible before the pause, not after it
        if (failure != null) {
          return false;
        }
      } else if (stop.sleepUnlessStopped(wait)) {
        return false;
      }
    }
    try {
      if (pending == 0) {
        producer.beginTransaction();
        openedAt = clock.instant();
      }
      Instant now = clock.instant();
      firstSendAt = firstSendAt == null ? now : firstSendAt;
      SourceRef dlqEntry = ref.on(topics.dlq());
      Delivery replay = replayOf(dead.delivery(), dlqEntry, now);
      ProducerRecord<String, byte[]> delivery =
          DeliveryRecords.record(
              topics.deliveries(), now.toEpochMilli(), replay, Json.write(replay));
      DlqReplay entry =
          new DlqReplay(dlqEntry, replay.id(), replay.endpointId(), now, user, run, forced);
      producer.send(delivery);
      producer.send(
          new ProducerRecord<>(
              topics.dlqReplays(),
              null,
              now.toEpochMilli(),
              DlqReplay.keyOf(dlqEntry),
              Json.write(entry)));
      pacer.sentAt(now);
      pending++;
    } catch (KafkaException e) {
      fail(e);
      return false;
    }
    if (pending >= MAX_BATCH || openTooLong()) {
      commit();
    }
    progress.update(committed);
    return failure == null;
  }

  /**
   * The delivery a replay sends: the same delivery (id, event, endpoint, payload) with a fresh
   * attempt count, its retry state cleared, {@code replayOf} set, and created and accepted now, so
   * the maximum delivery age and the acceptance-to-delivery latency count from the replay rather
   * than from the original event.
   */
  public static Delivery replayOf(Delivery dead, SourceRef dlqEntry, Instant now) {
    return new Delivery(
        dead.id(),
        dead.eventId(),
        dead.endpointId(),
        dead.tenant(),
        dead.eventType(),
        dead.payload(),
        0,
        now,
        null,
        null,
        null,
        dlqEntry,
        now);
  }

  private boolean openTooLong() {
    return pending > 0 && Duration.between(openedAt, clock.instant()).compareTo(MAX_OPEN) >= 0;
  }

  private void commit() {
    if (pending == 0) {
      return;
    }
    try {
      producer.commitTransaction();
      committed += pending;
      pending = 0;
    } catch (TimeoutException e) {
      uncertain = pending;
      fail(e);
    } catch (KafkaException e) {
      fail(e);
    }
  }

  /** Records the first failure, and how long the transaction it hit had been open. */
  private void fail(RuntimeException e) {
    if (failure == null) {
      failure = e;
      openAtFailure =
          pending == 0 || openedAt == null
              ? Duration.ZERO
              : Duration.between(openedAt, clock.instant());
    }
  }

  /** Rolls back the open transaction, so that nothing of it is ever visible. */
  private void abort() {
    if (pending == 0 || fatal(failure)) {
      return; // a fatal error leaves the transaction to the broker, which aborts it
    }
    try {
      producer.abortTransaction();
    } catch (KafkaException e) {
      // the broker aborts it at the transaction timeout
    }
    pending = 0;
  }

  private static boolean fatal(RuntimeException e) {
    return e instanceof ProducerFencedException
        || e instanceof OutOfOrderSequenceException
        || e instanceof AuthorizationException;
  }
}
