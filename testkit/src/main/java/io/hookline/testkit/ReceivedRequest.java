package io.hookline.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One request a {@link TestReceiver} received. Immutable.
 *
 * @param method HTTP method, e.g. {@code POST}
 * @param path request path without the query, e.g. {@code /ep/slow}
 * @param headers request headers, names lower-cased
 * @param body the full request body
 * @param receivedAt when the request arrived, before its body was read
 */
public record ReceivedRequest(
    String method,
    String path,
    Map<String, List<String>> headers,
    byte[] body,
    Instant receivedAt) {

  public ReceivedRequest {
    headers =
        headers.entrySet().stream()
            .collect(
                Collectors.toUnmodifiableMap(
                    header -> header.getKey().toLowerCase(Locale.ROOT),
                    header -> List.copyOf(header.getValue()),
                    (first, second) -> Stream.concat(first.stream(), second.stream()).toList()));
    body = body.clone();
  }

  /** The first value of header {@code name} (any case), or {@code null} if absent. */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.getFirst();
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  public String bodyAsString() {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "%s %s (%d bytes) at %s".formatted(method, path, body.length, receivedAt);
  }
}
