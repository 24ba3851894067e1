package io.hookline.dispatcher.internal;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.hookline.schemas.RateLimit;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * One endpoint's lane: a bounded backlog of sends, at most {@code maxInFlight} of them running,
 * started no faster than the endpoint's rate limit. A send never parks a thread waiting for a rate
 * permission: the lane reserves the permission and the {@link LaneScheduler} starts the send when
 * it is due. Thread-safe: every method locks the lane briefly and never blocks.
 */
final class Lane {
  // The lane only reserves when a slot is free, so at most maxInFlight reservations are pending;
  // the timeout just has to exceed the longest wait those can produce.
  private static final Duration RESERVE_TIMEOUT = Duration.ofHours(1);

  private final String endpointId;
  private final LongSupplier nanoTime;
  private final ArrayDeque<LaneTask> backlog = new ArrayDeque<>();
  private LaneSettings settings;
  private RateLimiter limiter;
  private int inFlight;
  private long idleSinceNanos;

  Lane(String endpointId, LaneSettings settings, LongSupplier nanoTime) {
    this.endpointId = endpointId;
    this.nanoTime = nanoTime;
    this.idleSinceNanos = nanoTime.getAsLong();
    apply(settings);
  }

  /**
   * Queues {@code send} unless the backlog already holds {@code backlogCap} sends; then starts
   * whatever the limits allow. Settings that changed (the endpoint was updated) apply from now on.
   *
   * @return false when the backlog is full and the send was not taken
   */
  boolean offer(LaneTask send, LaneSettings current, int backlogCap, LaneScheduler scheduler) {
    synchronized (this) {
      if (!current.equals(settings)) {
        apply(current);
      }
      if (backlog.size() >= backlogCap) {
        return false;
      }
      backlog.add(send);
    }
    pump(scheduler);
    return true;
  }

  /**
   * Starts queued sends while a slot is free, each at its reserved time; drops abandoned ones on
   * the way.
   */
  private void pump(LaneScheduler scheduler) {
    while (true) {
      LaneTask next;
      long waitNanos;
      synchronized (this) {
        next = backlog.peek();
        if (next == null
            || (inFlight >= settings.maxInFlight() && !next.abandoned().getAsBoolean())) {
          return;
        }
        backlog.poll();
        if (next.abandoned().getAsBoolean()) {
          waitNanos = -1;
        } else {
          inFlight++;
          waitNanos = limiter == null ? 0 : Math.max(0, limiter.reservePermission());
        }
      }
      if (waitNanos < 0) {
        next.drop().run();
        continue;
      }
      LaneTask task = next;
      scheduler.start(() -> runThenRelease(task, scheduler), waitNanos);
    }
  }

  /** Removes the queued sends nobody wants any more and drops them; returns how many. */
  int dropAbandoned() {
    List<LaneTask> dropped = new ArrayList<>();
    synchronized (this) {
      backlog.removeIf(
          t -> {
            if (t.abandoned().getAsBoolean()) {
              dropped.add(t);
              return true;
            }
            return false;
          });
      if (inFlight == 0 && backlog.isEmpty()) {
        idleSinceNanos = nanoTime.getAsLong();
      }
    }
    dropped.forEach(t -> t.drop().run());
    return dropped.size();
  }

  private void runThenRelease(LaneTask task, LaneScheduler scheduler) {
    try {
      if (task.abandoned().getAsBoolean()) {
        task.drop().run(); // revoked while it waited for its rate permission
      } else {
        task.send().run();
      }
    } finally {
      synchronized (this) {
        inFlight--;
        if (inFlight == 0 && backlog.isEmpty()) {
          idleSinceNanos = nanoTime.getAsLong();
        }
      }
      pump(scheduler);
    }
  }

  private void apply(LaneSettings next) {
    RateLimit old = settings == null ? null : settings.rateLimit();
    settings = next;
    if (!Objects.equals(old, next.rateLimit()) || (limiter == null && next.rateLimit() != null)) {
      limiter = next.rateLimit() == null ? null : limiterFor(next.rateLimit());
    }
  }

  /**
   * {@code perSecond} on average with bursts of {@code burst}: {@code burst} permits per period of
   * {@code burst / perSecond} seconds.
   */
  private RateLimiter limiterFor(RateLimit rate) {
    long periodNanos = Math.max(1_000_000L, rate.burst() * 1_000_000_000L / rate.perSecond());
    RateLimiterConfig config =
        RateLimiterConfig.custom()
            .limitForPeriod(rate.burst())
            .limitRefreshPeriod(Duration.ofNanos(periodNanos))
            .timeoutDuration(RESERVE_TIMEOUT)
            .build();
    return RateLimiter.of("endpoint-" + endpointId, config, nanoTime::getAsLong);
  }

  synchronized int backlog() {
    return backlog.size();
  }

  synchronized int inFlight() {
    return inFlight;
  }

  /** Whether the lane has had nothing to do for at least {@code idleNanos}. */
  synchronized boolean isIdleFor(long idleNanos, long nowNanos) {
    return inFlight == 0 && backlog.isEmpty() && nowNanos - idleSinceNanos >= idleNanos;
  }
}
