package io.hookline.retry.internal;

import io.hookline.schemas.DeadLetterReason;
import io.hookline.schemas.RetryTier;
import io.hookline.schemas.RetryTiers;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The retry-service's meters, all registered up front so every series exists from the start. Tags
 * are bounded: {@code tier} takes the configured tier labels, {@code reason} the DLQ reasons this
 * service writes ({@code poison}, {@code expired}).
 *
 * <ul>
 *   <li>{@code hookline.retry.waiting{tier}} (records): not yet forwarded on this instance's
 *       partitions of the tier
 *   <li>{@code hookline.retry.forwarded{tier}}: records forwarded to deliveries, counted once their
 *       transaction committed
 *   <li>{@code hookline.retry.lateness{tier}}: forward time minus due time, a histogram
 *   <li>{@code hookline.retry.dead.letters{reason}}: records this service sent to the DLQ
 *   <li>{@code hookline.retry.paused.partitions}: partitions held until their head is due
 * </ul>
 *
 * <p>Thread-safe; never blocks.
 */
public final class RetryMetrics {
  static final List<DeadLetterReason> REASONS =
      List.of(DeadLetterReason.POISON, DeadLetterReason.EXPIRED);

  private final Map<String, Counter> forwarded = new HashMap<>();
  private final Map<String, Timer> lateness = new HashMap<>();
  private final Map<String, AtomicLong> waiting = new HashMap<>();
  private final Map<DeadLetterReason, Counter> deadLetters = new EnumMap<>(DeadLetterReason.class);
  private final AtomicInteger paused = new AtomicInteger();

  public RetryMetrics(MeterRegistry registry, RetryTiers tiers) {
    for (RetryTier tier : tiers.tiers()) {
      String label = tier.label();
      forwarded.put(
          label,
          Counter.builder("hookline.retry.forwarded")
              .description("records forwarded from the tier to deliveries")
              .tag("tier", label)
              .register(registry));
      lateness.put(
          label,
          Timer.builder("hookline.retry.lateness")
              .description("forward time minus due time")
              .tag("tier", label)
              .publishPercentileHistogram()
              .maximumExpectedValue(Duration.ofMinutes(10))
              .register(registry));
      AtomicLong count = new AtomicLong();
      waiting.put(label, count);
      Gauge.builder("hookline.retry.waiting", count, AtomicLong::get)
          .description("records in the tier not yet forwarded, on this instance's partitions")
          .tag("tier", label)
          .baseUnit("records")
          .register(registry);
    }
    for (DeadLetterReason reason : REASONS) {
      deadLetters.put(
          reason,
          Counter.builder("hookline.retry.dead.letters")
              .description("records the retry-service sent to the DLQ")
              .tag("reason", reason.wire())
              .register(registry));
    }
    Gauge.builder("hookline.retry.paused.partitions", paused, AtomicInteger::get)
        .description("tier partitions paused until their head record is due")
        .register(registry);
  }

  /** Counts a hop whose transaction has committed. */
  void count(Hop hop) {
    switch (hop) {
      case Hop.Forward f -> {
        forwarded.get(f.tier().label()).increment();
        lateness.get(f.tier().label()).record(Duration.ofMillis(f.latenessMs()));
      }
      case Hop.Dead d -> deadLetters.get(d.reason()).increment();
    }
  }

  void waiting(RetryTier tier, long records) {
    waiting.get(tier.label()).set(records);
  }

  void paused(int partitions) {
    paused.set(partitions);
  }
}
