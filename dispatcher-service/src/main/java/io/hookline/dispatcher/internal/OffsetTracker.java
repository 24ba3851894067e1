package io.hookline.dispatcher.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Tracks, per partition, which polled records still have no durable outcome, so the dispatcher
 * commits only the contiguous prefix of finished records and never past an unfinished one.
 *
 * <p>{@link #track} and {@link #committable} are called only from the poll thread; {@link
 * #complete} from any thread. A partition's state is replaced when it is re-assigned, so a
 * completion that arrives for an earlier assignment is ignored.
 */
public final class OffsetTracker {
  private final Map<TopicPartition, PartitionState> partitions = new ConcurrentHashMap<>();

  /** The handle a task uses to report its record finished. */
  public record Ticket(TopicPartition partition, long offset, PartitionState state) {}

  /** Starts tracking a newly assigned partition, forgetting anything from before. */
  public void assign(TopicPartition tp) {
    partitions.put(tp, new PartitionState());
  }

  /** Stops tracking; later completions for it are ignored. */
  public void forget(TopicPartition tp) {
    partitions.remove(tp);
  }

  /** Notes a polled record as unfinished. Poll thread only. */
  public Ticket track(TopicPartition tp, long offset) {
    PartitionState state = partitions.computeIfAbsent(tp, p -> new PartitionState());
    state.pending.add(offset);
    state.highestSeen = Math.max(state.highestSeen, offset);
    return new Ticket(tp, offset, state);
  }

  /** Marks a record's outcome durable. Any thread. */
  public void complete(Ticket ticket) {
    ticket.state.pending.remove(ticket.offset);
  }

  /** Records of {@code tp} still unfinished. */
  public int pending(TopicPartition tp) {
    PartitionState state = partitions.get(tp);
    return state == null ? 0 : state.pending.size();
  }

  public int pendingTotal() {
    return partitions.values().stream().mapToInt(s -> s.pending.size()).sum();
  }

  /**
   * For each partition whose finished prefix grew since the last call, the offset to commit (the
   * first unfinished offset, or one past the highest seen). Poll thread only.
   */
  public Map<TopicPartition, OffsetAndMetadata> committable() {
    Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
    partitions.forEach(
        (tp, state) -> {
          if (state.highestSeen < 0) {
            return;
          }
          Long first = state.pending.isEmpty() ? null : state.pending.first();
          long next = first == null ? state.highestSeen + 1 : first;
          if (next > state.committed) {
            out.put(tp, new OffsetAndMetadata(next));
            state.committed = next;
          }
        });
    return out;
  }

  /** Per-partition state; only {@code pending} is touched by other threads. */
  public static final class PartitionState {
    private final ConcurrentSkipListSet<Long> pending = new ConcurrentSkipListSet<>();
    private long highestSeen = -1;
    private long committed = -1;
  }
}
