package io.hookline.dispatcher.internal;

import io.hookline.core.endpoints.EndpointDirectory;
import io.hookline.core.kafka.ConsumerRun;
import io.hookline.core.logging.LogContext;
import io.hookline.schemas.Delivery;
import io.hookline.schemas.Endpoint;
import io.hookline.schemas.InvalidRecordException;
import io.hookline.schemas.Json;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatcher's poll loop: the one thread that owns the consumer of {@code webhooks.deliveries}.
 * It hands each record to a virtual thread for its attempt, pauses the partitions while the
 * in-flight budget is spent (and keeps polling, so the group never times it out), and commits each
 * partition's finished prefix. It never blocks on HTTP. Supervised by the service ({@link #session}
 * is the body of an {@code io.hookline.core.service.SupervisedLoop}). Each record is handled, and
 * its attempt made, inside a {@link LogContext} naming it.
 */
public final class PollLoop {
  private static final Logger log = LoggerFactory.getLogger(PollLoop.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
  private static final long LANE_SWEEP_INTERVAL_NANOS = 5_000_000_000L;

  private final Supplier<Consumer<String, byte[]>> consumers;
  private final String topic;
  private final Attempter attempter;
  private final Outcomes outcomes;
  private final OutcomeRouter router;
  private final EndpointLanes lanes;
  private final EndpointDirectory directory;
  private final Limits limits;
  private final InFlightBudget budget;
  private final LongSupplier nanoTime;
  private final OffsetTracker tracker = new OffsetTracker();
  private long lastLaneSweepNanos;
  private final ConsumerRun<String, byte[]> runs = new ConsumerRun<>();
  private boolean waitingForDirectory;
  private long lastCommitNanos;
  private final AtomicLong skippedAsFinished = new AtomicLong();
  private final ReentrantReadWriteLock routing = new ReentrantReadWriteLock();
  // Polled, not yet handed out because the budget was spent; partitions stay paused meanwhile.
  private final Map<TopicPartition, ArrayDeque<ConsumerRecord<String, byte[]>>> waiting =
      new LinkedHashMap<>();
  private volatile int waitingCount;
  private volatile boolean running;

  /**
   * How much the loop holds and how long it waits.
   *
   * @param maxInFlight deliveries taken from Kafka and not yet finished, across all endpoints;
   *     partitions pause at this many
   * @param laneBacklog sends one endpoint may have queued; more are deferred (throttled)
   * @param drainTimeout how long a revocation or a stop waits for in-flight deliveries to finish
   * @param commitInterval how often finished offsets are committed while polling
   */
  public record Limits(
      int maxInFlight, int laneBacklog, Duration drainTimeout, Duration commitInterval) {}

  /**
   * @param nanoTime the monotonic time source (as {@link System#nanoTime}) for commit, sweep and
   *     drain intervals
   */
  public PollLoop(
      Supplier<Consumer<String, byte[]>> consumers,
      String topic,
      Attempter attempter,
      Outcomes outcomes,
      OutcomeRouter router,
      EndpointLanes lanes,
      EndpointDirectory directory,
      Limits limits,
      LongSupplier nanoTime) {
    this.consumers = consumers;
    this.topic = topic;
    this.attempter = attempter;
    this.outcomes = outcomes;
    this.router = router;
    this.lanes = lanes;
    this.directory = directory;
    this.limits = limits;
    this.budget = new InFlightBudget(limits.maxInFlight(), nanoTime);
    this.nanoTime = nanoTime;
    this.lastLaneSweepNanos = nanoTime.getAsLong();
  }

  /**
   * One session: a fresh consumer in the group, polling until {@link #stop}. Throws when it fails;
   * nothing past the unfinished records was committed then, so the next session (the supervisor
   * starts one after a backoff) re-reads them. Runs on the loop's own thread.
   */
  public void session() {
    runs.run(
        consumers,
        this::runSession,
        c -> {
          running = false;
          budget.clearFailure();
          // Leaving the group, static member or not: the partitions go to the others at once, so
          // a scale-down or a stopping pod never leaves them silent for the session timeout. Only
          // a crash keeps a static member's partitions, for its restart to take back.
          c.close(CloseOptions.groupMembershipOperation(GroupMembershipOperation.LEAVE_GROUP));
        });
  }

  private void runSession(Consumer<String, byte[]> c) {
    c.subscribe(List.of(topic), new Rebalance(c));
    running = true;
    try {
      pollUntilStopped(c);
    } catch (WakeupException e) {
      if (!runs.isStopping()) {
        throw e;
      }
    }
    drain(tracker::pendingTotal);
    abandon(c.assignment());
    commitSync(c, tracker.finished(c.assignment(), tp -> resumeAt(c, tp)));
    c.assignment().forEach(tracker::forget);
    dropWaiting(c.assignment());
    lanes.dropAbandoned();
  }

  /**
   * Polls and hands out records until stopped. While the in-flight budget is spent, every assigned
   * partition is paused and the loop waits for room itself (at most one poll timeout), then polls
   * without blocking: Kafka 4.3's consumer does not block in {@code poll} while fetched data of
   * paused partitions sits in its buffer (the buffer signals itself each time it puts that data
   * back), so a blocking poll would spin a core for as long as the dispatcher is saturated. The
   * loop still polls several times a second, so the group never times the member out. Partitions
   * resume once the held deliveries drop below the budget's resume mark ({@link InFlightBudget}).
   */
  private void pollUntilStopped(Consumer<String, byte[]> c) {
    boolean paused = false;
    while (!runs.isStopping()) {
      Duration timeout = POLL_TIMEOUT;
      if (paused) {
        awaitRoom(POLL_TIMEOUT);
        timeout = Duration.ZERO;
      }
      throwIfAWriteFailed();
      handOutWaiting();
      hold(c.poll(timeout));
      handOutWaiting();
      waitingCount = waiting.values().stream().mapToInt(ArrayDeque::size).sum();
      throwIfAWriteFailed();
      if (budget.isSpent()) {
        // Also pauses partitions assigned since the last pause.
        c.pause(c.assignment());
        paused = true;
      } else if (paused && budget.hasRoom()) {
        c.resume(c.paused());
        paused = false;
      }
      if (!paused && waitingForDirectory && directory.isCaughtUp() && directory.isFollowing()) {
        waitingForDirectory = false;
        c.resume(c.paused());
        log.info("endpoint directory caught up: delivering");
      }
      commitAsync(c);
      long now = nanoTime.getAsLong();
      if (now - lastLaneSweepNanos > LANE_SWEEP_INTERVAL_NANOS) {
        lanes.expireIdle();
        lastLaneSweepNanos = now;
      }
    }
  }

  /**
   * Hands out records polled earlier and left waiting, one partition after another, until they are
   * all out or the in-flight budget is spent: the budget is a hard cap on the deliveries held, not
   * exceeded by the rest of a poll's batch. Poll thread.
   */
  private void handOutWaiting() {
    while (!waiting.isEmpty() && !budget.isSpent()) {
      var it = waiting.values().iterator();
      while (it.hasNext() && !budget.isSpent()) {
        ArrayDeque<ConsumerRecord<String, byte[]>> queue = it.next();
        handle(queue.pollFirst());
        if (queue.isEmpty()) {
          it.remove();
        }
      }
    }
  }

  private void hold(ConsumerRecords<String, byte[]> records) {
    for (TopicPartition tp : records.partitions()) {
      waiting.computeIfAbsent(tp, k -> new ArrayDeque<>()).addAll(records.records(tp));
    }
  }

  /**
   * Where {@code tp}'s work resumes: its first record still waiting to be handed out, else the
   * consumer's position. What is committed never passes a record that was not handed out.
   */
  private Long resumeAt(Consumer<String, byte[]> c, TopicPartition tp) {
    ArrayDeque<ConsumerRecord<String, byte[]>> queue = waiting.get(tp);
    if (queue == null || queue.isEmpty()) {
      return positionOf(c, tp); // null when the consumer does not know it yet
    }
    return queue.peekFirst().offset();
  }

  /** Lets go of the waiting records of partitions this consumer no longer owns. Poll thread. */
  private void dropWaiting(Collection<TopicPartition> partitions) {
    partitions.forEach(waiting::remove);
    waitingCount = waiting.values().stream().mapToInt(ArrayDeque::size).sum();
  }

  /** Records polled and not yet handed out, waiting for room in the budget. Any thread. */
  public int waiting() {
    return waitingCount;
  }

  /** Ends the session (nothing past the unfinished record is committed) once a write failed. */
  private void throwIfAWriteFailed() {
    Exception failure = budget.writeFailure();
    if (failure != null) {
      throw new IllegalStateException("an outcome could not be written to Kafka", failure);
    }
  }

  /** Waits up to {@code max} for the held deliveries to drop below the resume mark. Poll thread. */
  private void awaitRoom(Duration max) {
    budget.await(() -> budget.hasRoom() || runs.isStopping(), max);
  }

  private void handle(ConsumerRecord<String, byte[]> record) {
    try (LogContext scope = LogContext.of(record)) {
      handle(record, scope);
    }
  }

  private void handle(ConsumerRecord<String, byte[]> record, LogContext scope) {
    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
    if (tracker.finishedEarlier(tp, record.offset())) {
      // Finished by the partition's previous owner after its last committed offset.
      tracker.complete(tracker.track(tp, record.offset()));
      skippedAsFinished.incrementAndGet();
      return;
    }
    OffsetTracker.Ticket ticket = tracker.track(tp, record.offset());
    Delivery delivery;
    try {
      delivery = Json.read(record.value(), Delivery.class);
    } catch (InvalidRecordException e) {
      budget.take();
      router.route(
          record.key(), outcomes.poison(record, e.getMessage()), () -> done(ticket), this::failed);
      return;
    }
    scope.delivery(delivery);
    budget.take();
    String endpointId = delivery.endpointId();
    // Sets up the endpoint's lane; the attempt reads the endpoint again when it starts.
    Endpoint endpoint = directory.get(endpointId).orElse(null);
    LaneTask task =
        new LaneTask(
            () -> attemptAndRoute(delivery, ticket), ticket::isAbandoned, () -> done(ticket));
    if (!lanes.offer(endpointId, endpoint, task)) {
      router.route(
          endpointId,
          outcomes.throttled(delivery, limits.laneBacklog()),
          () -> done(ticket),
          this::failed);
    }
  }

  private void attemptAndRoute(Delivery delivery, OffsetTracker.Ticket ticket) {
    TopicPartition tp = ticket.partition();
    try (LogContext scope = LogContext.of(tp.topic(), tp.partition(), ticket.offset())) {
      scope.delivery(delivery);
      Outcome outcome;
      try {
        outcome = attempter.attempt(delivery);
      } catch (RuntimeException e) {
        log.error("attempt of {} failed inside the dispatcher", delivery.id(), e);
        outcome = outcomes.failedInternally(delivery, e);
      }
      // Checked and routed under the read lock: a revoke abandons the partition under the write
      // lock, so an outcome is either routed before (and flushed before the revoke's commit, which
      // then counts it finished) or not written at all.
      routing.readLock().lock();
      try {
        if (ticket.isAbandoned()) {
          // Revoked while it was sent: the partition's new owner delivers it again, and an outcome
          // written here would run in parallel with its own.
          log.debug(
              "delivery {} was revoked while in flight; its outcome is not written", delivery.id());
          done(ticket);
          return;
        }
        router.route(delivery.endpointId(), outcome, () -> done(ticket), this::failed);
      } finally {
        routing.readLock().unlock();
      }
    }
  }

  /** The delivery is finished: its outcome durable, or (revoked) dropped without one. */
  private void done(OffsetTracker.Ticket ticket) {
    tracker.complete(ticket);
    budget.release();
  }

  private void failed(Exception e) {
    budget.fail(e);
  }

  /**
   * Commits what became committable; an offset counts as committed only once Kafka confirms it (in
   * the callback, which the consumer runs on this thread), and a failed commit is sent again.
   */
  private void commitAsync(Consumer<String, byte[]> c) {
    long now = nanoTime.getAsLong();
    if (now - lastCommitNanos < limits.commitInterval().toNanos()) {
      return;
    }
    lastCommitNanos = now;
    Map<TopicPartition, OffsetAndMetadata> offsets = tracker.committable(tp -> resumeAt(c, tp));
    if (!offsets.isEmpty()) {
      c.commitAsync(
          offsets,
          (committed, error) -> {
            if (error == null) {
              tracker.commitSucceeded(offsets);
            } else {
              tracker.commitFailed(offsets);
              log.warn("offset commit failed; it is sent again: {}", error.toString());
            }
          });
    }
  }

  private void commitSync(
      Consumer<String, byte[]> c, Map<TopicPartition, OffsetAndMetadata> offsets) {
    if (!offsets.isEmpty()) {
      try {
        try {
          c.commitSync(offsets, Duration.ofSeconds(10));
        } catch (WakeupException e) {
          // stop() woke the consumer outside poll(); the wake-up is spent now: commit anyway.
          c.commitSync(offsets, Duration.ofSeconds(10));
        }
        tracker.commitSucceeded(offsets);
      } catch (RuntimeException e) {
        log.warn("offset commit failed; records after {} will be delivered again", offsets, e);
      }
    }
  }

  /**
   * The consumer's position on {@code tp} when it knows it without asking the broker, else null.
   * Past transaction markers, unlike the last record's offset.
   */
  private static Long positionOf(Consumer<String, byte[]> c, TopicPartition tp) {
    try {
      return c.position(tp, Duration.ZERO);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * Gives up the unfinished work of {@code partitions} after a drain: from now on none of it writes
   * an outcome, and the outcomes routed before are durable once this returns, so that the commit
   * that follows counts them finished and the new owner does not deliver them again. Poll thread.
   */
  private void abandon(Collection<TopicPartition> partitions) {
    routing.writeLock().lock();
    try {
      partitions.forEach(tracker::abandon);
    } finally {
      routing.writeLock().unlock();
    }
    router.flush();
  }

  /** Waits, up to the drain timeout, for {@code pending} to reach zero. Poll thread. */
  private void drain(IntSupplier pending) {
    if (!budget.await(() -> pending.getAsInt() == 0, limits.drainTimeout())) {
      log.warn(
          "{} deliveries unfinished after draining; they will be redelivered", pending.getAsInt());
    }
  }

  /** Records skipped because the partition's previous owner had finished them. */
  public long skippedAsFinished() {
    return skippedAsFinished.get();
  }

  /** Deliveries handed out and not yet durably finished. */
  public int inFlight() {
    return budget.held();
  }

  public boolean isRunning() {
    return running;
  }

  /** Asks the loop to drain and stop; returns at once. Any thread. */
  public void stop() {
    runs.stop();
    budget.wake();
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    private final Consumer<String, byte[]> consumer;

    Rebalance(Consumer<String, byte[]> consumer) {
      this.consumer = consumer;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      Map<TopicPartition, OffsetAndMetadata> committed = committedOffsets(partitions);
      partitions.forEach(tp -> tracker.assign(tp, committed.get(tp)));
      follow();
      if (!partitions.isEmpty() && !(directory.isCaughtUp() && directory.isFollowing())) {
        // Joined before the directory was complete (a fast restart), or its copy of these
        // partitions' endpoints is still being read: fetch nothing until it is, rather than
        // look every new endpoint up one miss at a time.
        consumer.pause(partitions);
        waitingForDirectory = true;
      }
      if (!partitions.isEmpty()) {
        log.info("delivery partitions assigned: {}", partitions);
      }
    }

    /** The partitions' committed offsets and metadata; empty when they cannot be read in time. */
    private Map<TopicPartition, OffsetAndMetadata> committedOffsets(
        Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return Map.of();
      }
      try {
        Map<TopicPartition, OffsetAndMetadata> out =
            consumer.committed(Set.copyOf(partitions), Duration.ofSeconds(10));
        return out == null ? Map.of() : out;
      } catch (RuntimeException e) {
        // Without them nothing is skipped: finished records are delivered again, none is lost.
        log.warn("could not read the committed offsets of {}: {}", partitions, e.toString());
        return Map.of();
      }
    }

    /**
     * Finishes in-flight work of these partitions (bounded), commits synchronously everything
     * complete, then lets go: what is still queued for them is dropped unsent and what is still in
     * flight has no outcome written, since the new owner delivers it.
     */
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      log.info("delivery partitions revoked: {}", partitions);
      drain(() -> partitions.stream().mapToInt(tracker::pending).sum());
      abandon(partitions);
      commitSync(consumer, tracker.finished(partitions, tp -> resumeAt(consumer, tp)));
      partitions.forEach(tracker::forget);
      dropWaiting(partitions);
      int dropped = lanes.dropAbandoned();
      if (dropped > 0) {
        log.info("dropped {} queued deliveries of revoked partitions {}", dropped, partitions);
      }
      // Nothing of these partitions runs any more: their endpoints may go.
      follow(partitions);
    }

    /**
     * Tells the directory to hold the endpoints of the partitions this consumer owns, less {@code
     * leaving} (being revoked or lost: the consumer's assignment still names them).
     */
    private void follow(Collection<TopicPartition> leaving) {
      Set<Integer> owned = new HashSet<>();
      for (TopicPartition tp : consumer.assignment()) {
        if (!leaving.contains(tp)) {
          owned.add(tp.partition());
        }
      }
      directory.follow(owned);
    }

    private void follow() {
      follow(List.of());
    }

    /** Another member owns them already: committing now could move its offsets back. */
    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      partitions.forEach(tracker::forget);
      dropWaiting(partitions);
      lanes.dropAbandoned();
      follow(partitions);
    }
  }
}
