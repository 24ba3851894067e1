package io.hookline.dispatcher.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A webhook receiver on 127.0.0.1 for tests: records every request and answers with a programmable
 * {@link Responder}. Slow responders wait on a latch that {@link #close} releases.
 */
final class LoopbackReceiver implements AutoCloseable {

  /** A request as the receiver saw it; header names are lower case. */
  record Received(
      String method, String path, Map<String, String> headers, byte[] body, int clientPort) {
    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  @FunctionalInterface
  interface Responder {
    void respond(HttpExchange exchange, CountDownLatch released)
        throws IOException, InterruptedException;
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final CountDownLatch released = new CountDownLatch(1);
  private volatile Responder responder = status(200, "ok");

  LoopbackReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  LoopbackReceiver answering(Responder next) {
    this.responder = next;
    return this;
  }

  int port() {
    return server.getAddress().getPort();
  }

  URI url(String path) {
    return URI.create("http://127.0.0.1:" + port() + path);
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  @Override
  public void close() {
    released.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      Map<String, String> headers =
          exchange.getRequestHeaders().entrySet().stream()
              .collect(
                  Collectors.toMap(
                      e -> e.getKey().toLowerCase(Locale.ROOT),
                      e -> String.join(",", e.getValue())));
      received.add(
          new Received(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getPath(),
              headers,
              body,
              exchange.getRemoteAddress().getPort()));
      responder.respond(exchange, released);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Answers {@code status} with {@code body} and the given header pairs. */
  static Responder status(int status, String body, String... headerPairs) {
    return (exchange, released) -> {
      for (int i = 0; i + 1 < headerPairs.length; i += 2) {
        exchange.getResponseHeaders().add(headerPairs[i], headerPairs[i + 1]);
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    };
  }

  /** Never answers until the receiver is closed. */
  static Responder silent() {
    return (exchange, released) -> released.await(30, TimeUnit.SECONDS);
  }

  /** Answers 200 and streams a body that never ends until the client goes away. */
  static Responder endlessBody() {
    return (exchange, released) -> {
      exchange.sendResponseHeaders(200, 0);
      byte[] chunk = "x".repeat(8192).getBytes(StandardCharsets.US_ASCII);
      try (OutputStream out = exchange.getResponseBody()) {
        for (int i = 0; i < 100_000 && released.getCount() > 0; i++) {
          out.write(chunk);
        }
      } catch (IOException clientWentAway) {
        // Expected: the sender aborts the connection after its snippet.
      }
    };
  }
}
