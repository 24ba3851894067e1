package io.hookline.bench.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.Tuple;

/**
 * Malformed requests to every route of the ingest API, generated with jqwik's arbitraries (edge
 * cases mixed in): near-valid JSON bodies with one field broken, unknown or of the wrong type;
 * bodies that are not JSON, not UTF-8, truncated, deeply nested or huge; junk ids and query
 * parameters; wrong or missing headers; lying lengths; broken framing. Every URL in a body names a
 * loopback address or is no URL at all: nothing generated here makes a service resolve a name or
 * connect anywhere else.
 */
final class MalformedRequests {
  /** One generated request: what kind of damage it carries, and its bytes. */
  record Malformed(String kind, String method, String target, byte[] bytes) {}

  record Route(String method, String path, String body) {}

  /** The public API's routes, sent with the API token. */
  static final List<Route> API_ROUTES =
      List.of(
          new Route("POST", "/v1/endpoints", "endpoint"),
          new Route("GET", "/v1/endpoints?tenant={tenant}&limit={n}&after={id}", ""),
          new Route("GET", "/v1/endpoints/{id}", ""),
          new Route("PATCH", "/v1/endpoints/{id}", "endpoint"),
          new Route("DELETE", "/v1/endpoints/{id}", ""),
          new Route("POST", "/v1/endpoints/{id}/rotate-secret", ""),
          new Route("POST", "/v1/endpoints/{id}/enable", "reason"),
          new Route("POST", "/v1/endpoints/{id}/disable", "reason"),
          new Route("POST", "/v1/endpoints/{id}/test", ""),
          new Route("GET", "/v1/endpoints/{id}/attempts?outcome={word}&limit={n}", ""),
          new Route("POST", "/v1/events", "event"),
          new Route("POST", "/v1/events/batch", "batch"),
          new Route("POST", "/v1/events/validate", "event"),
          new Route("GET", "/v1/events/{id}", ""),
          new Route("GET", "/v1/stats?tenant={tenant}&hours={n}", ""),
          new Route("GET", "/v1/internal/status/stats?hours={n}", ""),
          new Route("GET", "/healthz", ""),
          new Route("GET", "/readyz", ""),
          new Route("GET", "/metrics", ""),
          new Route("GET", "/{word}", ""));

  /** The status peer listener's routes, sent with the peer token. */
  static final List<Route> PEER_ROUTES =
      List.of(
          new Route("GET", "/v1/internal/status/events/{id}", ""),
          new Route("GET", "/v1/internal/status/endpoints/{id}/attempts?partition={n}", ""),
          new Route("GET", "/v1/internal/status/endpoints/{id}/attempts?partition=0&limit={n}", ""),
          new Route("GET", "/v1/internal/status/stats?fromMs={n}&toMs={n}&tenant={tenant}", ""),
          new Route("POST", "/v1/internal/status/stats", "event"),
          new Route("GET", "/v1/stats", ""),
          new Route("GET", "/metrics", ""),
          new Route("GET", "/{word}", ""));

  private final List<Route> routes;

  private final String token;
  private final String tenant;
  private final String endpointId;
  private final RandomGenerator<Malformed> generator;

  MalformedRequests(List<Route> routes, String token, String tenant, String endpointId) {
    this.routes = routes;
    this.token = token;
    this.tenant = tenant;
    this.endpointId = endpointId;
    this.generator =
        Arbitraries.frequencyOf(
                Tuple.of(35, brokenBodies()),
                Tuple.of(15, junkBodies()),
                Tuple.of(15, junkTargets()),
                Tuple.of(15, brokenHeaders()),
                Tuple.of(10, lyingLengths()),
                Tuple.of(10, brokenFraming()))
            .generatorWithEmbeddedEdgeCases(100);
  }

  Malformed next(Random random) {
    return generator.next(random).value();
  }

  // --- the pieces ---------------------------------------------------------------------------

  private Arbitrary<Route> routes() {
    return Arbitraries.of(routes);
  }

  private Arbitrary<String> ids() {
    return Arbitraries.oneOf(
        Arbitraries.just(endpointId),
        Arbitraries.strings().alpha().numeric().withChars("_-").ofMaxLength(40),
        Arbitraries.strings().withChars("%./\\?#;:@&=+$,'\"<>{}|^`[] ").ofMaxLength(20),
        Arbitraries.strings().ofMinLength(1).ofMaxLength(30).map(MalformedRequests::percentEncode),
        Arbitraries.strings().alpha().ofMinLength(3000).ofMaxLength(9000),
        Arbitraries.of(
            "..", "%2e%2e", "%00", "%ff", "%", "%zz", "evt_%F0%9F%92%A9", "ep_%0d%0aX: y"));
  }

  private static Arbitrary<String> words() {
    return Arbitraries.oneOf(
        Arbitraries.of("dead", "delivered", "retrying", "throttled", "", "DEAD", "x"),
        Arbitraries.strings().ofMaxLength(20).map(MalformedRequests::percentEncode));
  }

  private static Arbitrary<String> numbers() {
    return Arbitraries.oneOf(
        Arbitraries.integers().map(String::valueOf),
        Arbitraries.of("", "-1", "0", "1e3", "0x10", "99999999999999999999", "NaN", "1.5", "%20"));
  }

  /** A route and its path with the placeholders filled (ids, words, numbers, often junk). */
  private record Target(Route route, String path) {}

  private Arbitrary<Target> targets() {
    return Combinators.combine(routes(), ids(), words(), numbers())
        .as((route, id, word, n) -> new Target(route, fill(route.path(), id, word, n)));
  }

  private String fill(String path, String id, String word, String n) {
    return path.replace("{id}", id)
        .replace("{tenant}", tenant)
        .replace("{word}", word)
        .replace("{n}", n);
  }

  /** A value of a type other than the field's, or a value of its type out of every range. */
  private static Arbitrary<String> jsonValues() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            "null",
            "true",
            "false",
            "0",
            "-0",
            "1e999",
            "-1",
            "2147483648",
            "1.5",
            "[]",
            "{}",
            "\"\"",
            "\" \"",
            "[null]",
            "{\"a\":{}}",
            "\"\\u0000\"",
            "\"\\ud800\"",
            "99999999999999999999999999999"),
        Arbitraries.strings().ofMaxLength(50).map(MalformedRequests::jsonString),
        Arbitraries.strings()
            .alpha()
            .ofMinLength(70_000)
            .ofMaxLength(90_000)
            .map(s -> "\"" + s + "\""),
        Arbitraries.integers().map(String::valueOf));
  }

  /** URLs that are loopback literals or no URL at all: nothing a service would resolve. */
  private static Arbitrary<String> urls() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            "\"\"",
            "\"not a url\"",
            "\"ftp://127.0.0.1/x\"",
            "\"http://\"",
            "\"http://127.0.0.1:0/\"",
            "\"http://127.0.0.1:99999/\"",
            "\"http://[::1]/x\"",
            "\"javascript:alert(1)\"",
            "\"http://user:pw@127.0.0.1/\"",
            "\"http://127.0.0.1/%zz\"",
            "\"https://[::1\"",
            "\"0177.0.0.1\"",
            "\"file:///etc/passwd\""),
        Arbitraries.strings().ofMaxLength(40).map(s -> jsonString("http://127.0.0.1:9/" + s)),
        Arbitraries.strings()
            .alpha()
            .ofMinLength(3000)
            .ofMaxLength(5000)
            .map(s -> jsonString("http://127.0.0.1/" + s)));
  }

  private String validBody(String kind) {
    return switch (kind) {
      case "endpoint" ->
          "{\"tenant\":\""
              + tenant
              + "\",\"url\":\"http://127.0.0.1:9/fuzz\","
              + "\"description\":\"d\",\"eventTypes\":[\"order.*\"],"
              + "\"rateLimit\":{\"perSecond\":10,\"burst\":5},\"maxInFlight\":2,"
              + "\"timeoutMs\":1000,\"headers\":{\"x-a\":\"b\"}}";
      case "event" ->
          "{\"tenant\":\""
              + tenant
              + "\",\"type\":\"order.created\",\"data\":{\"a\":1},"
              + "\"timestamp\":\"2026-12-02T10:00:00Z\",\"metadata\":{\"k\":\"v\"}}";
      case "batch" -> "{\"events\":[" + validBody("event") + "," + validBody("event") + "]}";
      case "reason" -> "{\"reason\":\"fuzz\"}";
      default -> "";
    };
  }

  private static final List<String> FIELDS =
      List.of(
          "tenant",
          "url",
          "description",
          "eventTypes",
          "rateLimit",
          "maxInFlight",
          "timeoutMs",
          "headers",
          "type",
          "data",
          "timestamp",
          "metadata",
          "id",
          "endpointId",
          "events",
          "reason",
          "v",
          "perSecond",
          "burst",
          "enabled",
          "secret",
          "unknownField",
          "");

  /** A valid body for the route with one field set to a wrong value, or an unknown field added. */
  private Arbitrary<Malformed> brokenBodies() {
    Arbitrary<String> values = Arbitraries.oneOf(jsonValues(), urls());
    return Combinators.combine(
            targets(), Arbitraries.of(FIELDS), values, Arbitraries.integers().between(0, 2))
        .as(
            (target, field, value, how) -> {
              String base =
                  validBody(target.route().body().isEmpty() ? "event" : target.route().body());
              String body =
                  switch (how) {
                    case 0 -> setField(base, field, value);
                    case 1 ->
                        base.replaceFirst(
                            "\"" + field + "\":",
                            "\"" + field + "\":" + value + ",\"x" + field + "\":");
                    default ->
                        base.substring(0, base.length() - 1) + ",\"" + field + "\":" + value + "}";
                  };
              return request(
                  "body:field",
                  target.route().method(),
                  target.path(),
                  json(),
                  body.getBytes(StandardCharsets.UTF_8));
            });
  }

  private static String setField(String body, String field, String value) {
    String key = "\"" + field + "\":";
    int at = body.indexOf(key);
    if (at < 0) {
      return body.substring(0, body.length() - 1) + "," + key + value + "}";
    }
    int start = at + key.length();
    int end = valueEnd(body, start);
    return body.substring(0, start) + value + body.substring(end);
  }

  /** Where the JSON value starting at {@code start} ends (a rough scan, good for these bodies). */
  private static int valueEnd(String s, int start) {
    int depth = 0;
    boolean inString = false;
    for (int i = start; i < s.length(); i++) {
      char c = s.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
          if (depth == 0) {
            return i + 1;
          }
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        if (depth == 0) {
          return i;
        }
        depth--;
        if (depth == 0) {
          return i + 1;
        }
      } else if (c == ',' && depth == 0) {
        return i;
      }
    }
    return s.length();
  }

  /** Bodies that are not JSON objects: not JSON, not UTF-8, truncated, nested, huge, empty. */
  private Arbitrary<Malformed> junkBodies() {
    Arbitrary<byte[]> bodies =
        Arbitraries.oneOf(
            Arbitraries.bytes().array(byte[].class).ofMaxSize(200),
            Arbitraries.strings().ofMaxLength(200).map(s -> s.getBytes(StandardCharsets.UTF_8)),
            Arbitraries.of(
                    "",
                    " ",
                    "null",
                    "[]",
                    "[1,2]",
                    "\"a\"",
                    "42",
                    "{",
                    "{\"a\":",
                    "{\"a\" 1}",
                    "{'tenant':'x'}",
                    "{\"a\":1}}",
                    "{\"tenant\":\"a\",\"tenant\":\"b\"}",
                    "\u0000",
                    "{\"data\":{\"a\":1e999999}}")
                .map(s -> s.getBytes(StandardCharsets.UTF_8)),
            Arbitraries.integers()
                .between(1, 5000)
                .map(n -> ("[".repeat(n) + "]".repeat(n)).getBytes(StandardCharsets.UTF_8)),
            Arbitraries.integers()
                .between(1, 5000)
                .map(
                    n ->
                        ("{\"a\":".repeat(n) + "1" + "}".repeat(n))
                            .getBytes(StandardCharsets.UTF_8)),
            Arbitraries.integers().between(1, 200).map(n -> truncated(validBody("event"), n)),
            Arbitraries.of(
                new byte[] {(byte) 0xc3, (byte) 0x28},
                new byte[] {(byte) 0xff, (byte) 0xfe, '{', '}'}),
            Arbitraries.integers()
                .between(1 << 20, 3 << 20)
                .map(
                    n ->
                        ("{\"tenant\":\"" + "a".repeat(n) + "\"}")
                            .getBytes(StandardCharsets.UTF_8)));
    return Combinators.combine(targets(), bodies)
        .as(
            (target, body) ->
                request("body:junk", target.route().method(), target.path(), json(), body));
  }

  private static byte[] truncated(String body, int cut) {
    return body.substring(0, Math.max(0, body.length() - Math.min(cut, body.length())))
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Valid bodies at junk ids, junk query parameters, unknown paths and wrong methods. */
  private Arbitrary<Malformed> junkTargets() {
    Arbitrary<String> methods =
        Arbitraries.of("GET", "POST", "PATCH", "DELETE", "PUT", "OPTIONS", "HEAD", "TRACE", "BREW");
    Arbitrary<String> suffixes =
        Arbitraries.oneOf(
            Arbitraries.just(""),
            Arbitraries.of("/", "//", "/x", "?", "?limit", "?limit=&limit=5", "#frag", "/..", "?%"),
            Arbitraries.strings().ofMaxLength(30).map(s -> "?" + percentEncode(s)));
    return Combinators.combine(targets(), methods, suffixes)
        .as(
            (target, method, suffix) -> {
              String path = target.path() + suffix;
              byte[] body =
                  method.equals("GET") || method.equals("HEAD")
                      ? new byte[0]
                      : validBody(target.route().body().isEmpty() ? "event" : target.route().body())
                          .getBytes(StandardCharsets.UTF_8);
              return request("target", method, path, json(), body);
            });
  }

  /** The route's own method and a valid body, with a header wrong, missing or absurd. */
  private Arbitrary<Malformed> brokenHeaders() {
    Arbitrary<List<String>> headers =
        Arbitraries.oneOf(
            Arbitraries.of(
                List.of("Authorization: Bearer wrong"),
                List.of("Authorization: Basic Zm9vOmJhcg=="),
                List.of("Authorization: Bearer"),
                List.of("Authorization: " + "x".repeat(9000)),
                List.of("Content-Type: text/plain"),
                List.of("Content-Type: application/xml"),
                List.of("Content-Type: application/json; charset=latin1"),
                List.of("Content-Type: "),
                List.of("Content-Type: application/json", "Content-Type: text/plain"),
                List.of("Idempotency-Key: " + "k".repeat(500)),
                List.of("Idempotency-Key: "),
                List.of("If-Match: \"nope\""),
                List.of("If-Match: *"),
                List.of("X-Big: " + "y".repeat(70_000)),
                List.of("Expect: 100-continue"),
                List.of("Content-Encoding: gzip"),
                List.of("Transfer-Encoding: gzip")),
            Arbitraries.strings()
                .ofMaxLength(40)
                .map(s -> List.of("X-Junk: " + s.replace("\r", "").replace("\n", ""))));
    return Combinators.combine(targets(), headers, Arbitraries.of(true, false))
        .as(
            (target, extra, withToken) -> {
              List<String> h = new ArrayList<>();
              boolean replacesAuth = extra.stream().anyMatch(x -> x.startsWith("Authorization"));
              boolean replacesType = extra.stream().anyMatch(x -> x.startsWith("Content-Type"));
              if (withToken && !replacesAuth) {
                h.add("Authorization: Bearer " + token);
              }
              if (!replacesType) {
                h.add("Content-Type: application/json");
              }
              h.addAll(extra);
              byte[] body =
                  validBody(target.route().body().isEmpty() ? "event" : target.route().body())
                      .getBytes(StandardCharsets.UTF_8);
              return raw("headers", target.route().method(), target.path(), h, body, body.length);
            });
  }

  /** A Content-Length shorter or longer than the body (the server must not wait forever). */
  private Arbitrary<Malformed> lyingLengths() {
    return Combinators.combine(
            targets(),
            Arbitraries.integers().between(-50, 50),
            Arbitraries.of("length", "chunked", "both"))
        .as(
            (target, delta, how) -> {
              byte[] body =
                  validBody(target.route().body().isEmpty() ? "event" : target.route().body())
                      .getBytes(StandardCharsets.UTF_8);
              List<String> h =
                  new ArrayList<>(
                      List.of("Authorization: Bearer " + token, "Content-Type: application/json"));
              return switch (how) {
                case "length" ->
                    raw(
                        "length",
                        target.route().method(),
                        target.path(),
                        h,
                        body,
                        Math.max(0, body.length + (delta == 0 ? 7 : delta)));
                case "chunked" -> {
                  h.add("Transfer-Encoding: chunked");
                  String chunk =
                      Integer.toHexString(Math.max(0, body.length + delta))
                          + "\r\n"
                          + new String(body, StandardCharsets.UTF_8)
                          + (delta % 2 == 0 ? "\r\n0\r\n\r\n" : "\r\n");
                  yield raw(
                      "chunked",
                      target.route().method(),
                      target.path(),
                      h,
                      chunk.getBytes(StandardCharsets.UTF_8),
                      -1);
                }
                default -> {
                  h.add("Transfer-Encoding: chunked");
                  yield raw(
                      "length+chunked",
                      target.route().method(),
                      target.path(),
                      h,
                      body,
                      body.length);
                }
              };
            });
  }

  /** Request lines and heads that are not HTTP/1.1. */
  private Arbitrary<Malformed> brokenFraming() {
    Arbitrary<String> heads =
        Arbitraries.oneOf(
            Arbitraries.of(
                "GET\r\n\r\n",
                "GET / HTTP/9.9\r\nHost: x\r\n\r\n",
                "GET /v1/endpoints HTTP/1.1\r\n\r\n",
                "GET /v1/endpoints HTTP/1.1\nHost: x\n\n",
                " GET / HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /v1/endpoints HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n",
                "GET /v1/endpoints HTTP/1.1\r\nHost: x\r\n: empty\r\n\r\n",
                "GET /v1/endpoints HTTP/1.1\r\nHost: x\r\nX: a\r\n b\r\n\r\n",
                "POST /v1/events HTTP/1.0\r\nContent-Type: application/json\r\n\r\n{}",
                "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
                "\r\n\r\n",
                "GET /\u00ff HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /" + "a".repeat(70_000) + " HTTP/1.1\r\nHost: x\r\n\r\n"),
            Arbitraries.strings().ofMaxLength(100).map(s -> s + "\r\n\r\n"));
    return heads.map(
        h -> new Malformed("framing", "?", "?", h.getBytes(StandardCharsets.ISO_8859_1)));
  }

  // --- assembling bytes ------------------------------------------------------------------------

  private static List<String> json() {
    return List.of("Content-Type: application/json");
  }

  private Malformed request(
      String kind, String method, String target, List<String> headers, byte[] body) {
    List<String> h = new ArrayList<>(headers);
    h.add(0, "Authorization: Bearer " + token);
    return raw(kind, method, target, h, body, body.length);
  }

  private static Malformed raw(
      String kind,
      String method,
      String target,
      List<String> headers,
      byte[] body,
      int declaredLength) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(target.replace(" ", "%20")).append(" HTTP/1.1\r\n");
    head.append("Host: 127.0.0.1\r\n");
    head.append("Connection: close\r\n");
    for (String h : headers) {
      head.append(h).append("\r\n");
    }
    if (declaredLength >= 0) {
      head.append("Content-Length: ").append(declaredLength).append("\r\n");
    }
    head.append("\r\n");
    out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
    out.writeBytes(body);
    return new Malformed(
        kind,
        method,
        target.length() > 80 ? target.substring(0, 80) + "…" : target,
        out.toByteArray());
  }

  private static String percentEncode(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (Character.isLetterOrDigit(c) && c < 128) {
        out.append((char) c);
      } else {
        out.append('%').append(String.format("%02X", c));
      }
    }
    return out.toString();
  }

  private static String jsonString(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
