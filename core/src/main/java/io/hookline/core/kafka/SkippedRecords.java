package io.hookline.core.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The records a consumer reads but cannot use and so skips (a view that is not the record's owner
 * does not dead-letter it: its producer did or should have): each is counted in {@code
 * hookline_records_skipped_total{consumer, topic}} and logged with its coordinates, at most one
 * WARN line per {@link #LOG_EVERY} per consumer, which also says how many it did not log. Thread-
 * safe.
 */
public final class SkippedRecords {
  public static final Duration LOG_EVERY = Duration.ofSeconds(10);
  private static final Logger log = LoggerFactory.getLogger(SkippedRecords.class);

  private final MeterRegistry registry;
  private final String consumer;
  private final LongSupplier nanoTime;
  private final Map<String, Counter> byTopic = new ConcurrentHashMap<>();
  private long lastLoggedNanos;
  private boolean loggedOnce;
  private long unlogged;

  /**
   * @param consumer who skips, as the metric's {@code consumer} tag: {@code endpoint-directory},
   *     {@code status-view}, …
   */
  public SkippedRecords(MeterRegistry registry, String consumer, LongSupplier nanoTime) {
    this.registry = registry;
    this.consumer = consumer;
    this.nanoTime = nanoTime;
  }

  public SkippedRecords(MeterRegistry registry, String consumer) {
    this(registry, consumer, System::nanoTime);
  }

  /** Counts and (rate-limited) logs one skipped record and why it was skipped. */
  public void skip(String topic, int partition, long offset, String why) {
    byTopic
        .computeIfAbsent(
            topic,
            t ->
                Counter.builder("hookline.records.skipped")
                    .description("records a consumer could not read and skipped")
                    .tag("consumer", consumer)
                    .tag("topic", t)
                    .register(registry))
        .increment();
    long suppressed;
    synchronized (this) {
      long now = nanoTime.getAsLong();
      if (loggedOnce && now - lastLoggedNanos < LOG_EVERY.toNanos()) {
        unlogged++;
        log.debug(
            "{} skipped an unreadable record at {}-{}@{}: {}",
            consumer,
            topic,
            partition,
            offset,
            why);
        return;
      }
      loggedOnce = true;
      lastLoggedNanos = now;
      suppressed = unlogged;
      unlogged = 0;
    }
    log.warn(
        "{} skipped an unreadable record at {}-{}@{}: {}{}",
        consumer,
        topic,
        partition,
        offset,
        why,
        suppressed == 0
            ? ""
            : " (and "
                + suppressed
                + " more since the last such line; see hookline_records_skipped_total)");
  }
}
