package io.hookline.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one JSON codec of Hookline. Writes RFC 3339 timestamps and omits nulls. Reads records from
 * Kafka tolerantly (unknown fields are ignored, so an older reader survives a newer writer) and
 * request bodies strictly ({@link #readStrict}: an unknown field is refused, naming the nearest
 * known one). Both take values only in their own JSON type (no {@code "5"} for a number, no {@code
 * 5} for a string) and turn every kind of bad input into an {@link InvalidRecordException} that
 * names the field. Thread-safe.
 */
public final class Json {
  private static final Pattern MISSING_PROPERTY =
      Pattern.compile("Missing required creator property '([^']+)'");

  private static final ObjectMapper MAPPER = strictTypes(base()).build();

  /** The same, refusing unknown fields and duplicate keys: for what users send to the API. */
  private static final ObjectMapper STRICT =
      strictTypes(base())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private Json() {}

  private static JsonMapper.Builder base() {
    // Jackson's default buffer pool is per thread: with a virtual thread per delivery, every read
    // and write allocated fresh buffers (a third of the attempt record's serialization under
    // bench/run throughput). A pool shared by all threads reuses them.
    JsonFactory factory =
        JsonFactory.builder().recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build();
    return JsonMapper.builder(factory)
        .addModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .defaultPropertyInclusion(
            JsonInclude.Value.construct(
                JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL));
  }

  /** Each value must come in its own JSON type: no number, boolean or float becomes a string. */
  private static JsonMapper.Builder strictTypes(JsonMapper.Builder builder) {
    return builder.withCoercionConfig(
        LogicalType.Textual,
        c ->
            c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
  }

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
    return read(text == null ? null : text.getBytes(StandardCharsets.UTF_8), type);
  }

  /**
   * Reads a request body: a JSON object, duplicate keys refused.
   *
   * @throws InvalidRecordException when it is empty, malformed or not an object
   */
  public static ObjectNode readStrictObject(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      throw new InvalidRecordException(null, "the request body is empty: expected a JSON object");
    }
    JsonNode node;
    try {
      node = STRICT.readTree(bytes);
    } catch (IOException e) {
      throw translate(e);
    }
    if (!(node instanceof ObjectNode object)) {
      throw new InvalidRecordException(null, "the request body must be a JSON object");
    }
    return object;
  }

  /**
   * Binds {@code node} to {@code type}, refusing fields {@code type} does not have: the error names
   * the field and, when there is one close to it, the field that was probably meant.
   *
   * @throws InvalidRecordException naming the field
   */
  public static <T> T readStrict(JsonNode node, Class<T> type) {
    try {
      return STRICT.treeToValue(node, type);
    } catch (IOException e) {
      throw translate(e);
    } catch (IllegalArgumentException e) {
      if (e.getCause() instanceof IOException io) {
        throw translate(io);
      }
      throw e;
    }
  }

  /** Turns a Jackson failure into one that names the field and hides parser internals. */
  static InvalidRecordException translate(IOException e) {
    if (e instanceof UnrecognizedPropertyException unknown) {
      return unknownField(unknown);
    }
    if (e instanceof InputCoercionException coercion) {
      return outOfRange(fieldAt(coercion.getProcessor()), e);
    }
    if (e instanceof JsonMappingException jme && jme.getCause() instanceof InputCoercionException) {
      return outOfRange(pathOf(e, false), e);
    }
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
      if (field == null) {
        return new InvalidRecordException(null, "expected a JSON object", e);
      }
      return new InvalidRecordException(field, "'" + field + "' " + expected(mie), e);
    }
    if (e instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
      String field = pathOf(e, false);
      return new InvalidRecordException(field, "'" + field + "' is not valid", e);
    }
    if (e instanceof JsonProcessingException jpe) {
      String message = jpe.getOriginalMessage();
      if (message != null && message.startsWith("Duplicate field")) {
        String field = fieldAt(jpe.getProcessor());
        return new InvalidRecordException(field, "'" + field + "' is given twice", e);
      }
      return new InvalidRecordException(
          null, "malformed JSON at " + location(jpe) + ": " + plain(message), e);
    }
    return new InvalidRecordException(null, "unreadable input: " + e.getMessage(), e);
  }

  private static InvalidRecordException outOfRange(String field, IOException e) {
    return new InvalidRecordException(
        field, field == null ? "a number is out of range" : "'" + field + "' is out of range", e);
  }

  private static InvalidRecordException unknownField(UnrecognizedPropertyException e) {
    String parent = pathOf(e, true);
    String field = prefixed(parent, e.getPropertyName());
    List<String> known = new ArrayList<>();
    for (Object id : e.getKnownPropertyIds() == null ? List.of() : e.getKnownPropertyIds()) {
      if (!"v".equals(id)) {
        known.add(id.toString());
      }
    }
    String hint =
        nearest(e.getPropertyName(), known)
            .map(n -> "; did you mean '" + prefixed(parent, n) + "'?")
            .orElse(
                known.isEmpty()
                    ? ""
                    : " (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
    return new InvalidRecordException(field, "'" + field + "' is not a known field" + hint, e);
  }

  /**
   * The known name {@code given} most likely meant: the same but for case, {@code _} or {@code -};
   * else one within a third of its length in edits (at least one).
   */
  static Optional<String> nearest(String given, Collection<String> known) {
    String plain = normalized(given);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      if (normalized(k).equals(plain)) {
        return Optional.of(k);
      }
      int d = distance(plain, normalized(k));
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    int allowed = Math.max(1, plain.length() / 3);
    return bestDistance <= allowed ? Optional.ofNullable(best) : Optional.empty();
  }

  private static String normalized(String name) {
    return name.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
  }

  /** Edits from one name to the other: insertions, deletions, substitutions, transpositions. */
  private static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  /** What a value of the target type must be, in the words of an error message. */
  private static String expected(MismatchedInputException e) {
    Class<?> target = e.getTargetType();
    if (target == null) {
      return "has the wrong type";
    }
    if (target == String.class || target.isEnum()) {
      return target.isEnum() ? "is not one of the allowed values" : "must be a string";
    }
    if (target == Integer.class
        || target == int.class
        || target == Long.class
        || target == long.class
        || target == BigInteger.class) {
      return "must be a whole number";
    }
    if (target == Boolean.class || target == boolean.class) {
      return "must be true or false";
    }
    if (Collection.class.isAssignableFrom(target) || target.isArray()) {
      return "must be an array";
    }
    if (Map.class.isAssignableFrom(target)) {
      return "must be a JSON object of strings";
    }
    if (Temporal.class.isAssignableFrom(target)) {
      return "must be an RFC 3339 date-time";
    }
    if (Number.class.isAssignableFrom(target) || target.isPrimitive()) {
      return "must be a number";
    }
    return "must be a JSON object";
  }

  /** The dotted path of the value a parser stopped at, e.g. {@code rateLimit.perSecond}. */
  private static String fieldAt(Object processor) {
    if (!(processor instanceof JsonParser parser)) {
      return null;
    }
    List<String> parts = new ArrayList<>();
    for (JsonStreamContext c = parser.getParsingContext(); c != null && !c.inRoot(); ) {
      if (c.inArray()) {
        parts.add(0, "[" + Math.max(0, c.getCurrentIndex()) + "]");
      } else if (c.getCurrentName() != null) {
        parts.add(0, c.getCurrentName());
      }
      c = c.getParent();
    }
    return parts.isEmpty() ? null : String.join(".", parts).replace(".[", "[");
  }

  /** A parser message without the source location Jackson appends (it names Java types). */
  private static String plain(String message) {
    if (message == null) {
      return "unreadable";
    }
    int cut = message.indexOf("\n at [Source");
    return cut >= 0 ? message.substring(0, cut) : message;
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
