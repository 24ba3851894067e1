package io.hookline.core.dlq;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ctrl-C, as the commands see it. The shutdown hook calls {@link #requestStop()}; work that must
 * not be cut short (a replay between sending and recording) runs inside {@link #critical}, and the
 * hook waits for it to end before the JVM exits. Loops check {@link #isStopRequested()} between
 * units of work. Thread-safe.
 */
public final class StopSignal {
  private final CountDownLatch stop = new CountDownLatch(1);
  private final AtomicInteger critical = new AtomicInteger();
  private final Object lock = new Object();

  public void requestStop() {
    stop.countDown();
  }

  public boolean isStopRequested() {
    return stop.getCount() == 0;
  }

  /**
   * Sleeps for {@code duration} or until a stop is requested, whichever comes first.
   *
   * @return true if a stop was requested
   */
  public boolean sleepUnlessStopped(Duration duration) {
    try {
      return stop.await(duration.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  /** Runs {@code work}; a Ctrl-C meanwhile waits (up to its bound) for it to end. */
  public void critical(Runnable work) {
    critical.incrementAndGet();
    try {
      work.run();
    } finally {
      synchronized (lock) {
        critical.decrementAndGet();
        lock.notifyAll();
      }
    }
  }

  /** Called by the shutdown hook: requests a stop and waits up to {@code bound} for work to end. */
  public void stopAndAwaitCriticalWork(Duration bound) {
    requestStop();
    long deadline = System.nanoTime() + bound.toNanos();
    synchronized (lock) {
      while (critical.get() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        try {
          lock.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
