package io.hookline.bench.harness;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Nearest-rank percentiles of a finished sample. The sample is small enough (at most a few hundred
 * thousand values) to sort, so the figures are exact rather than bucketed.
 */
public record Percentiles(int count, long p50, long p90, long p99, long max) {

  /** The percentiles of {@code values} (not modified). */
  public static Percentiles of(long[] values) {
    if (values.length == 0) {
      return new Percentiles(0, 0, 0, 0, 0);
    }
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return new Percentiles(
        sorted.length,
        rank(sorted, 0.50),
        rank(sorted, 0.90),
        rank(sorted, 0.99),
        sorted[sorted.length - 1]);
  }

  private static long rank(long[] sorted, double q) {
    int index = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  /** For the JSON output, values in milliseconds when they were nanoseconds. */
  public Map<String, Object> nanosAsMillis() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("count", count);
    out.put("p50Ms", millis(p50));
    out.put("p90Ms", millis(p90));
    out.put("p99Ms", millis(p99));
    out.put("maxMs", millis(max));
    return out;
  }

  /** For the JSON output, values as they are (already milliseconds). */
  public Map<String, Object> asMillis() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("count", count);
    out.put("p50Ms", p50);
    out.put("p90Ms", p90);
    out.put("p99Ms", p99);
    out.put("maxMs", max);
    return out;
  }

  /** Nanoseconds as milliseconds with one decimal. */
  public static double millis(long nanos) {
    return Math.round(nanos / 100_000.0) / 10.0;
  }
}
