package io.hookline.bench.faults;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

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

  /** Waits until {@code nanoTime}: the schedule of a run's faults. */
  static void sleepUntil(long nanoTime) throws InterruptedException {
    long wait = nanoTime - System.nanoTime();
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait); // the schedule of the faults
    }
  }

  /**
   * Milliseconds from {@code fromNanos} to the first 200 for an (endpoint, event) that had none
   * before: new work flowing again, not a retry of old; -1 when none came.
   */
  static long firstNewDeliveryAfter(List<FaultReceiver.Arrival> arrivals, long fromNanos) {
    Set<String> seen = new HashSet<>();
    for (FaultReceiver.Arrival a : arrivals) {
      String key = a.endpoint() + "|" + a.eventId();
      if (a.nanoTime() >= fromNanos && a.status() == 200 && !seen.contains(key)) {
        return (a.nanoTime() - fromNanos) / 1_000_000;
      }
      if (a.status() == 200) {
        seen.add(key);
      }
    }
    return -1;
  }

  /**
   * Milliseconds from {@code fromNanos} until a one-second window holds at least {@code perSecond}
   * requests (the rate is back); -1 when it never does.
   */
  static long rateBackAfter(
      List<FaultReceiver.Arrival> arrivals, long fromNanos, double perSecond) {
    List<Long> times =
        arrivals.stream().map(FaultReceiver.Arrival::nanoTime).filter(t -> t >= fromNanos).toList();
    int start = 0;
    for (int end = 0; end < times.size(); end++) {
      while (times.get(end) - times.get(start) > 1_000_000_000L) {
        start++;
      }
      if (end - start + 1 >= perSecond) {
        return (times.get(start) - fromNanos) / 1_000_000;
      }
    }
    return -1;
  }

  /** Requests per second between two times. */
  static double ratePerSecond(List<FaultReceiver.Arrival> arrivals, long fromNanos, long toNanos) {
    long n =
        arrivals.stream().filter(a -> a.nanoTime() >= fromNanos && a.nanoTime() < toNanos).count();
    return n / ((toNanos - fromNanos) / 1e9);
  }
}
