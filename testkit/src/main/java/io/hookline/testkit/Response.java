package io.hookline.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link TestReceiver} answers: status, headers, body, and how long it waits before
 * answering. Immutable; the {@code with} methods return copies.
 *
 * @param status HTTP status, 200-599
 * @param headers response headers, names as given
 * @param body response body, possibly empty
 * @param delay wait before answering, zero or positive
 */
public record Response(int status, Map<String, List<String>> headers, byte[] body, Duration delay) {

  public Response {
    if (status < 200 || status > 599) {
      throw new IllegalArgumentException("status must be 200-599, was " + status);
    }
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative, was " + delay);
    }
    headers = Map.copyOf(headers);
    body = body.clone();
  }

  /** {@code status} with no headers, no body, no delay. */
  public static Response status(int status) {
    return new Response(status, Map.of(), new byte[0], Duration.ZERO);
  }

  /** 200 with no headers, no body, no delay: what a receiver answers unless told otherwise. */
  public static Response ok() {
    return status(200);
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  public String bodyAsString() {
    return new String(body, StandardCharsets.UTF_8);
  }

  public Response withStatus(int newStatus) {
    return new Response(newStatus, headers, body, delay);
  }

  /** This response with {@code newBody} as UTF-8. */
  public Response withBody(String newBody) {
    return new Response(status, headers, newBody.getBytes(StandardCharsets.UTF_8), delay);
  }

  /** This response with header {@code name} set to {@code value}, replacing earlier values. */
  public Response withHeader(String name, String value) {
    Map<String, List<String>> newHeaders = new LinkedHashMap<>(headers);
    newHeaders.put(name, List.of(value));
    return new Response(status, newHeaders, body, delay);
  }

  public Response withDelay(Duration newDelay) {
    return new Response(status, headers, body, newDelay);
  }

  @Override
  public String toString() {
    return "Response[status=%d, headers=%s, body=%d bytes, delay=%s]"
        .formatted(status, headers, body.length, delay);
  }
}
