package io.hookline.dispatcher.internal;

import java.util.Base64;
import java.util.BitSet;
import java.util.NavigableSet;
import java.util.Optional;

/**
 * The records of a partition finished beyond its committed offset, written into the commit's
 * metadata, so that whoever reads the partition next (this dispatcher after a crash, or another
 * one) skips them instead of sending them again. Kafka commits one offset per partition: without
 * this, everything finished after the first unfinished record would be redelivered.
 *
 * <p>Form: {@code hl1:} and the base64 of a bit set, bit {@code i} for offset {@code committed + 1
 * + i}. At most {@link #MAX_SPAN} offsets are covered, which keeps the metadata under the broker's
 * default {@code offset.metadata.max.bytes} (4,096); finished records beyond are redelivered, as
 * they would be without it. Stateless.
 */
final class FinishedAhead {
  static final String PREFIX = "hl1:";
  static final int MAX_SPAN = 3_000 * 8;

  private FinishedAhead() {}

  /**
   * The metadata for committing {@code committed} (the first unfinished offset, in {@code pending})
   * when records up to {@code highestSeen} were handed out; empty when none beyond it has finished.
   */
  static String encode(long committed, NavigableSet<Long> pending, long highestSeen) {
    long span = Math.min(MAX_SPAN, highestSeen - committed);
    if (span <= 0) {
      return "";
    }
    BitSet finished = new BitSet((int) span);
    finished.set(0, (int) span);
    for (Long p : pending.subSet(committed + 1, true, committed + span, true)) {
      finished.clear((int) (p - committed - 1));
    }
    if (finished.isEmpty()) {
      return "";
    }
    return PREFIX + Base64.getEncoder().withoutPadding().encodeToString(finished.toByteArray());
  }

  /** The finished offsets after {@code committed} that {@code metadata} names, if it names any. */
  static Optional<BitSet> decode(String metadata) {
    if (metadata == null || !metadata.startsWith(PREFIX)) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          BitSet.valueOf(Base64.getDecoder().decode(metadata.substring(PREFIX.length()))));
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // not ours to trust: deliver everything again
    }
  }
}
