package io.hookline.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one JSON codec of Hookline. Writes RFC 3339 timestamps and omits nulls; reads tolerantly
 * (unknown fields are ignored, so an older reader survives a newer writer) and turns every kind of
 * bad input into an {@link InvalidRecordException} that names the field. Thread-safe.
 */
public final class Json {
  private static final Pattern MISSING_PROPERTY =
      Pattern.compile("Missing required creator property '([^']+)'");

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .setDefaultPropertyInclusion(
              JsonInclude.Value.construct(
                  JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL));

  private Json() {}

  /** The shared mapper, for callers that need trees. Do not reconfigure it. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String writeString(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads {@code bytes} as a {@code type}.
   *
   * @throws InvalidRecordException naming the field when the input is not a valid {@code type}
   */
  public static <T> T read(byte[] bytes, Class<T> type) {
    if (bytes == null || bytes.length == 0) {
      throw new InvalidRecordException(null, "empty input: expected a JSON object");
    }
    try {
      return MAPPER.readValue(bytes, type);
    } catch (IOException e) {
      throw translate(e);
    }
  }

  public static <T> T read(String text, Class<T> type) {
    return read(text == null ? null : text.getBytes(java.nio.charset.StandardCharsets.UTF_8), type);
  }

  /** Turns a Jackson failure into one that names the field and hides parser internals. */
  static InvalidRecordException translate(IOException e) {
    InvalidRecordException ours = findOurs(e);
    if (ours != null) {
      String field = prefixed(pathOf(e, true), ours.field());
      String message =
          field == null
              ? ours.getMessage()
              : ours.getMessage().replace("'" + ours.field() + "'", "'" + field + "'");
      return new InvalidRecordException(field, message, e);
    }
    if (e instanceof MismatchedInputException mie) {
      Matcher m = MISSING_PROPERTY.matcher(mie.getOriginalMessage());
      if (m.find()) {
        String field = prefixed(pathOf(e, true), m.group(1));
        return new InvalidRecordException(field, "'" + field + "' is required", e);
      }
      String field = pathOf(e, false);
      return new InvalidRecordException(field, "'" + field + "' has the wrong type or format", e);
    }
    if (e instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
      String field = pathOf(e, false);
      return new InvalidRecordException(field, "'" + field + "' is not valid", e);
    }
    if (e instanceof JsonProcessingException jpe) {
      return new InvalidRecordException(
          null, "malformed JSON at " + location(jpe) + ": " + jpe.getOriginalMessage(), e);
    }
    return new InvalidRecordException(null, "unreadable input: " + e.getMessage(), e);
  }

  private static InvalidRecordException findOurs(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InvalidRecordException ire) {
        return ire;
      }
    }
    return null;
  }

  /**
   * The dotted path of the failure. When {@code parentOnly}, the last element is dropped: a
   * constructor failure is reported at the path of the object being built, while the field comes
   * from the exception.
   */
  private static String pathOf(IOException e, boolean parentOnly) {
    if (!(e instanceof JsonMappingException jme) || jme.getPath().isEmpty()) {
      return null;
    }
    var refs = jme.getPath();
    var kept = parentOnly ? refs.subList(0, refs.size() - 1) : refs;
    if (kept.isEmpty()) {
      return null;
    }
    return kept.stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining("."))
        .replace(".[", "[");
  }

  private static String prefixed(String parent, String field) {
    if (parent == null) {
      return field;
    }
    return field == null ? parent : parent + "." + field;
  }

  private static String location(JsonProcessingException e) {
    var loc = e.getLocation();
    return loc == null ? "?" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr();
  }
}
