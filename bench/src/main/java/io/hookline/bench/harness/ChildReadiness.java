package io.hookline.bench.harness;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Waiting for a service the bench started as a process of its own to become ready. */
public final class ChildReadiness {
  private ChildReadiness() {}

  /**
   * Polls {@code /readyz} on {@code port} until it answers 200; fails at once if {@code process}
   * exits, and after {@code timeout}, naming {@code name} and its {@code log}.
   */
  public static void await(Process process, int port, Duration timeout, String name, Path log)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpRequest ready =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
              .timeout(Duration.ofSeconds(2))
              .build();
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              name + " exited with " + process.exitValue() + " before it was ready; see " + log);
        }
        try {
          if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
            return;
          }
        } catch (IOException e) {
          // Not listening yet.
        }
        // Waiting on the child's own exit is the bounded pause between two readiness probes.
        process.waitFor(200, TimeUnit.MILLISECONDS);
      }
    }
    throw new IllegalStateException(name + " was not ready within " + timeout + "; see " + log);
  }

  /** A loopback port nothing listens on now. */
  public static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
