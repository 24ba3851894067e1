package io.hookline.ingest.status.internal;

import io.hookline.schemas.Attempt;
import io.hookline.schemas.DeadLetter;
import io.hookline.schemas.DeadLetterReason;
import io.hookline.schemas.Delivery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What the status view knows of one delivery: its most recent attempt records (oldest first, at
 * most {@link #MAX_KEPT}) and, once it is dead-lettered, why. The state is derived from whichever
 * came last, so a delivery replayed out of the DLQ and then delivered reads {@code delivered}.
 * Immutable; every change returns a new value.
 *
 * @param recordsSeen attempt records seen in all, including those no longer kept
 * @param firstAttemptAt when the first attempt record seen started
 * @param dead the latest dead letter of this delivery, or {@code null}
 */
public record DeliveryStatus(
    String deliveryId,
    String eventId,
    String endpointId,
    String tenant,
    int recordsSeen,
    Instant firstAttemptAt,
    List<Attempt> attempts,
    DeadMark dead) {

  /** Attempt records kept per delivery; more (throttled loops, long tier lists) drop the oldest. */
  public static final int MAX_KEPT = 20;

  private static final Comparator<Attempt> CHRONOLOGICAL =
      Comparator.comparing(Attempt::startedAt).thenComparingInt(Attempt::attempt);

  /** Why and when a delivery went to the DLQ. */
  public record DeadMark(
      DeadLetterReason reason, Instant deadAt, Integer lastStatus, String lastError) {}

  public DeliveryStatus {
    attempts = List.copyOf(attempts);
  }

  static DeliveryStatus first(Attempt a) {
    return new DeliveryStatus(
        a.deliveryId(), a.eventId(), a.endpointId(), a.tenant(), 0, null, List.of(), null);
  }

  static DeliveryStatus first(Delivery d) {
    return new DeliveryStatus(
        d.id(), d.eventId(), d.endpointId(), d.tenant(), 0, null, List.of(), null);
  }

  /** The key of this delivery in the status store: its event first, so an event's are adjacent. */
  static String key(String eventId, String deliveryId) {
    return eventId + '\u0000' + deliveryId;
  }

  /** Whether this record was applied already (a redelivery after a crash, at-least-once). */
  boolean hasSeen(Attempt a) {
    boolean kept =
        attempts.stream()
            .anyMatch(
                k ->
                    k.attempt() == a.attempt()
                        && k.outcome() == a.outcome()
                        && k.startedAt().equals(a.startedAt()));
    // One delivery's attempts are made one after another, so an older one than the oldest kept,
    // once some were dropped, is one that was applied before.
    boolean dropped =
        recordsSeen > attempts.size()
            && !attempts.isEmpty()
            && a.startedAt().isBefore(attempts.get(0).startedAt());
    return kept || dropped;
  }

  boolean hasSeen(DeadLetter d) {
    return dead != null && dead.deadAt().equals(d.deadAt()) && dead.reason() == d.reason();
  }

  DeliveryStatus with(Attempt a) {
    List<Attempt> next = new ArrayList<>(attempts);
    next.add(a);
    next.sort(CHRONOLOGICAL);
    while (next.size() > MAX_KEPT) {
      next.remove(0);
    }
    Instant first =
        firstAttemptAt == null || a.startedAt().isBefore(firstAttemptAt)
            ? a.startedAt()
            : firstAttemptAt;
    return new DeliveryStatus(
        deliveryId, eventId, endpointId, tenant, recordsSeen + 1, first, next, dead);
  }

  DeliveryStatus with(DeadLetter d) {
    if (dead != null && dead.deadAt().isAfter(d.deadAt())) {
      return this;
    }
    DeadMark mark = new DeadMark(d.reason(), d.deadAt(), d.lastStatus(), d.lastError());
    return new DeliveryStatus(
        deliveryId, eventId, endpointId, tenant, recordsSeen, firstAttemptAt, attempts, mark);
  }

  /**
   * The state after the latest thing that happened to the delivery: its last attempt record, or its
   * dead letter when that is as recent. {@code null} only for a value with neither.
   */
  public DeliveryState state() {
    Attempt last = attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
    if (dead != null && (last == null || !dead.deadAt().isBefore(last.startedAt()))) {
      return DeliveryState.DEAD;
    }
    return last == null ? null : DeliveryState.of(last.outcome());
  }

  /**
   * Both halves of one delivery, when its attempts and its dead letter were read in different
   * partitions (the attempts and DLQ topics differ in partition count).
   */
  public DeliveryStatus merge(DeliveryStatus other) {
    DeliveryStatus merged = this;
    for (Attempt a : other.attempts) {
      if (!merged.hasSeen(a)) {
        merged = merged.with(a);
      }
    }
    int seen = recordsSeen + other.recordsSeen;
    Instant first = earliest(merged.firstAttemptAt, other.firstAttemptAt);
    DeadMark mark = merged.dead;
    if (other.dead != null && (mark == null || other.dead.deadAt().isAfter(mark.deadAt()))) {
      mark = other.dead;
    }
    return new DeliveryStatus(
        deliveryId, eventId, endpointId, tenant, seen, first, merged.attempts, mark);
  }

  private static Instant earliest(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isBefore(b) ? a : b;
  }
}
