package io.hookline.dispatcher.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Starts a lane's sends, at once or after a rate-limit wait; the wait is a scheduled task, never a
 * parked thread. Implementations never block.
 */
interface LaneScheduler {
  void start(Runnable task, long delayNanos);

  /** Sends run on {@code workers} (virtual threads); waits are timed by {@code timer}. */
  static LaneScheduler of(ExecutorService workers, ScheduledExecutorService timer) {
    return (task, delayNanos) -> {
      if (delayNanos <= 0) {
        workers.execute(task);
      } else {
        timer.schedule(() -> workers.execute(task), delayNanos, TimeUnit.NANOSECONDS);
      }
    };
  }
}
