package io.hookline.dispatcher.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The poll loop's backpressure: when it pauses, when it resumes, and what ends its waits. */
class InFlightBudgetTest {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final AtomicInteger clockReads = new AtomicInteger();

  private long readClock() {
    clockReads.incrementAndGet();
    return nanos.get();
  }

  private InFlightBudget holding(int max, int held) {
    InFlightBudget budget = new InFlightBudget(max, this::readClock);
    for (int i = 0; i < held; i++) {
      budget.take();
    }
    return budget;
  }

  /** {@code await} on a thread of its own (the common pool may have a single thread here). */
  private static CompletableFuture<Boolean> waiting(Supplier<Boolean> await) {
    CompletableFuture<Boolean> result = new CompletableFuture<>();
    Thread.ofPlatform().daemon().start(() -> result.complete(await.get()));
    return result;
  }

  @Test
  void theBudgetIsSpentAtItsMaximumNotBefore() {
    InFlightBudget budget = holding(100, 99);
    assertThat(budget.isSpent()).isFalse();

    budget.take();

    assertThat(budget.isSpent()).isTrue();
    assertThat(budget.held()).isEqualTo(100);
  }

  @Test
  void pausedPartitionsResumeOnlyATenthBelowTheMaximumNotAtTheFirstFreeSlot() {
    InFlightBudget budget = holding(100, 100);
    assertThat(budget.resumeBelow()).isEqualTo(90);

    for (int i = 0; i < 10; i++) {
      budget.release();
      assertThat(budget.hasRoom()).as("held %d", budget.held()).isFalse();
    }
    budget.release();

    assertThat(budget.held()).isEqualTo(89);
    assertThat(budget.hasRoom()).isTrue();
  }

  @Test
  void aBudgetOfOneResumesWhenNothingIsHeld() {
    InFlightBudget budget = holding(1, 1);
    assertThat(budget.hasRoom()).isFalse();

    budget.release();

    assertThat(budget.hasRoom()).isTrue();
  }

  @Test
  void aFailedWriteReleasesItsDeliveryKeepsTheFirstErrorAndEndsAWait() {
    InFlightBudget budget = holding(10, 2);
    IllegalStateException first = new IllegalStateException("first");

    budget.fail(first);
    budget.fail(new IllegalStateException("second"));

    assertThat(budget.held()).isZero();
    assertThat(budget.writeFailure()).isSameAs(first);
    assertThat(budget.await(() -> false, Duration.ofHours(1))).isTrue();
    budget.clearFailure();
    assertThat(budget.writeFailure()).isNull();
  }

  @Test
  void aWaitEndsWhenADeliveryOnAnotherThreadFinishes() {
    InFlightBudget budget = holding(10, 10);
    CompletableFuture<Boolean> waiter =
        waiting(() -> budget.await(budget::hasRoom, Duration.ofHours(1)));
    await().atMost(Duration.ofSeconds(10)).until(() -> clockReads.get() >= 2);

    for (int i = 0; i < 5; i++) {
      budget.release(); // on this thread, not the waiter's
    }

    await().atMost(Duration.ofSeconds(10)).until(waiter::isDone);
    assertThat(waiter.join()).isTrue();
  }

  @Test
  void aWaitTimesOutByItsTimeSourceAndSaysSo() {
    InFlightBudget budget = holding(10, 10);
    CompletableFuture<Boolean> waiter =
        waiting(() -> budget.await(budget::hasRoom, Duration.ofSeconds(30)));
    // Two reads: the deadline, then the time left; the waiter holds the lock until it waits, so
    // the wake below reaches it waiting.
    await().atMost(Duration.ofSeconds(10)).until(() -> clockReads.get() >= 2);

    nanos.addAndGet(Duration.ofSeconds(31).toNanos());
    budget.wake();

    await().atMost(Duration.ofSeconds(10)).until(waiter::isDone);
    assertThat(waiter.join()).isFalse();
    assertThat(budget.held()).isEqualTo(10);
  }

  @Test
  void aBudgetBelowOneIsRefused() {
    assertThatThrownBy(() -> new InFlightBudget(0, this::readClock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1");
  }
}
