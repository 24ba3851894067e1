package io.hookline.core.http;

import io.hookline.core.config.ConfigException;
import io.hookline.core.config.Env;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The HTTP server of a service: where it listens and the limits that keep a misbehaving client from
 * holding it.
 *
 * @param host {@code HOOKLINE_HTTP_HOST}, default {@code 0.0.0.0}
 * @param port {@code HOOKLINE_HTTP_PORT}; 0 picks a free port
 * @param readTimeout {@code HOOKLINE_HTTP_SERVER_READ_TIMEOUT_MS}, default 10 s: a request's line
 *     and headers must arrive within it, and no read of its body may wait longer; an idle
 *     kept-alive connection is closed after it too
 * @param maxHeaderBytes {@code HOOKLINE_HTTP_SERVER_MAX_HEADER_BYTES}, default 8 KiB: a longer
 *     request line is answered 414, longer headers 431
 * @param maxConnections {@code HOOKLINE_HTTP_SERVER_MAX_CONNECTIONS}, default 1,024: beyond it the
 *     server stops accepting until a connection closes (new ones wait in the accept queue)
 */
public record HttpServerConfig(
    String host, int port, Duration readTimeout, int maxHeaderBytes, int maxConnections) {

  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_HEADER_BYTES = 8 * 1024;
  public static final int DEFAULT_MAX_CONNECTIONS = 1024;

  public HttpServerConfig {
    if (host == null || host.isBlank()) {
      throw new ConfigException("HOOKLINE_HTTP_HOST must not be empty");
    }
    if (port < 0 || port > 65_535) {
      throw new ConfigException("HOOKLINE_HTTP_PORT must be between 0 and 65535, was " + port);
    }
    if (readTimeout.toMillis() < 100) {
      throw new ConfigException(
          "HOOKLINE_HTTP_SERVER_READ_TIMEOUT_MS must be at least 100, was "
              + readTimeout.toMillis());
    }
    if (maxHeaderBytes < 1024 || maxHeaderBytes > 1024 * 1024) {
      throw new ConfigException(
          "HOOKLINE_HTTP_SERVER_MAX_HEADER_BYTES must be between 1024 and 1048576, was "
              + maxHeaderBytes);
    }
    if (maxConnections < 1) {
      throw new ConfigException(
          "HOOKLINE_HTTP_SERVER_MAX_CONNECTIONS must be at least 1, was " + maxConnections);
    }
  }

  /** Loopback, a free port and the default limits: for tests and embedded use. */
  public static HttpServerConfig loopback() {
    return new HttpServerConfig(
        "127.0.0.1", 0, DEFAULT_READ_TIMEOUT, DEFAULT_MAX_HEADER_BYTES, DEFAULT_MAX_CONNECTIONS);
  }

  /** Reads the server settings; {@code defaultPort} is the service's own. */
  public static HttpServerConfig fromEnv(Env env, int defaultPort) {
    return new HttpServerConfig(
        env.string("HOOKLINE_HTTP_HOST", "0.0.0.0"),
        env.integer("HOOKLINE_HTTP_PORT", defaultPort),
        env.millis("HOOKLINE_HTTP_SERVER_READ_TIMEOUT_MS", DEFAULT_READ_TIMEOUT),
        env.integer("HOOKLINE_HTTP_SERVER_MAX_HEADER_BYTES", DEFAULT_MAX_HEADER_BYTES),
        env.integer("HOOKLINE_HTTP_SERVER_MAX_CONNECTIONS", DEFAULT_MAX_CONNECTIONS));
  }

  /** This configuration on another port (devstack and tests run several services). */
  public HttpServerConfig withPort(int otherPort) {
    return new HttpServerConfig(host, otherPort, readTimeout, maxHeaderBytes, maxConnections);
  }

  /** For logs. */
  public Map<String, String> describe() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("http", host + ":" + port);
    out.put("http.server.readTimeoutMs", String.valueOf(readTimeout.toMillis()));
    out.put("http.server.maxHeaderBytes", String.valueOf(maxHeaderBytes));
    out.put("http.server.maxConnections", String.valueOf(maxConnections));
    return out;
  }
}
