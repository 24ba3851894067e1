package io.hookline.dispatcher.internal;

import io.hookline.schemas.Endpoint;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;

/**
 * The dispatcher's per-endpoint lanes, so that a slow, failing or rate-limited endpoint delays only
 * itself. Lanes are created on demand with the endpoint's own settings and dropped once idle for a
 * while, so memory follows the endpoints with work in flight, not every endpoint ever seen.
 *
 * <p>{@link #offer} and {@link #expireIdle} are called from the poll thread; lanes release their
 * slots from worker threads.
 */
public final class EndpointLanes {
  static final int MAX_IDLE_LANES = 50_000;

  private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
  private final LaneScheduler scheduler;
  private final int defaultMaxInFlight;
  private final int backlogCap;
  private final long idleExpiryNanos;
  private final LongSupplier nanoTime;

  /**
   * @param defaultMaxInFlight concurrent requests to an endpoint that sets no {@code maxInFlight}
   * @param backlogCap sends an endpoint may have queued; more are deferred (throttled)
   * @param idleExpiryNanos how long an idle lane (and its rate limiter) is kept
   */
  public EndpointLanes(
      ExecutorService workers,
      ScheduledExecutorService timer,
      int defaultMaxInFlight,
      int backlogCap,
      long idleExpiryNanos,
      LongSupplier nanoTime) {
    this.scheduler = LaneScheduler.of(workers, timer);
    this.defaultMaxInFlight = defaultMaxInFlight;
    this.backlogCap = backlogCap;
    this.idleExpiryNanos = idleExpiryNanos;
    this.nanoTime = nanoTime;
  }

  /**
   * Queues {@code send} in the lane of {@code endpointId}, set up from {@code endpoint} (or the
   * defaults when it is unknown, in which case the send dead-letters quickly anyway).
   *
   * @return false when the lane's backlog is full: the caller defers the delivery
   */
  public boolean offer(String endpointId, Endpoint endpoint, LaneTask send) {
    LaneSettings settings =
        endpoint == null
            ? new LaneSettings(defaultMaxInFlight, null)
            : LaneSettings.of(endpoint, defaultMaxInFlight);
    Lane lane = lanes.computeIfAbsent(endpointId, id -> new Lane(id, settings, nanoTime));
    return lane.offer(send, settings, backlogCap, scheduler);
  }

  /**
   * Drops lanes idle for longer than the expiry; past {@link #MAX_IDLE_LANES} lanes, drops every
   * idle lane at once, so a flood of distinct endpoints cannot grow the registry without bound
   * (busy lanes are bounded by the global in-flight budget).
   */
  public void expireIdle() {
    long now = nanoTime.getAsLong();
    long expiry = lanes.size() > MAX_IDLE_LANES ? 0 : idleExpiryNanos;
    // A lane offered work concurrently is not idle, and offers happen on this same thread.
    lanes.values().removeIf(lane -> lane.isIdleFor(expiry, now));
  }

  /**
   * Drops every queued send nobody wants any more (its partition was revoked or lost), at once
   * rather than when its lane next has a free slot. Poll thread.
   *
   * @return how many were dropped
   */
  public int dropAbandoned() {
    return lanes.values().stream().mapToInt(Lane::dropAbandoned).sum();
  }

  public int activeLanes() {
    return lanes.size();
  }

  /** Requests in flight across all lanes. */
  public int inFlight() {
    return lanes.values().stream().mapToInt(Lane::inFlight).sum();
  }

  /** Sends queued across all lanes. */
  public int backlog() {
    return lanes.values().stream().mapToInt(Lane::backlog).sum();
  }
}
