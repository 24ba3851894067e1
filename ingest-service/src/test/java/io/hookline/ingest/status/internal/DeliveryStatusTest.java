package io.hookline.ingest.status.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.schemas.Attempt;
import io.hookline.schemas.AttemptOutcome;
import io.hookline.schemas.DeadLetter;
import io.hookline.schemas.DeadLetterReason;
import io.hookline.schemas.Delivery;
import io.hookline.schemas.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeliveryStatusTest {
  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  private static Attempt attempt(int n, int secondsAfter, AttemptOutcome outcome, Integer status) {
    return new Attempt(
        "dlv_1",
        "evt_1",
        "ep_1",
        "t1",
        n,
        T0.plusSeconds(secondsAfter),
        40,
        outcome,
        status,
        outcome == AttemptOutcome.DELIVERED ? null : "HTTP " + status,
        null,
        null,
        null);
  }

  private static DeadLetter deadLetter(int secondsAfter) {
    Delivery d =
        Delivery.fresh("dlv_1", "evt_1", "ep_1", "t1", "a.b", "{}", T0, T0)
            .afterFailedAttempt(T0, 503, "HTTP 503");
    return DeadLetter.of(d, DeadLetterReason.EXHAUSTED, T0.plusSeconds(secondsAfter));
  }

  private static DeliveryStatus apply(Attempt... attempts) {
    DeliveryStatus s = DeliveryStatus.first(attempts[0]);
    for (Attempt a : attempts) {
      s = s.with(a);
    }
    return s;
  }

  @Test
  void theStateIsThatOfTheLatestAttempt() {
    assertThat(apply(attempt(1, 0, AttemptOutcome.RETRYING, 503)).state())
        .isEqualTo(DeliveryState.RETRYING);
    assertThat(
            apply(
                    attempt(1, 0, AttemptOutcome.RETRYING, 503),
                    attempt(2, 10, AttemptOutcome.DELIVERED, 200))
                .state())
        .isEqualTo(DeliveryState.DELIVERED);
    assertThat(apply(attempt(1, 0, AttemptOutcome.THROTTLED, null)).state())
        .isEqualTo(DeliveryState.THROTTLED);
  }

  @Test
  void attemptsReadInAnotherOrderAreKeptInTheOrderTheyStarted() {
    DeliveryStatus s =
        apply(
            attempt(2, 10, AttemptOutcome.DELIVERED, 200),
            attempt(1, 0, AttemptOutcome.RETRYING, 503));

    assertThat(s.attempts()).extracting(Attempt::attempt).containsExactly(1, 2);
    assertThat(s.state()).isEqualTo(DeliveryState.DELIVERED);
    assertThat(s.firstAttemptAt()).isEqualTo(T0);
  }

  @Test
  void aDeadLetterMakesItDeadEvenWithoutAnyAttempt() {
    DeadLetter dead = deadLetter(5);
    DeliveryStatus s = DeliveryStatus.first(dead.delivery()).with(dead);

    assertThat(s.state()).isEqualTo(DeliveryState.DEAD);
    assertThat(s.dead().reason()).isEqualTo(DeadLetterReason.EXHAUSTED);
    assertThat(s.attempts()).isEmpty();
  }

  @Test
  void aReplayDeliveredAfterTheDeadLetterReadsDelivered() {
    DeliveryStatus dead = apply(attempt(4, 0, AttemptOutcome.DEAD, 503)).with(deadLetter(1));
    assertThat(dead.state()).isEqualTo(DeliveryState.DEAD);

    DeliveryStatus replayed = dead.with(attempt(1, 3600, AttemptOutcome.DELIVERED, 200));

    assertThat(replayed.state()).isEqualTo(DeliveryState.DELIVERED);
  }

  @Test
  void aRecordAppliedBeforeIsRecognised() {
    Attempt first = attempt(1, 0, AttemptOutcome.RETRYING, 503);
    DeliveryStatus s = apply(first);
    DeadLetter dead = deadLetter(9);

    assertThat(s.hasSeen(first)).isTrue();
    assertThat(s.hasSeen(attempt(2, 10, AttemptOutcome.RETRYING, 503))).isFalse();
    assertThat(s.with(dead).hasSeen(dead)).isTrue();
    assertThat(s.hasSeen(dead)).isFalse();
  }

  @Test
  void onlyTheLatestAttemptsAreKeptButAllAreCountedAndOldOnesStillRecognised() {
    DeliveryStatus s = DeliveryStatus.first(attempt(1, 0, AttemptOutcome.THROTTLED, null));
    int total = DeliveryStatus.MAX_KEPT + 5;
    for (int i = 0; i < total; i++) {
      s = s.with(attempt(1, i, AttemptOutcome.THROTTLED, null));
    }

    assertThat(s.attempts()).hasSize(DeliveryStatus.MAX_KEPT);
    assertThat(s.recordsSeen()).isEqualTo(total);
    assertThat(s.attempts().get(0).startedAt()).isEqualTo(T0.plusSeconds(5));
    assertThat(s.firstAttemptAt()).isEqualTo(T0);
    assertThat(s.hasSeen(attempt(1, 2, AttemptOutcome.THROTTLED, null))).isTrue();
  }

  @Test
  void halvesReadInDifferentPartitionsMergeIntoOne() {
    DeliveryStatus attempts =
        apply(attempt(1, 0, AttemptOutcome.RETRYING, 503), attempt(2, 1, AttemptOutcome.DEAD, 503));
    DeadLetter dead = deadLetter(2);
    DeliveryStatus deadHalf = DeliveryStatus.first(dead.delivery()).with(dead);

    DeliveryStatus merged = attempts.merge(deadHalf);

    assertThat(merged.attempts()).hasSize(2);
    assertThat(merged.recordsSeen()).isEqualTo(2);
    assertThat(merged.dead()).isNotNull();
    assertThat(merged.state()).isEqualTo(DeliveryState.DEAD);
  }

  @Test
  void survivesAJsonRoundTripAsTheStoresKeepIt() {
    DeliveryStatus s = apply(attempt(1, 0, AttemptOutcome.RETRYING, 503)).with(deadLetter(3));

    assertThat(Json.read(Json.write(s), DeliveryStatus.class)).isEqualTo(s);
  }
}
