package io.hookline.bench.faults;

import io.hookline.bench.harness.Progress;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Hookline service in an OS process of its own, started from this JVM's classpath with the
 * run's {@code HOOKLINE_*} variables, as a deployment starts it: so that a fault run can SIGKILL it
 * and start it again. Its output goes to a log file (appended across restarts).
 */
final class ServiceProcess implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

  private final String name;
  private final String mainClass;
  private final Map<String, String> vars;
  private final Path log;
  private final int port;
  private volatile Process process;
  private long readyAfterMs;

  private ServiceProcess(
      String name, String mainClass, Map<String, String> vars, Path log, int port) {
    this.name = name;
    this.mainClass = mainClass;
    this.vars = vars;
    this.log = log;
    this.port = port;
  }

  /**
   * Starts {@code mainClass} on a free loopback port and returns once its {@code /readyz} is 200.
   */
  static ServiceProcess start(String name, String mainClass, Map<String, String> vars, Path logDir)
      throws Exception {
    Files.createDirectories(logDir);
    ServiceProcess p =
        new ServiceProcess(
            name, mainClass, vars, logDir.resolve(name + ".log").toAbsolutePath(), freePort());
    p.launch();
    return p;
  }

  String name() {
    return name;
  }

  /** The HTTP port: the API for the ingest-service, {@code /metrics} and health for all. */
  int port() {
    return port;
  }

  /** How long the last start took until ready. */
  long readyAfterMs() {
    return readyAfterMs;
  }

  boolean isAlive() {
    Process p = process;
    return p != null && p.isAlive();
  }

  /** SIGKILL, as a crash or an OOM kill: nothing is drained or committed. */
  void kill() throws InterruptedException {
    Process p = process;
    if (p != null && p.isAlive()) {
      p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      Progress.say("%s (pid %d) killed with SIGKILL", name, p.pid());
    }
  }

  /** SIGTERM: the service drains and commits as in production; waits for it, bounded. */
  void terminate() throws InterruptedException {
    Process p = process;
    if (p != null && p.isAlive()) {
      p.destroy();
      if (!p.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        Progress.say("%s did not stop within %s; killing it", name, STOP_TIMEOUT);
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** Starts it again with the same settings and port; returns once ready. */
  void restart() throws Exception {
    if (isAlive()) {
      throw new IllegalStateException(name + " is running");
    }
    launch();
  }

  private void launch() throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    if (Runtime.version().feature() >= 23) {
      command.add("--sun-misc-unsafe-memory-access=allow");
    }
    command.add("-Xmx768m");
    command.add("-XX:+UseSerialGC");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().keySet().removeIf(k -> k.startsWith("HOOKLINE_"));
    builder.environment().putAll(vars);
    builder.environment().put("HOOKLINE_HTTP_PORT", String.valueOf(port));
    long started = System.nanoTime();
    process = FaultChildren.track(builder.start());
    try {
      awaitReady();
    } catch (Exception | Error e) {
      kill();
      throw e;
    }
    readyAfterMs = (System.nanoTime() - started) / 1_000_000;
    Progress.say("%s (pid %d) ready in %.1f s", name, process.pid(), readyAfterMs / 1000.0);
  }

  private void awaitReady() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpRequest ready =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
              .timeout(Duration.ofSeconds(2))
              .build();
      while (System.nanoTime() < deadline) {
        Process p = process;
        if (!p.isAlive()) {
          throw new IllegalStateException(
              name + " exited with " + p.exitValue() + " before it was ready; see " + log);
        }
        try {
          if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
            return;
          }
        } catch (IOException e) {
          // not listening yet
        }
        // Waiting on the child's own exit is the bounded pause between two probes.
        p.waitFor(200, TimeUnit.MILLISECONDS);
      }
    }
    throw new IllegalStateException(
        name + " was not ready within " + READY_TIMEOUT + "; see " + log);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    terminate();
  }
}
