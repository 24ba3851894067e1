package io.hookline.core.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * The HTTP server of a Hookline service, on Jetty: {@code /metrics} (Prometheus), {@code /healthz},
 * {@code /readyz}, plus the service's own {@link Router}. Routes run on virtual threads. The {@link
 * HttpServerConfig} limits hold against misbehaving clients: a request's head must arrive within
 * the read timeout (and no body read may stall longer), a request line or headers over the size
 * limit are answered 414 / 431, connections beyond the bound wait to be accepted; and every error,
 * the server's own included, is answered in the JSON error format.
 */
public final class HttpHost implements AutoCloseable {
  /**
   * A body must arrive at least this fast (bytes per second, since the request began): a client
   * that trickles it is answered 408, however short its pauses.
   */
  private static final long MIN_REQUEST_DATA_RATE = 1024;

  private final Server server;
  private final ServerConnector connector;

  private HttpHost(Server server, ServerConnector connector) {
    this.server = server;
    this.connector = connector;
  }

  /**
   * Binds {@code config.host():config.port()} (port 0 picks a free one) and serves {@code routes},
   * to which it adds the operational routes: pass each router to one server only.
   */
  public static HttpHost start(
      HttpServerConfig config, PrometheusMeterRegistry registry, Health health, Router routes)
      throws IOException {
    routes
        .add(
            "GET",
            "/metrics",
            call -> call.respondText(200, "text/plain; version=0.0.4", registry.scrape()))
        .add("GET", "/healthz", call -> call.respond(200, Map.of("status", "ok")))
        .add("GET", "/readyz", call -> readiness(call, health));
    return start(config, routes);
  }

  /**
   * Binds {@code config.host():config.port()} (port 0 picks a free one) and serves {@code routes}
   * only, with the same limits but no operational routes: a listener for other instances, not for
   * operators or clients.
   */
  public static HttpHost start(HttpServerConfig config, Router routes) throws IOException {
    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName("http");
    threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    // One scheduler for Jetty's timeouts and the request-head deadline's sweep.
    ScheduledExecutorScheduler scheduler = new ScheduledExecutorScheduler("http-timer", true);
    Server server = new Server(threads, scheduler, null);

    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    http.setRequestHeaderSize(config.maxHeaderBytes());
    http.setMinRequestDataRate(MIN_REQUEST_DATA_RATE);
    ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
    connector.setHost(config.host());
    connector.setPort(config.port());
    connector.setIdleTimeout(config.readTimeout().toMillis());
    connector.setAcceptQueueSize(1024);
    connector.addBean(new RequestHeadDeadline(config.readTimeout(), scheduler, System::nanoTime));
    server.addConnector(connector);
    server.addBean(new NetworkConnectionLimit(config.maxConnections(), connector));
    server.setErrorHandler(new JsonErrorHandler(config.maxHeaderBytes()));
    server.setHandler(routes.handler());
    try {
      server.start();
    } catch (IOException e) {
      stopQuietly(server);
      throw e;
    } catch (Exception e) {
      stopQuietly(server);
      throw new IOException("could not start the HTTP server on " + config.host(), e);
    }
    return new HttpHost(server, connector);
  }

  private static void readiness(HttpCall call, Health health) {
    Map<String, Boolean> checks = health.evaluate();
    boolean ready = checks.values().stream().allMatch(Boolean::booleanValue);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", ready ? "ready" : "not ready");
    body.put("checks", checks);
    Map<String, Boolean> observed = health.evaluateObserved();
    if (!observed.isEmpty()) {
      body.put("observed", observed);
    }
    call.respond(ready ? 200 : 503, body);
  }

  private static void stopQuietly(Server server) {
    try {
      server.stop();
    } catch (Exception ignored) {
      // failing to start already; the cause is thrown
    }
  }

  public int port() {
    return connector.getLocalPort();
  }

  public String url() {
    String host = connector.getHost() == null ? "0.0.0.0" : connector.getHost();
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("could not stop the HTTP server", e);
    }
  }
}
