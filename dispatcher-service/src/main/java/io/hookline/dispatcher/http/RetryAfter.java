package io.hookline.dispatcher.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Parses a {@code Retry-After} header value. Stateless. */
final class RetryAfter {
  private static final int MAX_DIGITS = 12;

  private RetryAfter() {}

  /**
   * The delay {@code value} asks for: delta-seconds ({@code 120}) or an HTTP-date ({@code Wed, 21
   * Oct 2015 07:28:00 GMT}, measured from {@code now}), capped at {@code max}. Empty for a missing,
   * negative, past or unparseable value.
   */
  static Optional<Duration> parse(String value, Instant now, Duration max) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String trimmed = value.strip();
    if (trimmed.chars().allMatch(c -> c >= '0' && c <= '9')) {
      if (trimmed.length() > MAX_DIGITS) {
        return Optional.of(max);
      }
      return Optional.of(min(Duration.ofSeconds(Long.parseLong(trimmed)), max));
    }
    try {
      Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration delay = Duration.between(now, at);
      return delay.isNegative() ? Optional.empty() : Optional.of(min(delay, max));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
