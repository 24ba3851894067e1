package io.hookline.schemas;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as operators type them: {@code 250ms}, {@code 30s}, {@code 2h}, {@code 7d}, {@code 2w},
 * {@code 1h30m}. The one grammar of the project: the CLI's {@code --older-than} and timeouts, and
 * each tier of {@code HOOKLINE_RETRY_TIERS} ({@link RetryTiers}).
 */
public final class Durations {
  private static final Pattern WHOLE = Pattern.compile("(\\d+(ms|s|m|h|d|w))+");
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d|w)");
  public static final String FORM = "a duration like 30s, 15m, 2h, 7d or 1h30m";

  private Durations() {}

  /** The duration {@code text} spells, or empty when it is not one. */
  public static Optional<Duration> parse(String text) {
    String s = text.strip().toLowerCase(Locale.ROOT);
    if (!WHOLE.matcher(s).matches()) {
      return Optional.empty();
    }
    Duration total = Duration.ZERO;
    Matcher m = PART.matcher(s);
    try {
      while (m.find()) {
        long n = Long.parseLong(m.group(1));
        total =
            total.plus(
                switch (m.group(2)) {
                  case "ms" -> Duration.ofMillis(n);
                  case "s" -> Duration.ofSeconds(n);
                  case "m" -> Duration.ofMinutes(n);
                  case "h" -> Duration.ofHours(n);
                  case "d" -> Duration.ofDays(n);
                  default -> Duration.ofDays(Math.multiplyExact(n, 7));
                });
      }
    } catch (ArithmeticException | NumberFormatException e) {
      return Optional.empty();
    }
    return Optional.of(total);
  }

  /** Short human form: {@code 850 ms}, {@code 2.4 s}, {@code 3 m 20 s}. */
  public static String human(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
    long s = d.toSeconds();
    return s >= 3600
        ? (s / 3600) + " h " + (s % 3600 / 60) + " m"
        : (s / 60) + " m " + (s % 60) + " s";
  }
}
