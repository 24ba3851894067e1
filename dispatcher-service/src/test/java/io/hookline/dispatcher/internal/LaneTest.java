package io.hookline.dispatcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.schemas.RateLimit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A lane's limits, driven by hand: a fake clock and executors that run only when told. */
class LaneTest {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final ManualExecutor workers = new ManualExecutor();
  private final List<Long> scheduledDelays = new ArrayList<>();
  private final LaneScheduler scheduler =
      (task, delayNanos) -> {
        scheduledDelays.add(delayNanos);
        workers.execute(task);
      };

  private static LaneTask task(Runnable send) {
    return new LaneTask(send, () -> false, () -> {});
  }

  @Test
  void queuedSendsOfARevokedPartitionAreDroppedUnsentAndFreeTheirPlace() {
    Lane lane = new Lane("ep_1", new LaneSettings(1, null), nanos::get);
    java.util.concurrent.atomic.AtomicBoolean revoked =
        new java.util.concurrent.atomic.AtomicBoolean();
    AtomicInteger sent = new AtomicInteger();
    AtomicInteger dropped = new AtomicInteger();
    LaneTask revokable =
        new LaneTask(sent::incrementAndGet, revoked::get, dropped::incrementAndGet);
    for (int i = 0; i < 4; i++) {
      lane.offer(revokable, new LaneSettings(1, null), 10, scheduler); // 1 in flight, 3 queued
    }

    revoked.set(true);
    assertThat(lane.dropAbandoned()).isEqualTo(3);
    assertThat(lane.backlog()).isZero();
    workers.runOne(); // the one in flight sees it is no longer wanted, too

    assertThat(sent.get()).isZero();
    assertThat(dropped.get()).isEqualTo(4);
    assertThat(lane.inFlight()).isZero();
  }

  @Test
  void startsNoMoreThanMaxInFlightAndTheNextOneWhenASlotFrees() {
    Lane lane = new Lane("ep_1", new LaneSettings(2, null), nanos::get);
    AtomicInteger sent = new AtomicInteger();

    for (int i = 0; i < 5; i++) {
      assertThat(lane.offer(task(sent::incrementAndGet), new LaneSettings(2, null), 10, scheduler))
          .isTrue();
    }

    assertThat(workers.queued()).isEqualTo(2);
    assertThat(lane.inFlight()).isEqualTo(2);
    assertThat(lane.backlog()).isEqualTo(3);
    workers.runOne(); // a send finishes: its slot goes to the next queued send
    assertThat(sent.get()).isEqualTo(1);
    assertThat(workers.queued()).isEqualTo(2);
    assertThat(lane.backlog()).isEqualTo(2);
  }

  @Test
  void refusesAnOfferWhenTheBacklogIsFull() {
    Lane lane = new Lane("ep_1", new LaneSettings(1, null), nanos::get);
    LaneSettings s = new LaneSettings(1, null);

    assertThat(lane.offer(task(() -> {}), s, 2, scheduler)).isTrue(); // in flight
    assertThat(lane.offer(task(() -> {}), s, 2, scheduler)).isTrue(); // backlog 1
    assertThat(lane.offer(task(() -> {}), s, 2, scheduler)).isTrue(); // backlog 2
    assertThat(lane.offer(task(() -> {}), s, 2, scheduler)).isFalse();
  }

  @Test
  void aRateLimitReservesFuturePermitsInsteadOfWaiting() {
    // 2 per second with bursts of 2: two at once, the next two one period (1 s) later.
    LaneSettings limited = new LaneSettings(10, new RateLimit(2, 2));
    Lane lane = new Lane("ep_1", limited, nanos::get);

    for (int i = 0; i < 4; i++) {
      lane.offer(task(() -> {}), limited, 10, scheduler);
    }

    assertThat(scheduledDelays).hasSize(4);
    assertThat(scheduledDelays.subList(0, 2)).containsOnly(0L);
    assertThat(scheduledDelays.subList(2, 4))
        .allSatisfy(d -> assertThat(d).isBetween(1L, 1_000_000_000L));
  }

  @Test
  void aChangedRateLimitTakesEffectForTheNextSend() {
    LaneSettings slow = new LaneSettings(10, new RateLimit(1, 1));
    Lane lane = new Lane("ep_1", slow, nanos::get);
    lane.offer(task(() -> {}), slow, 10, scheduler);
    lane.offer(task(() -> {}), slow, 10, scheduler);
    assertThat(scheduledDelays.get(1)).isPositive();

    LaneSettings unlimited = new LaneSettings(10, null);
    lane.offer(task(() -> {}), unlimited, 10, scheduler);

    assertThat(scheduledDelays.get(2)).isZero();
  }

  @Test
  void aLaneIsIdleOnlyWithNothingQueuedOrInFlightForTheExpiry() {
    Lane lane = new Lane("ep_1", new LaneSettings(1, null), nanos::get);
    lane.offer(task(() -> {}), new LaneSettings(1, null), 10, scheduler);
    assertThat(lane.isIdleFor(0, nanos.get())).isFalse();

    workers.runOne();
    nanos.addAndGet(5_000_000_000L);

    assertThat(lane.isIdleFor(10_000_000_000L, nanos.get())).isFalse();
    assertThat(lane.isIdleFor(5_000_000_000L, nanos.get())).isTrue();
  }

  /** Runs tasks only when the test says so. */
  static final class ManualExecutor extends AbstractExecutorService {
    private final List<Runnable> tasks = new ArrayList<>();

    @Override
    public void execute(Runnable command) {
      tasks.add(command);
    }

    int queued() {
      return tasks.size();
    }

    void runOne() {
      tasks.remove(0).run();
    }

    @Override
    public void shutdown() {}

    @Override
    public List<Runnable> shutdownNow() {
      return List.of();
    }

    @Override
    public boolean isShutdown() {
      return false;
    }

    @Override
    public boolean isTerminated() {
      return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return true;
    }
  }
}
