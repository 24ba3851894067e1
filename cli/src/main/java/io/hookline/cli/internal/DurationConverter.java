package io.hookline.cli.internal;

import io.hookline.schemas.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a positive {@link Durations duration} flag. */
public final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    Duration d =
        Durations.parse(value)
            .orElseThrow(
                () -> new TypeConversionException("'" + value + "' is not " + Durations.FORM));
    if (d.isZero()) {
      throw new TypeConversionException("'" + value + "' must be longer than zero");
    }
    return d;
  }
}
