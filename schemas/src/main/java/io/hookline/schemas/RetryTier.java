package io.hookline.schemas;

import java.time.Duration;

/**
 * One retry tier: a delay topic whose records all wait {@code delay}, used for {@code attempts}
 * consecutive retries before the next tier.
 *
 * @param label the tier as configured, e.g. {@code 10s}; part of the topic name
 */
public record RetryTier(String label, Duration delay, int attempts) {
  public RetryTier {
    if (delay.isNegative() || delay.isZero()) {
      throw new IllegalArgumentException("retry tier '" + label + "' must have a positive delay");
    }
    if (attempts < 1) {
      throw new IllegalArgumentException("retry tier '" + label + "' must allow >= 1 attempt");
    }
  }
}
