package io.hookline.bench.faults;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Pauses and rates in a run's arrivals at the receiver. */
final class Pauses {
  private Pauses() {}

  /**
   * The longest time any endpoint went without a request, from {@code fromNanos} (a fault) through
   * {@code window} after it: the gap from its last request before the fault to its first after
   * counts. Endpoints whose traffic stopped for good (the load ended) count only up to the window.
   */
  static long longestAfter(List<FaultReceiver.Arrival> arrivals, long fromNanos, Duration window) {
    long until = fromNanos + window.toNanos();
    Map<Integer, Long> last = new HashMap<>();
    Map<Integer, Long> longest = new HashMap<>();
    for (FaultReceiver.Arrival a : arrivals) {
      if (a.nanoTime() > until) {
        break;
      }
      Long previous = last.put(a.endpoint(), a.nanoTime());
      if (previous != null && a.nanoTime() >= fromNanos) {
        longest.merge(a.endpoint(), a.nanoTime() - previous, Math::max);
      }
    }
    return longest.values().stream().mapToLong(Long::longValue).max().orElse(0) / 1_000_000;
  }

  /** Requests per second between two times. */
  static double ratePerSecond(List<FaultReceiver.Arrival> arrivals, long fromNanos, long toNanos) {
    long n =
        arrivals.stream().filter(a -> a.nanoTime() >= fromNanos && a.nanoTime() < toNanos).count();
    return n / ((toNanos - fromNanos) / 1e9);
  }
}
