package io.hookline.bench.harness;

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
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * A Hookline service in a JVM of its own (its main class, this JVM's classpath, the phase's {@code
 * HOOKLINE_*} variables), so that its memory and CPU can be told apart from the broker's, the other
 * services' and the receiver's. Its log goes to a file.
 */
final class ServiceJvm implements ServiceHandle {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

  private final String service;
  private final Process process;
  private final Path log;
  private final int opsPort;
  private OptionalLong readyRssKib = OptionalLong.empty();

  private ServiceJvm(String service, Process process, Path log, int opsPort) {
    this.service = service;
    this.process = process;
    this.log = log;
    this.opsPort = opsPort;
  }

  /**
   * Starts {@code service} ({@code ingest}, {@code dispatcher}, {@code retry}) from {@code
   * mainClass} and returns once its {@code /readyz} answers 200.
   */
  static ServiceJvm start(Phase phase, String service, String mainClass, List<String> jvmOptions)
      throws Exception {
    int opsPort = freeLoopbackPort();
    List<String> command = ChildJvm.command(jvmOptions, mainClass, List.of());
    Path logDir = ChildJvm.logDir();
    Files.createDirectories(logDir);
    Path log = logDir.resolve(phase.topics().prefix() + service + ".log").toAbsolutePath();

    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("HOOKLINE_"));
    builder.environment().putAll(phase.vars());
    builder.environment().put("HOOKLINE_HTTP_PORT", String.valueOf(opsPort));
    long started = System.nanoTime();
    ServiceJvm child = new ServiceJvm(service, ChildProcesses.track(builder.start()), log, opsPort);
    try {
      child.awaitReady();
    } catch (Exception | Error e) {
      child.close();
      throw e;
    }
    child.readyRssKib = ProcStatus.rssKib(child.process.pid());
    Progress.say(
        "%s process %d ready in %.1f s (log: %s)",
        service, child.process.pid(), (System.nanoTime() - started) / 1e9, log);
    return child;
  }

  /** Polls the service's {@code /readyz} until it answers 200; fails if the process exits. */
  private void awaitReady() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpRequest ready =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + opsPort + "/readyz"))
              .timeout(Duration.ofSeconds(2))
              .build();
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "the " + service + " process exited with " + process.exitValue() + "; see " + log);
        }
        try {
          if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
            return;
          }
        } catch (IOException e) {
          // Not listening yet.
        }
        // Waiting on the child's own exit is the bounded pause between two readiness probes.
        process.waitFor(250, TimeUnit.MILLISECONDS);
      }
    }
    throw new IllegalStateException(
        "the " + service + " process was not ready within " + READY_TIMEOUT);
  }

  static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public String mode() {
    return "process";
  }

  @Override
  public int opsPort() {
    return opsPort;
  }

  @Override
  public OptionalLong readyRssKib() {
    return readyRssKib;
  }

  @Override
  public OptionalLong peakRssKib() {
    return ProcStatus.peakRssKib(process.pid());
  }

  @Override
  public Optional<Duration> cpuTime() {
    return process.info().totalCpuDuration();
  }

  /** SIGTERM, so the service drains and commits as in production; then waits, bounded. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        Progress.say("%s process did not stop within %s; killing it", service, STOP_TIMEOUT);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
