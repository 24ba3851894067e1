package io.hookline.ingest.status.internal;

import io.hookline.schemas.Attempt;
import io.hookline.schemas.AttemptOutcome;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The last {@code keep} attempt records of each endpoint, in two key-value stores of one partition:
 * the records under {@code endpointId NUL seq} (the sequence inverted, so a forward scan reads
 * newest first), and a {@link Cursor} per endpoint with its next sequence number. Appending the
 * n-th record deletes the (n − keep)-th, so an endpoint never holds more than {@code keep}; an
 * endpoint without records for the retention is dropped by {@link #sweep}. Used by the stream
 * thread ({@link #append}, {@link #sweep}) and by queries ({@link #recent}).
 */
public final class EndpointLog {
  /** Where an endpoint's log stands. */
  public record Cursor(long next, long lastRecordMs) {}

  private EndpointLog() {}

  static String key(String endpointId, long seq) {
    return endpointId + '\u0000' + "%016x".formatted(Long.MAX_VALUE - seq);
  }

  static void append(
      KeyValueStore<String, Attempt> records,
      KeyValueStore<String, Cursor> cursors,
      int keep,
      Attempt attempt,
      long recordMs) {
    String endpointId = attempt.endpointId();
    Cursor cursor = cursors.get(endpointId);
    long seq = cursor == null ? 0 : cursor.next();
    records.put(key(endpointId, seq), attempt);
    if (seq >= keep) {
      records.delete(key(endpointId, seq - keep));
    }
    long last = cursor == null ? recordMs : Math.max(cursor.lastRecordMs(), recordMs);
    cursors.put(endpointId, new Cursor(seq + 1, last));
  }

  /** Drops every endpoint whose latest record is older than {@code cutoffMs}; returns how many. */
  static int sweep(
      KeyValueStore<String, Attempt> records,
      KeyValueStore<String, Cursor> cursors,
      long cutoffMs) {
    List<KeyValue<String, Cursor>> idle = new ArrayList<>();
    try (KeyValueIterator<String, Cursor> it = cursors.all()) {
      it.forEachRemaining(
          kv -> {
            if (kv.value.lastRecordMs() < cutoffMs) {
              idle.add(kv);
            }
          });
    }
    for (KeyValue<String, Cursor> kv : idle) {
      // A prefix scan rather than the last {@code keep}: also drops what a larger keep left.
      List<String> keys = new ArrayList<>();
      try (KeyValueIterator<String, Attempt> it =
          records.prefixScan(kv.key + '\u0000', new StringSerializer())) {
        it.forEachRemaining(r -> keys.add(r.key));
      }
      keys.forEach(records::delete);
      cursors.delete(kv.key);
    }
    return idle.size();
  }

  /**
   * Up to {@code limit} of the endpoint's records, newest first, only those with {@code outcome}
   * when it is not {@code null}. Reads at most {@code keep} records.
   */
  public static List<Attempt> recent(
      ReadOnlyKeyValueStore<String, Attempt> records,
      ReadOnlyKeyValueStore<String, Cursor> cursors,
      int keep,
      String endpointId,
      AttemptOutcome outcome,
      int limit) {
    Cursor cursor = cursors.get(endpointId);
    List<Attempt> out = new ArrayList<>();
    if (cursor == null || cursor.next() == 0) {
      return out;
    }
    // Bounded on both sides: the scan never walks into the tombstones of dropped records.
    String newest = key(endpointId, cursor.next() - 1);
    String oldest = key(endpointId, Math.max(0, cursor.next() - keep));
    try (KeyValueIterator<String, Attempt> it = records.range(newest, oldest)) {
      while (it.hasNext() && out.size() < limit) {
        Attempt a = it.next().value;
        if (outcome == null || a.outcome() == outcome) {
          out.add(a);
        }
      }
    }
    return out;
  }
}
