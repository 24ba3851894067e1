package io.hookline.ingest.dlq;

import io.hookline.core.dlq.DlqFailure;
import io.hookline.core.dlq.DlqKafka;
import io.hookline.core.dlq.DlqReplays;
import io.hookline.core.dlq.ReplayProgress;
import io.hookline.core.dlq.ReplaySummary;
import io.hookline.core.dlq.StopSignal;
import io.hookline.core.http.HttpProblem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replays this instance runs, one at a time, each on a thread of its own so that it outlives
 * the request that started it; the last {@value #KEPT} are kept for {@code GET
 * /v1/dlq/replays/{run}}. Across instances and the CLI, the replay's shared transactional id keeps
 * it to one at a time (a new one takes over). Thread-safe.
 */
final class ReplayRuns implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ReplayRuns.class);
  static final int KEPT = 20;

  /** Where a run is. */
  enum State {
    PLANNING,
    SENDING,
    DONE,
    FAILED
  }

  /** One run, as the API shows it. */
  record RunView(
      String run,
      String state,
      Instant startedAt,
      Instant finishedAt,
      Long selected,
      long replayed,
      ReplaySummary summary,
      String error) {}

  /** One run; its fields move from planning to sending to done (or failed). */
  final class Run {
    final String id = DlqReplays.newRunId();
    final StopSignal stop = new StopSignal();
    final Instant startedAt = clock.instant();
    final CountDownLatch ended = new CountDownLatch(1);
    final AtomicLong replayed = new AtomicLong();
    private volatile State state = State.PLANNING;
    private volatile Long selected;
    private volatile Instant finishedAt;
    private volatile ReplaySummary summary;
    private volatile DlqFailure failure;

    RunView view() {
      return new RunView(
          id,
          state.name().toLowerCase(Locale.ROOT),
          startedAt,
          finishedAt,
          selected,
          replayed.get(),
          summary,
          failure == null ? null : failure.getMessage());
    }

    Optional<ReplaySummary> summary() {
      return Optional.ofNullable(summary);
    }

    Optional<DlqFailure> failure() {
      return Optional.ofNullable(failure);
    }

    /** Waits up to {@code wait} for the run to end; true if it did. */
    boolean await(Duration wait) throws InterruptedException {
      return ended.await(wait.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  private final Function<StopSignal, DlqReplays> replays;
  private final Clock clock;
  private final Deque<Run> kept = new ArrayDeque<>();
  private Run running;
  private boolean closed;

  /** Runs replays made by {@code replays}, each with its own stop signal. */
  ReplayRuns(Function<StopSignal, DlqReplays> replays, Clock clock) {
    this.replays = replays;
    this.clock = clock;
  }

  /**
   * Starts a replay of {@code selection} at {@code rate}, unless one is running here (409). Returns
   * at once; the run goes on its own thread.
   */
  Run start(DlqReplays.Selection selection, Double rate, String user) {
    Run run = new Run();
    synchronized (this) {
      if (closed) {
        throw new HttpProblem(503, "stopping", "the service is stopping; replay elsewhere", null);
      }
      if (running != null) {
        throw new HttpProblem(
            409,
            "replay_running",
            "replay "
                + running.id
                + " is running on this instance (one at a time): follow it at GET"
                + " /v1/dlq/replays/"
                + running.id
                + ", or start this one when it has ended",
            null);
      }
      running = run;
      kept.addFirst(run);
      while (kept.size() > KEPT) {
        kept.removeLast();
      }
    }
    Thread.ofPlatform()
        .name("hookline-dlq-" + run.id)
        .daemon(true)
        .start(() -> execute(run, selection, rate, user));
    return run;
  }

  private void execute(Run run, DlqReplays.Selection selection, Double rate, String user) {
    DlqReplays replay = replays.apply(run.stop);
    if (run.stop.isStopRequested()) { // closed before it began: take nothing over from anyone
      run.failure = stopping();
      finish(run);
      return;
    }
    try (DlqReplays.Prepared prepared = replay.prepare(selection)) {
      run.selected = (long) prepared.plan().toSend().size();
      if (prepared.plan().toSend().isEmpty()) {
        run.summary = ReplaySummary.nothingToSend(prepared.plan());
      } else {
        run.state = State.SENDING;
        DlqReplays.Sent sent =
            prepared.send(
                run.id,
                rate,
                new ReplayProgress() {
                  @Override
                  public void update(long done) {
                    run.replayed.set(done);
                  }

                  @Override
                  public void finish() {}
                },
                user);
        run.replayed.set(sent.result().replayed());
        run.summary = sent.summary();
        if (sent.result().failure().isPresent()) {
          RuntimeException e = replay.failure(sent, "the same request");
          run.failure =
              e instanceof DlqFailure f ? f : new DlqFailure(DlqFailure.Kind.FAILED, bug(e), e);
        }
      }
    } catch (DlqFailure e) {
      run.failure = e.kind() == DlqFailure.Kind.STOPPED ? stopping() : e;
    } catch (KafkaException e) {
      run.failure = DlqKafka.failure("the replay failed", e);
    } catch (RuntimeException | Error e) {
      run.failure = new DlqFailure(DlqFailure.Kind.FAILED, bug(e), e);
      if (e instanceof Error error) {
        throw error; // after finish(), below: the run says it failed
      }
    } finally {
      finish(run);
    }
  }

  private static DlqFailure stopping() {
    return new DlqFailure(
        DlqFailure.Kind.STOPPED,
        "the service stopped before the replay began or ended; what was sent is recorded in the"
            + " ledger, and the same request sends the rest",
        null);
  }

  /** Ends {@code run} (once): its state, its log line, the slot it held. */
  private void finish(Run run) {
    if (run.ended.getCount() == 0) {
      return;
    }
    run.finishedAt = clock.instant();
    if (run.failure == null && run.summary == null) {
      run.failure = new DlqFailure("the replay ended without a summary; see the log");
    }
    run.state = run.failure == null ? State.DONE : State.FAILED;
    if (run.failure != null) {
      log.warn("DLQ replay {} failed: {}", run.id, run.failure.getMessage());
    } else {
      log.info(
          "DLQ replay {} ended: {} of {} replayed",
          run.id,
          run.replayed.get(),
          run.selected == null ? 0 : run.selected);
    }
    synchronized (this) {
      if (running == run) {
        running = null;
      }
    }
    run.ended.countDown();
  }

  private static String bug(Throwable e) {
    log.error("DLQ replay failed unexpectedly", e);
    return "the replay failed unexpectedly (" + e.getClass().getSimpleName() + "); see the log";
  }

  /** The run {@code id}, if it is one of the last {@value #KEPT} here. */
  synchronized Optional<Run> find(String id) {
    return kept.stream().filter(r -> r.id.equals(id)).findFirst();
  }

  /**
   * Stops a running replay between sends (what it sent is committed and recorded) and waits for it
   * to end, up to {@code bound}.
   */
  void close(Duration bound) {
    Run run;
    synchronized (this) {
      closed = true;
      run = running;
    }
    if (run != null) {
      run.stop.requestStop();
      try {
        run.await(bound);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }
}
