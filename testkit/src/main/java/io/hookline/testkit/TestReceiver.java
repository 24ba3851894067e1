package io.hookline.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real HTTP server on 127.0.0.1 that records every request and answers as programmed: the webhook
 * endpoint of a test.
 *
 * <p>One receiver can play many endpoints: {@link #onPath(String)} programs the requests under a
 * path prefix, and the longest matching prefix answers. The methods on the receiver itself program
 * the prefix {@code /}, which answers everything else; see {@link ReceiverRoute} for how the
 * response methods combine. Unless told otherwise, it answers 200 with an empty body.
 *
 * <p>Thread-safe. Each request is handled on its own virtual thread, so a delayed answer holds up
 * nothing else.
 */
public final class TestReceiver implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TestReceiver.class);
  private static final String MAX_IDLE_CONNECTIONS = "sun.net.httpserver.maxIdleConnections";

  private final HttpServer server;
  private final ExecutorService executor;
  private final ConcurrentMap<String, ReceiverRoute> routes = new ConcurrentHashMap<>();
  private final ReceiverRoute rootRoute;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition arrived = lock.newCondition();
  private final List<ReceivedRequest> received = new ArrayList<>();

  private TestReceiver(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
    this.rootRoute = new ReceiverRoute(this, "/");
    routes.put("/", rootRoute);
  }

  /** Starts a receiver on a free port of 127.0.0.1. */
  public static TestReceiver start() {
    // The JDK server closes keep-alive connections beyond this many idle ones (default 200), so a
    // load test with more concurrent clients would see resets. Read once, when the first
    // HttpServer in the JVM is created; an explicit setting wins.
    if (System.getProperty(MAX_IDLE_CONNECTIONS) == null) {
      System.setProperty(MAX_IDLE_CONNECTIONS, "1000");
    }
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open the test receiver's port", e);
    }
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    TestReceiver receiver = new TestReceiver(server, executor);
    server.createContext("/", receiver::handle);
    server.setExecutor(executor);
    server.start();
    log.debug("Test receiver listening at {}", receiver.url("/"));
    return receiver;
  }

  /** The URL of path {@code /hook}, e.g. {@code http://127.0.0.1:41234/hook}. */
  public String url() {
    return url("/hook");
  }

  /** The URL of {@code path}, which starts with {@code /}. */
  public String url(String path) {
    requireAbsolutePath(path);
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /**
   * The route for {@code pathPrefix} (which starts with {@code /}): that path and the paths below
   * it. The same prefix always gives the same route.
   */
  public ReceiverRoute onPath(String pathPrefix) {
    requireAbsolutePath(pathPrefix);
    return routes.computeIfAbsent(pathPrefix, prefix -> new ReceiverRoute(this, prefix));
  }

  /** See {@link ReceiverRoute#respondWith(int)}; applies to paths no other route covers. */
  public TestReceiver respondWith(int status) {
    rootRoute.respondWith(status);
    return this;
  }

  /** See {@link ReceiverRoute#respondWith(int, String)}. */
  public TestReceiver respondWith(int status, String body) {
    rootRoute.respondWith(status, body);
    return this;
  }

  /** See {@link ReceiverRoute#respondWith(Response)}. */
  public TestReceiver respondWith(Response response) {
    rootRoute.respondWith(response);
    return this;
  }

  /** See {@link ReceiverRoute#respondWith(Function)}. */
  public TestReceiver respondWith(Function<ReceivedRequest, Response> responder) {
    rootRoute.respondWith(responder);
    return this;
  }

  /** See {@link ReceiverRoute#delay(Duration)}. */
  public TestReceiver delay(Duration delay) {
    rootRoute.delay(delay);
    return this;
  }

  /** See {@link ReceiverRoute#retryAfter(String)}. */
  public TestReceiver retryAfter(String value) {
    rootRoute.retryAfter(value);
    return this;
  }

  /** Every request received so far, on any path, oldest first; a snapshot. */
  public List<ReceivedRequest> requests() {
    return requestsMatching(request -> true);
  }

  public int count() {
    lock.lock();
    try {
      return received.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Blocks until at least {@code n} requests have arrived on any path; returns them.
   *
   * @throws AssertionError if fewer arrive within {@code timeout}
   */
  public List<ReceivedRequest> awaitCount(int n, Duration timeout) {
    return awaitMatching(request -> true, n, timeout, "on any path");
  }

  /** Forgets the requests received so far; the programmed answers stay. */
  public void clear() {
    lock.lock();
    try {
      received.clear();
    } finally {
      lock.unlock();
    }
  }

  /** Stops listening and abandons answers still waiting on a delay. Idempotent. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  List<ReceivedRequest> requestsMatching(Predicate<ReceivedRequest> filter) {
    lock.lock();
    try {
      return received.stream().filter(filter).toList();
    } finally {
      lock.unlock();
    }
  }

  List<ReceivedRequest> awaitMatching(
      Predicate<ReceivedRequest> filter, int n, Duration timeout, String where) {
    long remainingNanos = timeout.toNanos();
    lock.lock();
    try {
      List<ReceivedRequest> matching = received.stream().filter(filter).toList();
      while (matching.size() < n) {
        if (remainingNanos <= 0) {
          throw new AssertionError(
              "Expected at least %d requests %s within %s but got %d: %s"
                  .formatted(n, where, timeout, matching.size(), matching));
        }
        remainingNanos = arrived.awaitNanos(remainingNanos);
        matching = received.stream().filter(filter).toList();
      }
      return matching;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while awaiting requests", e);
    } finally {
      lock.unlock();
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    Instant receivedAt = Instant.now();
    try (exchange) {
      ReceivedRequest request =
          new ReceivedRequest(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getPath(),
              exchange.getRequestHeaders(),
              exchange.getRequestBody().readAllBytes(),
              receivedAt);
      record(request);
      Response response = answerTo(request);
      if (response.delay().isPositive()) {
        Thread.sleep(response.delay());
      }
      response
          .headers()
          .forEach(
              (name, values) -> exchange.getResponseHeaders().put(name, new ArrayList<>(values)));
      byte[] body = response.body();
      exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
      exchange.getResponseBody().write(body);
    } catch (InterruptedException e) {
      // Closing the receiver interrupts answers still waiting on their delay; drop them.
      Thread.currentThread().interrupt();
    }
  }

  private Response answerTo(ReceivedRequest request) {
    ReceiverRoute route =
        routes.values().stream()
            .filter(candidate -> candidate.covers(request.path()))
            .max(Comparator.comparingInt(candidate -> candidate.pathPrefix().length()))
            .orElse(rootRoute);
    try {
      return route.answer(request);
    } catch (RuntimeException e) {
      log.warn("Test receiver responder failed for {}; answering 500", request, e);
      return Response.status(500).withBody(e.toString());
    }
  }

  private void record(ReceivedRequest request) {
    lock.lock();
    try {
      received.add(request);
      arrived.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private static void requireAbsolutePath(String path) {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("path must start with '/', was " + path);
    }
  }

  @Override
  public String toString() {
    return "TestReceiver[" + url("/") + ", " + count() + " requests]";
  }
}
