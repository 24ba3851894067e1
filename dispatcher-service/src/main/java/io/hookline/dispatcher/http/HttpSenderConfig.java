package io.hookline.dispatcher.http;

import java.time.Duration;
import java.util.Objects;

/**
 * Configuration of an {@link HttpSender}, validated on construction.
 *
 * @param connectTimeout how long establishing a TCP connection may take (default 5 s)
 * @param defaultTimeout the whole-exchange deadline when a send names none (default 15 s)
 * @param maxConnections pooled connections across all endpoints (default 1024)
 * @param maxConnectionsPerRoute pooled connections to one scheme/host/port (default 64)
 * @param maxRetryAfter the longest {@code Retry-After} honoured; longer ones are capped (default 1
 *     h)
 */
public record HttpSenderConfig(
    Duration connectTimeout,
    Duration defaultTimeout,
    int maxConnections,
    int maxConnectionsPerRoute,
    Duration maxRetryAfter) {

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);
  public static final int DEFAULT_MAX_CONNECTIONS = 1024;
  public static final int DEFAULT_MAX_CONNECTIONS_PER_ROUTE = 64;
  public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofHours(1);

  private static final Duration LONGEST_TIMEOUT = Duration.ofMillis(Integer.MAX_VALUE);

  public HttpSenderConfig {
    requireTimeout(connectTimeout, "connectTimeout");
    requireTimeout(defaultTimeout, "defaultTimeout");
    Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
    if (maxRetryAfter.isNegative()) {
      throw new IllegalArgumentException("maxRetryAfter must not be negative: " + maxRetryAfter);
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be at least 1: " + maxConnections);
    }
    if (maxConnectionsPerRoute < 1 || maxConnectionsPerRoute > maxConnections) {
      throw new IllegalArgumentException(
          "maxConnectionsPerRoute must be between 1 and maxConnections ("
              + maxConnections
              + "): "
              + maxConnectionsPerRoute);
    }
  }

  /** The defaults. */
  public static HttpSenderConfig defaults() {
    return new HttpSenderConfig(
        DEFAULT_CONNECT_TIMEOUT,
        DEFAULT_TIMEOUT,
        DEFAULT_MAX_CONNECTIONS,
        DEFAULT_MAX_CONNECTIONS_PER_ROUTE,
        DEFAULT_MAX_RETRY_AFTER);
  }

  /** This configuration with other timeouts. */
  public HttpSenderConfig withTimeouts(Duration connectTimeout, Duration defaultTimeout) {
    return new HttpSenderConfig(
        connectTimeout, defaultTimeout, maxConnections, maxConnectionsPerRoute, maxRetryAfter);
  }

  static void requireTimeout(Duration timeout, String name) {
    Objects.requireNonNull(timeout, name);
    if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(LONGEST_TIMEOUT) > 0) {
      throw new IllegalArgumentException(
          name + " must be positive and at most " + LONGEST_TIMEOUT + ": " + timeout);
    }
  }
}
