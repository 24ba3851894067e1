package io.hookline.bench.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.bench.faults.Accounting.Settled;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How the wait for a fault run to settle ends. */
class AccountingTest {
  private static final long EXPECTED = 100;

  @Test
  void aPauseLongerThanTheQuietPeriodBeforeTheWaitStillGetsTheQuietPeriodToResume()
      throws Exception {
    long start = System.nanoTime();
    long lastArrival = start - TimeUnit.SECONDS.toNanos(60); // the broker was down a minute

    Settled how =
        Accounting.awaitSettled(
            () -> System.nanoTime() - start > TimeUnit.MILLISECONDS.toNanos(300) ? EXPECTED : 0,
            EXPECTED,
            () -> lastArrival,
            Duration.ofSeconds(5),
            Duration.ofSeconds(30));

    assertThat(how).isEqualTo(Settled.ALL_ARRIVED);
  }

  @Test
  void nothingArrivingForTheQuietPeriodEndsTheWait() throws Exception {
    long lastArrival = System.nanoTime();

    Settled how =
        Accounting.awaitSettled(
            () -> 0, EXPECTED, () -> lastArrival, Duration.ofMillis(300), Duration.ofSeconds(30));

    assertThat(how).isEqualTo(Settled.QUIET);
  }

  @Test
  void deliveriesStillArrivingAtTheLongestWaitEndItAsTimedOut() throws Exception {
    Settled how =
        Accounting.awaitSettled(
            () -> 0, EXPECTED, System::nanoTime, Duration.ofSeconds(5), Duration.ofMillis(300));

    assertThat(how).isEqualTo(Settled.TIMED_OUT);
  }

  @Test
  void everyDeliveryArrivedEndsTheWaitAtOnce() throws Exception {
    Settled how =
        Accounting.awaitSettled(
            () -> EXPECTED,
            EXPECTED,
            System::nanoTime,
            Duration.ofSeconds(5),
            Duration.ofMinutes(5));

    assertThat(how).isEqualTo(Settled.ALL_ARRIVED);
  }
}
