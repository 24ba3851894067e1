package io.hookline.retry.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * When each paused tier partition becomes due. A partition is paused while its head record is not
 * yet due; since every record of a tier waits the same delay, nothing behind the head can be due
 * earlier. This schedule is the only reason a partition is paused: a partition the consumer holds
 * paused without an entry here is resumed. Poll thread only.
 */
final class PauseSchedule {
  private final Map<TopicPartition, Long> resumeAtMs = new HashMap<>();

  void pauseUntil(TopicPartition tp, long dueMs) {
    resumeAtMs.put(tp, dueMs);
  }

  /** Removes and returns the partitions due by {@code nowMs}. */
  Set<TopicPartition> takeDue(long nowMs) {
    Set<TopicPartition> due = new HashSet<>();
    resumeAtMs
        .entrySet()
        .removeIf(
            e -> {
              if (e.getValue() <= nowMs) {
                due.add(e.getKey());
                return true;
              }
              return false;
            });
    return due;
  }

  boolean isPaused(TopicPartition tp) {
    return resumeAtMs.containsKey(tp);
  }

  /** Milliseconds until the next partition is due, capped at {@code maxMs}. */
  long millisUntilNext(long nowMs, long maxMs) {
    long next =
        resumeAtMs.values().stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
    return Math.max(0, Math.min(maxMs, next - nowMs));
  }

  /** Forgets partitions this instance no longer holds, or holds afresh. */
  void forget(Collection<TopicPartition> partitions) {
    partitions.forEach(resumeAtMs::remove);
  }

  /** Forgets every partition not in {@code assigned}. */
  void retainOnly(Set<TopicPartition> assigned) {
    resumeAtMs.keySet().retainAll(assigned);
  }

  void clear() {
    resumeAtMs.clear();
  }

  int size() {
    return resumeAtMs.size();
  }
}
