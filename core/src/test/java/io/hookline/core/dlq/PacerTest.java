package io.hookline.core.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class PacerTest {
  /** A clock the test moves by hand. */
  static final class FakeClock extends Clock {
    Instant now = Instant.parse("2026-11-22T10:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  @Test
  void theFirstSendGoesAtOnceAndEachNextOneIntervalAfterThePrevious() {
    FakeClock clock = new FakeClock();
    Pacer pacer = Pacer.perSecond(4, clock);

    assertThat(pacer.untilNext()).isZero();
    pacer.sentAt(clock.instant());
    assertThat(pacer.untilNext()).isEqualTo(Duration.ofMillis(250));
    clock.advance(Duration.ofMillis(100));
    assertThat(pacer.untilNext()).isEqualTo(Duration.ofMillis(150));
    clock.advance(Duration.ofMillis(150));
    assertThat(pacer.untilNext()).isZero();
  }

  @Test
  void aLateSendIsNotMadeUpForWithABurst() {
    FakeClock clock = new FakeClock();
    Pacer pacer = Pacer.perSecond(2, clock);
    pacer.sentAt(clock.instant());

    clock.advance(Duration.ofSeconds(3)); // the send loop was held up for six intervals
    pacer.sentAt(clock.instant());

    assertThat(pacer.untilNext()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void fractionalRatesWorkAndUnlimitedNeverWaits() {
    FakeClock clock = new FakeClock();
    Pacer slow = Pacer.perSecond(0.5, clock);
    slow.sentAt(clock.instant());
    Pacer unlimited = Pacer.unlimited(clock);
    unlimited.sentAt(clock.instant());

    assertThat(slow.untilNext()).isEqualTo(Duration.ofSeconds(2));
    assertThat(unlimited.untilNext()).isZero();
    assertThatThrownBy(() -> Pacer.perSecond(0, clock)).hasMessageContaining("rate must be > 0");
  }
}
