package io.hookline.bench.harness;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The webhook endpoints of a benchmark: JDK {@link HttpServer}s on 127.0.0.1, by default one per
 * endpoint on its own port, so that every endpoint is its own route to the dispatcher's HTTP client
 * (as endpoints on distinct hosts are in production: endpoints sharing a port share one
 * connection-pool route, capped at 64 connections). Fewer ports cost the receiver less CPU;
 * endpoint {@code i} is served on port {@code i % ports}. Requests run on virtual threads. Each
 * endpoint behaves as its phase sets: healthy (200 at once), slow (200 after a delay) or absent
 * (its URL points at a closed port, so connections are refused).
 *
 * <p>Thread-safe. Counts arrivals per endpoint and reports each to the current {@link Listener}.
 */
public final class Receiver implements AutoCloseable {
  /** How an endpoint answers. */
  public enum Behaviour {
    HEALTHY,
    SLOW,
    ABSENT
  }

  /** Told of every request as it arrives, before any delay. Called on request threads. */
  public interface Listener {
    void arrived(int endpoint, String webhookId, long nanoTime);
  }

  private static final String PATH = "/hooks/";
  private static final String MAX_IDLE_CONNECTIONS = "sun.net.httpserver.maxIdleConnections";

  private static final String NO_DELAY = "sun.net.httpserver.nodelay";

  private final List<HttpServer> servers;
  private final ExecutorService executor;
  private final int closedPort;
  private final Duration slowDelay;
  private final AtomicLongArray counts;
  private volatile Behaviour[] behaviours;
  private volatile Listener listener = (endpoint, id, nanos) -> {};

  private Receiver(
      int endpoints,
      List<HttpServer> servers,
      ExecutorService executor,
      int closedPort,
      Duration slowDelay) {
    this.servers = servers;
    this.executor = executor;
    this.closedPort = closedPort;
    this.slowDelay = slowDelay;
    this.counts = new AtomicLongArray(endpoints);
    Behaviour[] healthy = new Behaviour[endpoints];
    Arrays.fill(healthy, Behaviour.HEALTHY);
    this.behaviours = healthy;
  }

  /**
   * Serves {@code endpoints} endpoints on {@code ports} ports (0: one per endpoint), all healthy
   * until {@link #behave} says otherwise.
   */
  public static Receiver start(int endpoints, int ports, Duration slowDelay) {
    int serverCount = ports <= 0 ? endpoints : Math.min(ports, endpoints);
    // The JDK server drops keep-alive connections above this many idle ones (default 200); it is
    // read when the first server of the JVM starts.
    if (System.getProperty(MAX_IDLE_CONNECTIONS) == null) {
      System.setProperty(MAX_IDLE_CONNECTIONS, "2000");
    }
    // As production receivers do: no Nagle delay on small responses.
    if (System.getProperty(NO_DELAY) == null) {
      System.setProperty(NO_DELAY, "true");
    }
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    List<HttpServer> servers = new ArrayList<>(serverCount);
    Receiver receiver;
    try {
      for (int i = 0; i < serverCount; i++) {
        servers.add(
            HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512));
      }
      int closedPort;
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        closedPort = socket.getLocalPort();
      }
      receiver = new Receiver(endpoints, servers, executor, closedPort, slowDelay);
    } catch (IOException e) {
      servers.forEach(s -> s.stop(0));
      executor.close();
      throw new UncheckedIOException("cannot open the receiver's ports", e);
    }
    for (HttpServer server : servers) {
      server.createContext(PATH, receiver::handle);
      server.setExecutor(executor);
      server.start();
    }
    return receiver;
  }

  /** Sets how each endpoint behaves from now on; {@code behaviours[i]} is endpoint i's. */
  public void behave(Behaviour[] behaviours) {
    if (behaviours.length != counts.length()) {
      throw new IllegalArgumentException("one behaviour per endpoint is needed");
    }
    this.behaviours = behaviours.clone();
  }

  public Behaviour behaviour(int endpoint) {
    return behaviours[endpoint];
  }

  /** Reports arrivals to {@code listener} from now on, and zeroes the counts. */
  public void listen(Listener listener) {
    this.listener = listener;
    for (int i = 0; i < counts.length(); i++) {
      counts.set(i, 0);
    }
  }

  /** Endpoint {@code i}'s URL under its current behaviour: absent ones point at a closed port. */
  public String url(int endpoint) {
    int port =
        behaviours[endpoint] == Behaviour.ABSENT
            ? closedPort
            : servers.get(endpoint % servers.size()).getAddress().getPort();
    return "http://127.0.0.1:" + port + PATH + endpoint;
  }

  public int endpoints() {
    return counts.length();
  }

  /** How many ports (servers) the endpoints are spread over. */
  public int ports() {
    return servers.size();
  }

  /** Requests that reached endpoints of {@code behaviour} since the last {@link #listen}. */
  public long arrivals(Behaviour behaviour) {
    Behaviour[] current = behaviours;
    long sum = 0;
    for (int i = 0; i < counts.length(); i++) {
      if (current[i] == behaviour) {
        sum += counts.get(i);
      }
    }
    return sum;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      int endpoint = endpointOf(exchange.getRequestURI().getRawPath());
      if (endpoint < 0) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
      long now = System.nanoTime();
      counts.incrementAndGet(endpoint);
      listener.arrived(endpoint, exchange.getRequestHeaders().getFirst("webhook-id"), now);
      if (behaviours[endpoint] == Behaviour.SLOW) {
        try {
          // The endpoint's own slowness, on its own virtual thread: what is being simulated.
          Thread.sleep(slowDelay);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      exchange.sendResponseHeaders(200, -1);
    }
  }

  /** The endpoint index of {@code /hooks/<i>}, or -1. */
  private int endpointOf(String path) {
    try {
      int i = Integer.parseInt(path, PATH.length(), path.length(), 10);
      return i >= 0 && i < counts.length() ? i : -1;
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      return -1;
    }
  }

  @Override
  public void close() {
    servers.forEach(s -> s.stop(0));
    executor.shutdownNow();
  }
}
