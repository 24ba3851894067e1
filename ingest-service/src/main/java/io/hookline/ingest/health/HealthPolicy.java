package io.hookline.ingest.health;

import io.hookline.core.config.Checks;
import java.time.Duration;

/**
 * When an endpoint counts as dead: at least {@code failures} consecutive failed attempts spanning
 * at least {@code over} (so a burst of failures in a short outage does not disable it). A 410 Gone
 * disables at once.
 *
 * @param failures {@code HOOKLINE_HEALTH_DISABLE_AFTER_FAILURES}, default 20
 * @param over {@code HOOKLINE_HEALTH_DISABLE_AFTER_MS}, default 24 h
 */
public record HealthPolicy(int failures, Duration over) {
  public static final String FAILURES = "HOOKLINE_HEALTH_DISABLE_AFTER_FAILURES";
  public static final String OVER_MS = "HOOKLINE_HEALTH_DISABLE_AFTER_MS";

  public HealthPolicy {
    Checks.between(failures, 1, 1_000_000, FAILURES);
    if (over.isNegative()) {
      throw new IllegalArgumentException("over must not be negative");
    }
  }
}
