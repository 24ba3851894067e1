package io.hookline.core.dlq;

import io.hookline.schemas.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A point in time as the DLQ filters take it ({@code --since} and {@code --until}, the API's {@code
 * since} and {@code until}): a duration back from now ({@code 2h}) or an RFC 3339 timestamp ({@code
 * 2026-11-22T10:00:00Z}; a bare date means its midnight UTC).
 */
public sealed interface TimeBound {
  String FORM =
      "a duration back from now (30m, 2h, 7d) or an RFC 3339 timestamp (2026-11-22T10:00:00Z)";

  /** The longest duration back from now a bound may be (Kafka's timestamps start in 1970). */
  Duration LONGEST_AGO = Duration.ofDays(36_500);

  /** The latest instant a bound may be. */
  Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

  /** A date, a space, then a time: RFC 3339 allows the space for the {@code T}. */
  Pattern DATE_SPACE_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d.*");

  /** The instant this bound stands for, given the time now. */
  Instant resolve(Instant now);

  /** {@code ago} before now. */
  record Ago(Duration ago) implements TimeBound {
    @Override
    public Instant resolve(Instant now) {
      return now.minus(ago);
    }

    @Override
    public String toString() {
      return ago.toString();
    }
  }

  /** A fixed instant. */
  record At(Instant at) implements TimeBound {
    @Override
    public Instant resolve(Instant now) {
      return at;
    }

    @Override
    public String toString() {
      return at.toString();
    }
  }

  /** Reads a bound, or fails naming the expected forms. */
  static TimeBound parse(String text) {
    var ago = Durations.parse(text);
    if (ago.isPresent()) {
      if (ago.get().compareTo(LONGEST_AGO) > 0) {
        throw new IllegalArgumentException(
            "'" + text + "' is too far back: at most " + LONGEST_AGO.toDays() + " days");
      }
      return new Ago(ago.get());
    }
    String s = text.strip().toUpperCase(Locale.ROOT);
    if (DATE_SPACE_TIME.matcher(s).matches()) {
      s = s.replaceFirst(" ", "T"); // RFC 3339 allows a space between date and time
    }
    Instant at;
    try {
      at = OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException notDateTime) {
      try {
        at = LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException notDate) {
        throw new IllegalArgumentException("'" + text + "' is not " + FORM);
      }
    }
    if (at.isBefore(Instant.EPOCH) || at.isAfter(LATEST)) {
      throw new IllegalArgumentException(
          "'" + text + "' is out of range: between 1970-01-01 and 9999-12-31");
    }
    return new At(at);
  }
}
