package io.hookline.core.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A background loop that never dies silently: its body runs on a platform thread of its own, and
 * when the body fails (or returns without being asked to stop) it is run again after a backoff that
 * doubles from {@code initialBackoff} up to {@code maxBackoff} and starts over once a run has
 * lasted {@code healthyAfter}. Every restart is logged and counted in {@code
 * hookline_loop_restarts_total{loop}}; {@code hookline_loop_up{loop}} is 1 while the body runs;
 * {@link #isUp} belongs in {@code /readyz}. Thread-safe.
 */
public final class SupervisedLoop implements AutoCloseable {
  public static final Duration INITIAL_BACKOFF = Duration.ofMillis(500);
  public static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  public static final Duration HEALTHY_AFTER = Duration.ofMinutes(1);
  private static final Logger log = LoggerFactory.getLogger(SupervisedLoop.class);

  /**
   * One run of the loop: returns when asked to stop (by the {@code wake} hook), throws when it
   * fails.
   */
  @FunctionalInterface
  public interface Body {
    void run() throws Exception;
  }

  private final String name;
  private final Body body;
  private final Runnable wake;
  private final Counter restarts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Duration healthyAfter;
  private final LongSupplier nanoTime;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final Thread thread;
  private volatile boolean up;

  private SupervisedLoop(
      String name,
      Body body,
      Runnable wake,
      MeterRegistry registry,
      Duration initialBackoff,
      Duration maxBackoff,
      Duration healthyAfter,
      LongSupplier nanoTime) {
    this.name = name;
    this.body = body;
    this.wake = wake;
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
    this.healthyAfter = healthyAfter;
    this.nanoTime = nanoTime;
    this.restarts =
        Counter.builder("hookline.loop.restarts")
            .description("restarts of a background loop after it failed")
            .tag("loop", name)
            .register(registry);
    Gauge.builder("hookline.loop.up", this, l -> l.up ? 1 : 0)
        .description("1 while the background loop runs, 0 while it waits to be restarted")
        .tag("loop", name)
        .register(registry);
    this.thread = Thread.ofPlatform().name(name).daemon().unstarted(this::supervise);
  }

  /**
   * Starts {@code body} on a thread named {@code name}, with the default backoff.
   *
   * @param wake makes a running body return promptly (sets its stop flag, wakes its consumer);
   *     called once, by {@link #close}
   */
  public static SupervisedLoop start(
      String name, MeterRegistry registry, Body body, Runnable wake) {
    return start(name, registry, body, wake, INITIAL_BACKOFF, MAX_BACKOFF, HEALTHY_AFTER);
  }

  /** As {@link #start(String, MeterRegistry, Body, Runnable)}, with the backoff given. */
  public static SupervisedLoop start(
      String name,
      MeterRegistry registry,
      Body body,
      Runnable wake,
      Duration initialBackoff,
      Duration maxBackoff,
      Duration healthyAfter) {
    SupervisedLoop loop =
        new SupervisedLoop(
            name, body, wake, registry, initialBackoff, maxBackoff, healthyAfter, System::nanoTime);
    loop.thread.start();
    return loop;
  }

  /** Whether the body is running now: false while the loop waits to restart it, or has stopped. */
  public boolean isUp() {
    return up;
  }

  private boolean stopRequested() {
    return stop.getCount() == 0;
  }

  private void supervise() {
    Duration backoff = initialBackoff;
    while (!stopRequested()) {
      long started = nanoTime.getAsLong();
      Throwable failure = null;
      up = true;
      try {
        body.run();
      } catch (Exception | Error e) {
        failure = e;
      } finally {
        up = false;
      }
      if (stopRequested()) {
        return;
      }
      if (nanoTime.getAsLong() - started >= healthyAfter.toNanos()) {
        backoff = initialBackoff;
      }
      restarts.increment();
      if (failure == null) {
        log.error(
            "{} ended without being asked to; restarting it in {} ms", name, backoff.toMillis());
      } else {
        log.error("{} failed; restarting it in {} ms", name, backoff.toMillis(), failure);
      }
      try {
        if (stop.await(backoff.toMillis(), TimeUnit.MILLISECONDS)) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      backoff =
          backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
    }
  }

  /** Asks the body to stop and waits up to {@code timeout} for it; false if it did not end. */
  public boolean close(Duration timeout) {
    stop.countDown();
    wake.run();
    try {
      thread.join(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !thread.isAlive();
  }

  @Override
  public void close() {
    if (!close(Duration.ofSeconds(10))) {
      log.warn("{} did not stop within 10 s", name);
    }
  }
}
