package io.hookline.cli.dlq.internal;

import io.hookline.cli.StopSignal;
import io.hookline.cli.dlq.DlqRef;
import io.hookline.cli.internal.Pacer;
import io.hookline.cli.internal.ProgressBar;
import io.hookline.schemas.DeadLetter;
import io.hookline.schemas.Delivery;
import io.hookline.schemas.DlqReplay;
import io.hookline.schemas.Json;
import io.hookline.schemas.RecordHeaders;
import io.hookline.schemas.SourceRef;
import io.hookline.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;

/**
 * Re-publishes DLQ entries to deliveries. Each replayed delivery and its ledger entry are written
 * in one Kafka transaction, so the ledger says exactly what readers of deliveries ({@code
 * read_committed}, as the dispatcher is) will see: a run stopped by Ctrl-C, a failure or a crash
 * leaves no delivery without its ledger entry and no ledger entry without its delivery.
 *
 * <p>Transactions commit before the pacer makes the loop wait (so paced sends reach the dispatcher
 * at their pace), after {@value #MAX_BATCH} records, and when one has been open for {@link
 * #MAX_OPEN}. One thread; blocks on Kafka and on the pacer.
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
   * @param failure what stopped the run, if Kafka did
   * @param sending from the first send to the last commit
   */
  public record Result(
      long replayed,
      long uncertain,
      List<DlqRef> missing,
      boolean stopped,
      Optional<KafkaException> failure,
      Duration sending) {}

  private final Producer<String, byte[]> producer;
  private final Topics topics;
  private final Clock clock;
  private final Pacer pacer;
  private final StopSignal stop;
  private final ProgressBar progress;
  private final String run;
  private final String user;
  private final boolean forced;
  private long committed;
  private long pending;
  private long uncertain;
  private Instant openedAt;
  private Instant firstSendAt;
  private KafkaException failure;

  public Replayer(
      Producer<String, byte[]> producer,
      Topics topics,
      Clock clock,
      Pacer pacer,
      StopSignal stop,
      ProgressBar progress,
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
    List<DlqRef> missing = reader.fetch(plan.offsets(), this::send);
    if (failure == null) {
      commit();
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
        sending);
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
          new ProducerRecord<>(
              topics.deliveries(),
              null,
              now.toEpochMilli(),
              replay.endpointId(),
              Json.write(replay));
      delivery.headers().add(RecordHeaders.DELIVERY_ID, bytes(replay.id()));
      delivery.headers().add(RecordHeaders.EVENT_TYPE, bytes(replay.eventType()));
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
      failure = e;
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
   * attempt count, its retry state cleared, {@code replayOf} set, and created now, so the maximum
   * delivery age counts from the replay rather than from the original fan-out.
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
        dlqEntry);
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
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      uncertain = pending;
      failure = e;
    } catch (KafkaException e) {
      failure = e;
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

  private static boolean fatal(KafkaException e) {
    return e instanceof ProducerFencedException
        || e instanceof OutOfOrderSequenceException
        || e instanceof AuthorizationException;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
