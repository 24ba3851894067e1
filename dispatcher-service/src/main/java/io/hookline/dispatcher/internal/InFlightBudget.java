package io.hookline.dispatcher.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The poll loop's budget of held deliveries: taken from Kafka and not yet finished (outcome
 * durable, or dropped after a revocation). The loop pauses its partitions once the budget is spent
 * and resumes them only once the held count drops below the resume mark, a tenth under the budget,
 * so that pause and resume do not alternate with every completion. The first failed outcome write
 * is kept here too, since it ends every wait.
 *
 * <p>{@link #take} and the waits are called on the poll thread; {@link #release} and {@link #fail}
 * from any thread (the producer's callbacks, virtual threads).
 */
final class InFlightBudget {
  private final int max;
  private final int resumeBelow;
  private final LongSupplier nanoTime;
  private final AtomicInteger held = new AtomicInteger();
  private final AtomicReference<Exception> writeFailure = new AtomicReference<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();

  /**
   * @param max deliveries held before the partitions pause
   * @param nanoTime the monotonic time source (as {@link System#nanoTime}) for the waits' deadlines
   */
  InFlightBudget(int max, LongSupplier nanoTime) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1, got " + max);
    }
    this.max = max;
    this.resumeBelow = Math.max(1, max - Math.max(1, max / 10));
    this.nanoTime = nanoTime;
  }

  /** One more delivery held. */
  void take() {
    held.incrementAndGet();
  }

  /** A held delivery finished. Wakes the poll thread if it waits. */
  void release() {
    held.decrementAndGet();
    signal();
  }

  /** A held delivery's outcome could not be written: released, and the first such error kept. */
  void fail(Exception error) {
    held.decrementAndGet();
    writeFailure.compareAndSet(null, error);
    signal();
  }

  int held() {
    return held.get();
  }

  /** Whether the partitions should pause: the budget is spent. */
  boolean isSpent() {
    return held.get() >= max;
  }

  /** Whether paused partitions may resume: held deliveries are below the resume mark. */
  boolean hasRoom() {
    return held.get() < resumeBelow;
  }

  int resumeBelow() {
    return resumeBelow;
  }

  /** The first outcome write that failed since the last {@link #clearFailure}, or null. */
  Exception writeFailure() {
    return writeFailure.get();
  }

  void clearFailure() {
    writeFailure.set(null);
  }

  /**
   * Waits, up to {@code timeout}, until {@code done} holds or a write failed; false only when it
   * timed out. Rechecks {@code done} each time a delivery finishes or {@link #wake} is called; an
   * interrupt ends the wait (true, the interrupt kept). Poll thread.
   */
  boolean await(BooleanSupplier done, Duration timeout) {
    long deadline = nanoTime.getAsLong() + timeout.toNanos();
    lock.lock();
    try {
      while (!done.getAsBoolean() && writeFailure.get() == null) {
        long left = deadline - nanoTime.getAsLong();
        if (left <= 0) {
          return false;
        }
        changed.awaitNanos(left);
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Makes every waiter recheck its condition (the loop is stopping). Any thread. */
  void wake() {
    signal();
  }

  private void signal() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
