package io.hookline.cli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.hookline.schemas.Json;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The {@code --output} forms: a table for people, JSON for scripts. */
public enum Output {
  TABLE,
  JSON;

  /** Prints {@code value} as indented JSON, the way {@code --output json} shows everything. */
  public static void printJson(PrintWriter out, Object value) {
    try {
      out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads {@code table} or {@code json}. */
  public static final class Converter implements ITypeConverter<Output> {
    @Override
    public Output convert(String value) {
      for (Output o : values()) {
        if (o.name().equalsIgnoreCase(value.strip())) {
          return o;
        }
      }
      throw new TypeConversionException("'" + value + "' is not table or json");
    }
  }

  /** The values shell completion offers. */
  public static final class Candidates implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return List.of(values()).stream().map(o -> o.name().toLowerCase(Locale.ROOT)).iterator();
    }
  }
}
