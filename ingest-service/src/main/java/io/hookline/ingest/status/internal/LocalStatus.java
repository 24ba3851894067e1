package io.hookline.ingest.status.internal;

import io.hookline.schemas.Attempt;
import io.hookline.schemas.AttemptOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * Reads this instance's status stores, one partition at a time, and only the partitions it owns as
 * active (no stale standbys). A partition whose store cannot be read right now (restoring, moving
 * away in a rebalance) is left out of the answer, so the caller sees it as missing. Thread-safe;
 * called on request threads.
 */
public final class LocalStatus {
  private final KafkaStreams streams;
  private final int keep;

  public LocalStatus(KafkaStreams streams, int keep) {
    this.streams = streams;
    this.keep = keep;
  }

  /** The partitions whose tasks run here as active. */
  public Set<Integer> activePartitions() {
    Set<Integer> out = new TreeSet<>();
    for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
      for (TaskMetadata task : thread.activeTasks()) {
        out.add(task.taskId().partition());
      }
    }
    return out;
  }

  public Partials.Event deliveriesOf(String eventId) {
    String from = DeliveryStatus.key(eventId, "");
    String to = eventId + '\u0001';
    return new Partials.Event(
        eachPartition(
            p -> {
              ReadOnlyWindowStore<String, DeliveryStatus> store =
                  store(StatusTopology.DELIVERIES, QueryableStoreTypes.windowStore(), p);
              List<DeliveryStatus> found = new ArrayList<>();
              try (KeyValueIterator<Windowed<String>, DeliveryStatus> it =
                  store.fetch(from, to, Instant.EPOCH, Instant.ofEpochMilli(Long.MAX_VALUE))) {
                it.forEachRemaining(kv -> found.add(kv.value));
              }
              return found;
            }));
  }

  /** Each owned partition's counts of windows starting in {@code [from, to]}. */
  public Partials.Stats stats(String tenant, Instant from, Instant to) {
    return new Partials.Stats(
        eachPartition(
            p ->
                windows(p, tenant, from, to).values().stream()
                    .reduce(TenantStats.empty(), TenantStats::merge)));
  }

  /** Each owned partition's counts of each window starting in {@code [from, to]}, by its start. */
  public Partials.Hourly hourlyStats(String tenant, Instant from, Instant to) {
    return new Partials.Hourly(eachPartition(p -> windows(p, tenant, from, to)));
  }

  /** The counts of {@code partition}'s windows starting in {@code [from, to]}, by their start. */
  private Map<Long, TenantStats> windows(int partition, String tenant, Instant from, Instant to) {
    ReadOnlyWindowStore<String, TenantStats> store =
        store(StatusTopology.STATS, QueryableStoreTypes.windowStore(), partition);
    Map<Long, TenantStats> byStart = new HashMap<>();
    try (KeyValueIterator<Windowed<String>, TenantStats> it =
        tenant == null ? store.fetchAll(from, to) : store.fetch(tenant, tenant, from, to)) {
      while (it.hasNext()) {
        KeyValue<Windowed<String>, TenantStats> kv = it.next();
        byStart.merge(kv.key.window().start(), kv.value, TenantStats::merge);
      }
    }
    return byStart;
  }

  /**
   * The endpoint's recent records from {@code partition}; empty when that partition is not active
   * here (it moved).
   */
  public Optional<Partials.Endpoint> endpointAttempts(
      int partition, String endpointId, AttemptOutcome outcome, int limit) {
    if (!activePartitions().contains(partition)) {
      return Optional.empty();
    }
    try {
      ReadOnlyKeyValueStore<String, Attempt> records =
          store(StatusTopology.ENDPOINT_ATTEMPTS, QueryableStoreTypes.keyValueStore(), partition);
      ReadOnlyKeyValueStore<String, EndpointLog.Cursor> cursors =
          store(StatusTopology.ENDPOINT_CURSORS, QueryableStoreTypes.keyValueStore(), partition);
      return Optional.of(
          new Partials.Endpoint(
              partition, EndpointLog.recent(records, cursors, keep, endpointId, outcome, limit)));
    } catch (InvalidStateStoreException e) {
      return Optional.empty();
    }
  }

  private <T> Map<Integer, T> eachPartition(IntFunction<T> read) {
    Map<Integer, T> out = new HashMap<>();
    for (int p : activePartitions()) {
      try {
        out.put(p, read.apply(p));
      } catch (InvalidStateStoreException e) {
        // Not readable now (restoring or migrating): missing from the answer, on purpose.
      }
    }
    return out;
  }

  private <T> T store(String name, QueryableStoreType<T> type, int partition) {
    return streams.store(StoreQueryParameters.fromNameAndType(name, type).withPartition(partition));
  }
}
