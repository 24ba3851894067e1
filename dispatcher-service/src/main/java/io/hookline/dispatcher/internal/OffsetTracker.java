package io.hookline.dispatcher.internal;

import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Tracks, per partition, which polled records still have no durable outcome, so the dispatcher
 * commits only the contiguous prefix of finished records and never past an unfinished one; and
 * which offsets Kafka has confirmed, so that a commit that failed (or was never answered) is sent
 * again rather than taken for done.
 *
 * <p>Once a partition has nothing unfinished, the offset to commit is its consumer position, which
 * lies past any transaction markers after the last record: a caught-up group then lags by zero.
 * While something is unfinished, the commit carries in its metadata which later records are
 * finished already ({@link FinishedAhead}), and a partition assigned with such a commit skips them:
 * a crash redelivers what was in flight, not everything after the first unfinished record.
 *
 * <p>{@link #track}, {@link #committable}, {@link #finished} and the commit results are called only
 * from the poll thread (the consumer runs commit callbacks there); {@link #complete} from any
 * thread. A partition's state is replaced when it is re-assigned and {@link
 * PartitionState#isAbandoned abandoned} when it is revoked or lost, so work of an earlier
 * assignment can tell it is no longer wanted.
 */
public final class OffsetTracker {
  private final Map<TopicPartition, PartitionState> partitions = new ConcurrentHashMap<>();

  /** The handle a task uses to report its record finished, or to learn it was abandoned. */
  public record Ticket(TopicPartition partition, long offset, PartitionState state) {
    /** Whether the partition was revoked or lost since: its new owner will deliver the record. */
    public boolean isAbandoned() {
      return state.abandoned;
    }
  }

  /** Starts tracking a newly assigned partition, forgetting anything from before. */
  public void assign(TopicPartition tp) {
    assign(tp, null);
  }

  /**
   * Starts tracking a newly assigned partition whose committed offset is {@code committed} (null
   * when none): records its metadata names as finished will be skipped.
   */
  public void assign(TopicPartition tp, OffsetAndMetadata committed) {
    PartitionState state = new PartitionState();
    if (committed != null) {
      FinishedAhead.decode(committed.metadata())
          .ifPresent(
              bits -> {
                state.finishedEarlier = bits;
                state.finishedEarlierBase = committed.offset();
              });
    }
    PartitionState previous = partitions.put(tp, state);
    if (previous != null) {
      previous.abandoned = true;
    }
  }

  /** Whether the record at {@code offset} was finished before the partition came here. */
  public boolean finishedEarlier(TopicPartition tp, long offset) {
    PartitionState state = partitions.get(tp);
    if (state == null || state.finishedEarlier == null) {
      return false;
    }
    long bit = offset - state.finishedEarlierBase - 1;
    return bit >= 0 && bit < Integer.MAX_VALUE && state.finishedEarlier.get((int) bit);
  }

  /**
   * Marks this assignment's work abandoned (it must write no outcome from now on) and keeps
   * tracking it, so that what finishes before the partition is let go is still committed.
   */
  public void abandon(TopicPartition tp) {
    PartitionState state = partitions.get(tp);
    if (state != null) {
      state.abandoned = true;
    }
  }

  /** Stops tracking; work of this assignment is abandoned, later completions are ignored. */
  public void forget(TopicPartition tp) {
    PartitionState state = partitions.remove(tp);
    if (state != null) {
      state.abandoned = true;
    }
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
   * The offsets to commit now: each partition whose finished prefix grew past what Kafka has
   * confirmed and what is already on its way. They count as on their way until {@link
   * #commitSucceeded} or {@link #commitFailed}. Poll thread only.
   *
   * @param position the consumer's position of a partition, or {@code null} when not known
   */
  public Map<TopicPartition, OffsetAndMetadata> committable(
      Function<TopicPartition, Long> position) {
    Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
    partitions.forEach(
        (tp, state) -> {
          long next = state.next(tp, position);
          String ahead = state.finishedAhead(next);
          boolean advanced = next > state.committed && next > state.requested;
          boolean moreFinished = next == state.requested && !ahead.equals(state.requestedAhead);
          if (advanced || moreFinished) {
            out.put(tp, new OffsetAndMetadata(next, ahead));
            state.requested = next;
            state.requestedAhead = ahead;
          }
        });
    return out;
  }

  /**
   * Everything finished of {@code which} that Kafka has not confirmed, whatever is on its way: for
   * the synchronous commit of a revoke or a shutdown. Poll thread only.
   */
  public Map<TopicPartition, OffsetAndMetadata> finished(
      Collection<TopicPartition> which, Function<TopicPartition, Long> position) {
    Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
    for (TopicPartition tp : which) {
      PartitionState state = partitions.get(tp);
      if (state != null) {
        long next = state.next(tp, position);
        String ahead = state.finishedAhead(next);
        if (next > state.committed || !ahead.isEmpty()) {
          out.put(tp, new OffsetAndMetadata(next, ahead));
        }
      }
    }
    return out;
  }

  /** Kafka confirmed {@code offsets}. Poll thread only. */
  public void commitSucceeded(Map<TopicPartition, OffsetAndMetadata> offsets) {
    offsets.forEach(
        (tp, o) -> {
          PartitionState state = partitions.get(tp);
          if (state != null) {
            state.committed = Math.max(state.committed, o.offset());
          }
        });
  }

  /** The commit of {@code offsets} failed: they are committable again. Poll thread only. */
  public void commitFailed(Map<TopicPartition, OffsetAndMetadata> offsets) {
    offsets.forEach(
        (tp, o) -> {
          PartitionState state = partitions.get(tp);
          if (state != null && state.requested <= o.offset()) {
            state.requested = state.committed;
            state.requestedAhead = "";
          }
        });
  }

  /** Per-partition state; only {@code pending} and {@code abandoned} are touched by others. */
  public static final class PartitionState {
    private final ConcurrentSkipListSet<Long> pending = new ConcurrentSkipListSet<>();
    private long highestSeen = -1;
    private long committed = -1;
    private long requested = -1;
    private String requestedAhead = "";
    private BitSet finishedEarlier;
    private long finishedEarlierBase;
    private volatile boolean abandoned;

    /** Whether this assignment of the partition ended (revoked, lost, or re-assigned). */
    public boolean isAbandoned() {
      return abandoned;
    }

    /** The metadata naming what is finished beyond {@code next}, the offset to commit. */
    private String finishedAhead(long next) {
      return pending.isEmpty() ? "" : FinishedAhead.encode(next, pending, highestSeen);
    }

    /** The first unfinished offset; with none, past the last record (and any markers after it). */
    private long next(TopicPartition tp, Function<TopicPartition, Long> position) {
      if (!pending.isEmpty()) {
        return pending.first();
      }
      long next = highestSeen + 1;
      Long at = position.apply(tp);
      return at == null ? next : Math.max(next, at);
    }
  }
}
