package io.hookline.schemas;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The retry schedule: an ordered list of tiers, parsed from {@code HOOKLINE_RETRY_TIERS} such as
 * {@code 10s,1m,10m} or {@code 10s,1m,10m*3} (the last tier used for three retries). The dispatcher
 * and the retry-service read the same schedule.
 */
public record RetryTiers(List<RetryTier> tiers) {
  public static final String DEFAULT = "10s,1m,10m";
  private static final Pattern TIER = Pattern.compile("([0-9a-z]+?)(?:\\*(\\d+))?");

  public RetryTiers {
    tiers = List.copyOf(tiers);
    if (tiers.isEmpty()) {
      throw new IllegalArgumentException("at least one retry tier is required");
    }
    for (int i = 1; i < tiers.size(); i++) {
      if (tiers.get(i).label().equals(tiers.get(i - 1).label())) {
        throw new IllegalArgumentException(
            "retry tier '" + tiers.get(i).label() + "' is listed twice; use '*N' for repeats");
      }
    }
  }

  /**
   * Parses a schedule like {@code 10s,1m,10m*3}: each tier a duration ({@link Durations}) and how
   * many attempts wait that long (1 unless {@code *N}); the duration as written is the tier's label
   * and names its topic ({@code retry-10m}).
   */
  public static RetryTiers parse(String spec) {
    List<RetryTier> tiers = new ArrayList<>();
    for (String raw : spec.split(",")) {
      String part = raw.strip();
      Matcher m = TIER.matcher(part);
      Optional<Duration> delay =
          m.matches() ? Durations.parse(m.group(1)) : Optional.<Duration>empty();
      if (delay.isEmpty()) {
        throw new IllegalArgumentException(
            "bad retry tier '"
                + part
                + "': expected <duration>[*<attempts>], the duration "
                + Durations.FORM
                + ", e.g. 10s or 10m*3");
      }
      int attempts = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
      tiers.add(new RetryTier(m.group(1), delay.get(), attempts));
    }
    return new RetryTiers(tiers);
  }

  public static RetryTiers defaults() {
    return parse(DEFAULT);
  }

  public RetryTier first() {
    return tiers.get(0);
  }

  /** Total retries the schedule allows after the first attempt. */
  public int totalRetries() {
    return tiers.stream().mapToInt(RetryTier::attempts).sum();
  }

  /**
   * The tier for the retry after {@code attemptsMade} attempts (1 after the first failure), or
   * empty when the schedule is exhausted and the delivery belongs in the DLQ.
   */
  public Optional<RetryTier> tierAfter(int attemptsMade) {
    int retry = attemptsMade; // retry number, 1-based
    for (RetryTier tier : tiers) {
      if (retry <= tier.attempts()) {
        return Optional.of(tier);
      }
      retry -= tier.attempts();
    }
    return Optional.empty();
  }

  /**
   * The tier for the retry after {@code attemptsMade} attempts when the endpoint asked to wait
   * {@code retryAfter} ({@code Retry-After}): the later of the schedule's tier and the smallest
   * tier at least that long (the last tier when none is). {@code Retry-After} can only lengthen the
   * wait: it never shortens the schedule, and never adds an attempt (empty when the schedule is
   * exhausted). Attempts are counted, not tiers: a retry sent to a later tier does not use up the
   * tiers it skipped, so a delivery still gets every attempt of the schedule, and the next failure
   * goes where the schedule puts that attempt (or later again).
   */
  public Optional<RetryTier> tierAfter(int attemptsMade, Optional<Duration> retryAfter) {
    Optional<RetryTier> scheduled = tierAfter(attemptsMade);
    if (scheduled.isEmpty() || retryAfter.isEmpty()) {
      return scheduled;
    }
    RetryTier asked = smallestAtLeast(retryAfter.get());
    return Optional.of(
        asked.delay().compareTo(scheduled.get().delay()) > 0 ? asked : scheduled.get());
  }

  /** The smallest tier whose delay is at least {@code wait}; the last tier when none is. */
  public RetryTier smallestAtLeast(Duration wait) {
    for (RetryTier tier : tiers) {
      if (tier.delay().compareTo(wait) >= 0) {
        return tier;
      }
    }
    return tiers.get(tiers.size() - 1);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (RetryTier t : tiers) {
      if (!sb.isEmpty()) {
        sb.append(',');
      }
      sb.append(t.label());
      if (t.attempts() > 1) {
        sb.append('*').append(t.attempts());
      }
    }
    return sb.toString();
  }
}
