package io.hookline.cli.internal;

import io.hookline.schemas.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A point in time as {@code --since} and {@code --until} take it: a duration back from now ({@code
 * 2h}) or an RFC 3339 timestamp ({@code 2026-11-22T10:00:00Z}; a bare date means its midnight UTC).
 */
public sealed interface TimeBound {
  String FORM =
      "a duration back from now (30m, 2h, 7d) or an RFC 3339 timestamp (2026-11-22T10:00:00Z)";

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
      return new Ago(ago.get());
    }
    String s = text.strip().toUpperCase(Locale.ROOT);
    if (Converter.DATE_SPACE_TIME.matcher(s).matches()) {
      s = s.replaceFirst(" ", "T"); // RFC 3339 allows a space between date and time
    }
    try {
      return new At(OffsetDateTime.parse(s).toInstant());
    } catch (DateTimeParseException notDateTime) {
      try {
        return new At(LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant());
      } catch (DateTimeParseException notDate) {
        throw new IllegalArgumentException("'" + text + "' is not " + FORM);
      }
    }
  }

  /** The picocli converter for {@code --since} and {@code --until}. */
  final class Converter implements ITypeConverter<TimeBound> {
    static final Pattern DATE_SPACE_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d.*");

    @Override
    public TimeBound convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
