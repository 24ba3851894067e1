package io.hookline.bench.harness;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * When each event of a phase was sent and when it first reached the receiver. Events are numbered
 * 0..capacity-1 and carry the number in their id ({@code evt_<tag>_<seq>}, the {@code webhook-id}
 * the receiver sees), so no map is needed. Times are {@link System#nanoTime()} in this JVM.
 *
 * <p>Thread-safe: the load thread writes send times, receiver threads write arrivals.
 */
public final class ArrivalBook implements Receiver.Listener {
  private final String prefix;
  private final long origin = System.nanoTime();
  private final AtomicLongArray sent;
  private final AtomicLongArray firstArrival;
  private final AtomicLong firsts = new AtomicLong();
  private final AtomicLong all = new AtomicLong();
  private final Object signal = new Object();
  private volatile long awaited = Long.MAX_VALUE;

  public ArrivalBook(String tag, int capacity) {
    this.prefix = "evt_" + tag + "_";
    this.sent = new AtomicLongArray(capacity);
    this.firstArrival = new AtomicLongArray(capacity);
  }

  public int capacity() {
    return sent.length();
  }

  /** What every event id of this book starts with; the sequence number follows. */
  public String idPrefix() {
    return prefix;
  }

  public String eventId(int seq) {
    return prefix + seq;
  }

  /** Notes event {@code seq} as sent now. */
  public void sent(int seq) {
    sent.set(seq, stamp(System.nanoTime()));
  }

  @Override
  public void arrived(int endpoint, String webhookId, long nanoTime) {
    if (webhookId == null || !webhookId.startsWith(prefix)) {
      return; // not this phase's
    }
    int seq;
    try {
      seq = Integer.parseInt(webhookId, prefix.length(), webhookId.length(), 10);
    } catch (NumberFormatException e) {
      return;
    }
    if (seq < 0 || seq >= firstArrival.length()) {
      return;
    }
    all.incrementAndGet();
    if (firstArrival.compareAndSet(seq, 0, stamp(nanoTime))) {
      if (firsts.incrementAndGet() >= awaited) {
        synchronized (signal) {
          signal.notifyAll();
        }
      }
    }
  }

  /** Events that have reached the receiver at least once. */
  public long firstArrivals() {
    return firsts.get();
  }

  /** Every request of this phase, duplicates and retries included. */
  public long arrivals() {
    return all.get();
  }

  /** Nanoseconds from this book's origin at which {@code seq} was sent; 0 if never. */
  public long sentAt(int seq) {
    return sent.get(seq);
  }

  /** Nanoseconds from this book's origin at which {@code seq} first arrived; 0 if never. */
  public long firstArrivalAt(int seq) {
    return firstArrival.get(seq);
  }

  /** Nanoseconds from this book's origin, now. */
  public long now() {
    return stamp(System.nanoTime());
  }

  /**
   * Blocks until {@code count} events have arrived or {@code timeout} has passed, calling {@code
   * progress} every {@code every}. Returns whether the count was reached.
   */
  public boolean await(long count, Duration timeout, Duration every, Runnable progress)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long nextReport = System.nanoTime() + every.toNanos();
    awaited = count;
    try {
      synchronized (signal) {
        while (firsts.get() < count) {
          long now = System.nanoTime();
          if (now >= deadline) {
            return false;
          }
          if (now >= nextReport) {
            progress.run();
            nextReport = now + every.toNanos();
          }
          long waitNanos = Math.min(deadline, nextReport) - now;
          signal.wait(Math.max(1, waitNanos / 1_000_000));
        }
        return true;
      }
    } finally {
      awaited = Long.MAX_VALUE;
    }
  }

  /**
   * Events per second in the steady part of the run: between the arrival of the {@code from}
   * fraction of all first arrivals and that of the {@code to} fraction (start-up and tail left
   * out), counting events from {@code firstSeq} on. NaN when too few arrived.
   */
  public double steadyRate(int firstSeq, double from, double to) {
    long[] times = arrivalTimes(firstSeq);
    if (times.length < 10) {
      return Double.NaN;
    }
    int a = (int) (from * (times.length - 1));
    int b = (int) (to * (times.length - 1));
    double seconds = (times[b] - times[a]) / 1e9;
    return seconds <= 0 ? Double.NaN : (b - a) / seconds;
  }

  /** First-arrival times, sorted, of the events from {@code firstSeq} on that arrived. */
  public long[] arrivalTimes(int firstSeq) {
    long[] out = new long[firstArrival.length()];
    int n = 0;
    for (int i = firstSeq; i < out.length; i++) {
      long t = firstArrival.get(i);
      if (t != 0) {
        out[n++] = t;
      }
    }
    long[] times = Arrays.copyOf(out, n);
    Arrays.sort(times);
    return times;
  }

  /** Offsets from the origin, never 0 (0 means "not yet"). */
  private long stamp(long nanoTime) {
    return Math.max(1, nanoTime - origin);
  }
}
