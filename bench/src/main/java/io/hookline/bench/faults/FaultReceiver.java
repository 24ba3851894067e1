package io.hookline.bench.faults;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The endpoints of a fault run on one loopback port ({@code /f/<endpoint>}), recording every
 * request it gets: which event ({@code webhook-id}), which attempt ({@code hookline-attempt}) and
 * when. It answers 200, or 503 while {@link #failing} is set (a receiver outage), or 503 to every
 * first attempt ({@link #failFirstAttempts}), so deliveries go through a retry tier. Thread-safe.
 */
final class FaultReceiver implements AutoCloseable {
  /** One request as it arrived. */
  record Arrival(int endpoint, String eventId, int attempt, long nanoTime, int status) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<String, AtomicLong> delivered = new ConcurrentHashMap<>();
  private final List<Arrival> arrivals = new ArrayList<>();
  private final AtomicLong requests = new AtomicLong();
  private volatile boolean failing;
  private volatile boolean failFirstAttempts;
  private volatile long lastArrivalNanos = System.nanoTime();

  private FaultReceiver(HttpServer server) {
    this.server = server;
  }

  static FaultReceiver start() throws IOException {
    if (System.getProperty("sun.net.httpserver.maxIdleConnections") == null) {
      System.setProperty("sun.net.httpserver.maxIdleConnections", "2000");
    }
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
    FaultReceiver receiver = new FaultReceiver(server);
    server.createContext("/f/", receiver::handle);
    server.setExecutor(receiver.executor);
    server.start();
    return receiver;
  }

  String url(int endpoint) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/f/" + endpoint;
  }

  /** While true, every request is answered 503. */
  void failing(boolean on) {
    failing = on;
  }

  /** While true, every first attempt is answered 503 (and later attempts 200). */
  void failFirstAttempts(boolean on) {
    failFirstAttempts = on;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
      String path = exchange.getRequestURI().getRawPath();
      int endpoint = Integer.parseInt(path.substring("/f/".length()));
      String eventId = exchange.getRequestHeaders().getFirst("webhook-id");
      String attemptHeader = exchange.getRequestHeaders().getFirst("hookline-attempt");
      int attempt = attemptHeader == null ? 0 : Integer.parseInt(attemptHeader);
      int status = failing || (failFirstAttempts && attempt == 1) ? 503 : 200;
      long now = System.nanoTime();
      lastArrivalNanos = now;
      requests.incrementAndGet();
      synchronized (arrivals) {
        arrivals.add(new Arrival(endpoint, eventId, attempt, now, status));
      }
      if (status == 200) {
        delivered
            .computeIfAbsent(endpoint + "|" + eventId, k -> new AtomicLong())
            .incrementAndGet();
      }
      exchange.sendResponseHeaders(status, -1);
    }
  }

  /** Times each (endpoint, event) was answered 200: 1 is once; more are duplicates. */
  Map<String, AtomicLong> delivered() {
    return delivered;
  }

  long requests() {
    return requests.get();
  }

  long lastArrivalNanos() {
    return lastArrivalNanos;
  }

  /** A copy of every request so far, in arrival order. */
  List<Arrival> arrivals() {
    synchronized (arrivals) {
      return List.copyOf(arrivals);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
