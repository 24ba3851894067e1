package io.hookline.ingest.status.internal;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Counts of durations in logarithmic buckets, each 4 % wider than the one before, so that a
 * percentile read from it is within 2 % of the true value (and exact for small whole numbers of
 * milliseconds, whose buckets are narrower than 1 ms). Histograms of different partitions and
 * instances merge by adding counts. Its size is bounded by the range of values: at most ~470
 * buckets up to a day, ~1,100 for any {@code long}. Immutable.
 *
 * @param counts bucket index → how many values fell in it; absent buckets are empty
 */
public record LatencyHistogram(SortedMap<Integer, Long> counts) {
  private static final double GROWTH = 1.04;
  private static final double LOG_GROWTH = Math.log(GROWTH);

  public LatencyHistogram {
    counts = Collections.unmodifiableSortedMap(new TreeMap<>(counts));
  }

  public static LatencyHistogram empty() {
    return new LatencyHistogram(new TreeMap<>());
  }

  /** Bucket 0 holds 0 ms; bucket {@code i > 0} holds {@code [GROWTH^(i-1), GROWTH^i)}. */
  static int bucketOf(long ms) {
    if (ms <= 0) {
      return 0;
    }
    return 1 + (int) Math.floor(Math.log(ms) / LOG_GROWTH);
  }

  /** The value a bucket stands for: the geometric middle of its bounds, in whole ms. */
  static long valueOf(int bucket) {
    if (bucket == 0) {
      return 0;
    }
    double lower = Math.pow(GROWTH, bucket - 1);
    return Math.max(1, Math.round(lower * Math.sqrt(GROWTH)));
  }

  /** This histogram with one more value. */
  public LatencyHistogram plus(long ms) {
    TreeMap<Integer, Long> next = new TreeMap<>(counts);
    next.merge(bucketOf(ms), 1L, Long::sum);
    return new LatencyHistogram(next);
  }

  public LatencyHistogram merge(LatencyHistogram other) {
    TreeMap<Integer, Long> next = new TreeMap<>(counts);
    other.counts.forEach((bucket, n) -> next.merge(bucket, n, Long::sum));
    return new LatencyHistogram(next);
  }

  public long count() {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * The nearest-rank {@code q}-quantile ({@code 0 < q <= 1}): the smallest value that at least
   * {@code q} of all values are at or below. {@code null} when the histogram is empty.
   */
  public Long percentile(double q) {
    if (q <= 0 || q > 1) {
      throw new IllegalArgumentException("q must be in (0, 1], was " + q);
    }
    long total = count();
    if (total == 0) {
      return null;
    }
    long rank = Math.max(1, (long) Math.ceil(q * total));
    long seen = 0;
    for (Map.Entry<Integer, Long> e : counts.entrySet()) {
      seen += e.getValue();
      if (seen >= rank) {
        return valueOf(e.getKey());
      }
    }
    return valueOf(counts.lastKey());
  }
}
