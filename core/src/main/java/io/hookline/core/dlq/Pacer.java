package io.hookline.core.dlq;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Spaces sends at most {@code perSecond} apart: after a send at time t, the next may go at t + 1 /
 * perSecond, measured on the injected clock. A slow send is not made up for with a burst. Not
 * thread-safe: one sending loop owns it.
 */
public final class Pacer {
  private final Duration interval;
  private final Clock clock;
  private Instant next;

  private Pacer(Duration interval, Clock clock) {
    this.interval = interval;
    this.clock = clock;
    this.next = Instant.MIN;
  }

  /** No limit: {@link #untilNext()} is always zero. */
  public static Pacer unlimited(Clock clock) {
    return new Pacer(Duration.ZERO, clock);
  }

  /** The fastest pace a replay may be asked for, sends a second. */
  public static final double MAX_RATE = 1_000_000;

  /**
   * Whether {@code rate} is a pace a replay may be asked for: above 0, at most {@link #MAX_RATE}.
   */
  public static boolean isValidRate(double rate) {
    return rate > 0 && rate <= MAX_RATE;
  }

  public static Pacer perSecond(double rate, Clock clock) {
    if (!(rate > 0) || Double.isInfinite(rate)) {
      throw new IllegalArgumentException("rate must be > 0, was " + rate);
    }
    return new Pacer(Duration.ofNanos(Math.round(1_000_000_000L / rate)), clock);
  }

  /** How long to wait before the next send may go; zero when it may go now. */
  public Duration untilNext() {
    Instant now = clock.instant();
    return now.isBefore(next) ? Duration.between(now, next) : Duration.ZERO;
  }

  /** Records that a send went at {@code at}. */
  public void sentAt(Instant at) {
    next = at.plus(interval);
  }

  public boolean isLimited() {
    return !interval.isZero();
  }
}
