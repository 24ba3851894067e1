package io.hookline.devstack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hookline.core.config.ConfigException;
import io.hookline.core.config.Env;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A webhook receiver for trying Hookline locally. It prints every request it gets and answers by
 * path: {@code /ok} (and anything else) 200, {@code /fail} 503 every time, {@code /flaky} 503 on
 * the first two attempts of each webhook and 200 after, {@code /gone} 410.
 */
public final class DemoReceiver implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<String, AtomicInteger> flakyAttempts = new ConcurrentHashMap<>();
  private final Consumer<String> out;

  private DemoReceiver(String host, int port, Consumer<String> out) throws IOException {
    this.out = out;
    this.server = HttpServer.create(new InetSocketAddress(host, port), 128);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  static DemoReceiver start(int port, Consumer<String> out) throws IOException {
    return new DemoReceiver("127.0.0.1", port, out);
  }

  /**
   * Where the standalone receiver listens: {@code HOOKLINE_DEVSTACK_RECEIVER_HOST} (127.0.0.1) and
   * {@code HOOKLINE_DEVSTACK_RECEIVER_PORT} (8090).
   */
  public static InetSocketAddress address(Env env) {
    String host = env.string("HOOKLINE_DEVSTACK_RECEIVER_HOST", "127.0.0.1");
    int port = env.integer("HOOKLINE_DEVSTACK_RECEIVER_PORT", 8090, 0, 65535);
    return InetSocketAddress.createUnresolved(host, port);
  }

  /**
   * {@code hookline demo-receiver}: the receiver on its own (docker-compose runs it so), on {@code
   * HOOKLINE_DEVSTACK_RECEIVER_HOST} (127.0.0.1) and {@code HOOKLINE_DEVSTACK_RECEIVER_PORT}
   * (8090), printing every request to standard output; SIGTERM stops it.
   */
  public static void main(String[] args) throws Exception {
    Env env = Env.fromSystem();
    DemoReceiver receiver;
    try {
      InetSocketAddress address = address(env);
      receiver = new DemoReceiver(address.getHostString(), address.getPort(), System.out::println);
    } catch (ConfigException e) {
      System.err.println("demo-receiver: configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  receiver.close();
                  Runtime.getRuntime().halt(0);
                },
                "demo-receiver-shutdown"));
    System.out.println(
        "[demo-receiver] listening on " + receiver.server.getAddress() + "; stop with SIGTERM");
    new CountDownLatch(1).await();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange;
        InputStream in = exchange.getRequestBody()) {
      String body = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
      String path = exchange.getRequestURI().getPath();
      String id = exchange.getRequestHeaders().getFirst("webhook-id");
      int status =
          switch (path) {
            case "/fail" -> 503;
            case "/gone" -> 410;
            case "/flaky" ->
                flakyAttempts
                            .computeIfAbsent(String.valueOf(id), k -> new AtomicInteger())
                            .incrementAndGet()
                        <= 2
                    ? 503
                    : 200;
            default -> 200;
          };
      out.accept(
          String.format(
              "[demo-receiver] %s %s -> %d  webhook-id=%s attempt=%s type=%s%n    signature=%s%n    body=%s",
              exchange.getRequestMethod(),
              path,
              status,
              id,
              exchange.getRequestHeaders().getFirst("hookline-attempt"),
              exchange.getRequestHeaders().getFirst("hookline-event-type"),
              exchange.getRequestHeaders().getFirst("webhook-signature"),
              body.length() > 300 ? body.substring(0, 300) + "…" : body));
      exchange.sendResponseHeaders(status, -1);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.close();
  }
}
