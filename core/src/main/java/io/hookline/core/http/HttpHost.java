package io.hookline.core.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server of a Hookline service: {@code /metrics} (Prometheus), {@code /healthz}, {@code
 * /readyz}, plus whatever routes the service adds. One virtual thread per request. Routes that
 * throw {@link HttpProblem} answer with its {@link ApiError}; any other failure answers a 500 whose
 * body holds no stack trace (the trace goes to the log).
 */
public final class HttpHost implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HttpHost.class);

  private final HttpServer server;
  private final ExecutorService executor;

  private HttpHost(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Binds {@code host:port} (port 0 picks a free one) and serves the operational routes.
   *
   * @param routes extra routes by path prefix, e.g. {@code "/v1/"}
   */
  public static HttpHost start(
      String host,
      int port,
      PrometheusMeterRegistry registry,
      Health health,
      Map<String, HttpHandler> routes)
      throws IOException {
    // The JDK server closes keep-alive connections above this many idle ones (default 200).
    if (System.getProperty("sun.net.httpserver.maxIdleConnections") == null) {
      System.setProperty("sun.net.httpserver.maxIdleConnections", "1000");
    }
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 1024);
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    server.createContext(
        "/metrics",
        guarded(ex -> Exchange.sendText(ex, 200, "text/plain; version=0.0.4", registry.scrape())));
    server.createContext(
        "/healthz", guarded(ex -> Exchange.sendJson(ex, 200, Map.of("status", "ok"))));
    server.createContext(
        "/readyz",
        guarded(
            ex -> {
              Map<String, Boolean> checks = health.evaluate();
              boolean ready = checks.values().stream().allMatch(Boolean::booleanValue);
              Map<String, Object> body = new LinkedHashMap<>();
              body.put("status", ready ? "ready" : "not ready");
              body.put("checks", checks);
              Map<String, Boolean> observed = health.evaluateObserved();
              if (!observed.isEmpty()) {
                body.put("observed", observed);
              }
              Exchange.sendJson(ex, ready ? 200 : 503, body);
            }));
    routes.forEach((prefix, handler) -> server.createContext(prefix, guarded(handler)));
    server.createContext(
        "/",
        guarded(
            ex -> Exchange.sendJson(ex, 404, new ApiError("not_found", "no such route", null))));
    server.start();
    return new HttpHost(server, executor);
  }

  /** Wraps a handler so that every failure becomes a JSON error response. */
  static HttpHandler guarded(HttpHandler handler) {
    return exchange -> {
      try (exchange) {
        try {
          handler.handle(exchange);
        } catch (HttpProblem p) {
          Exchange.sendJson(exchange, p.status(), p.body());
        } catch (IOException e) {
          log.debug("client went away during {}", exchange.getRequestURI().getPath(), e);
        } catch (RuntimeException e) {
          log.error(
              "{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e);
          sendQuietly(
              exchange, new ApiError("internal", "internal error; see the server log", null));
        }
      }
    };
  }

  private static void sendQuietly(HttpExchange exchange, ApiError error) {
    try {
      Exchange.sendJson(exchange, 500, error);
    } catch (IOException | RuntimeException ignored) {
      // Headers may already be sent; the connection is closed by the caller.
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String url() {
    return "http://" + server.getAddress().getHostString() + ":" + port();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.close();
  }
}
