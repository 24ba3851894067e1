package io.hookline.core.retry;

import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * A service's retries of calls that fail for a moment (resilience4j-retry): one registry per
 * service, each retry named and configured where it is used, every one counted on {@code /metrics}
 * as {@code resilience4j_retry_calls_total{name, kind}} ({@code kind}: {@code
 * successful_without_retry}, {@code successful_with_retry}, {@code failed_with_retry}, {@code
 * failed_without_retry}). No hand-written retry loops elsewhere. Thread-safe.
 */
public final class Retries {
  private final RetryRegistry registry = RetryRegistry.ofDefaults();

  private Retries(MeterRegistry meters) {
    TaggedRetryMetrics.ofRetryRegistry(registry).bindTo(meters);
  }

  /** Retries counted in {@code meters}, the service's registry. */
  public static Retries countedIn(MeterRegistry meters) {
    return new Retries(meters);
  }

  /** Retries counted nowhere anyone reads (tools, the CLI). */
  public static Retries uncounted() {
    return new Retries(new SimpleMeterRegistry());
  }

  /** The retry named {@code name}: made with {@code config} the first time, the same one after. */
  public Retry retry(String name, RetryConfig config) {
    return registry.retry(name, config);
  }
}
