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
 * The dispatcher-service in a JVM of its own ({@code io.hookline.dispatcher.DispatcherService},
 * this JVM's classpath, the phase's {@code HOOKLINE_*} variables), so that its memory and CPU can
 * be told apart from the broker's, the ingest's and the receiver's. Its log goes to a file.
 */
final class DispatcherProcess implements DispatcherHandle {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final Path log;
  private final int opsPort;

  private DispatcherProcess(Process process, Path log, int opsPort) {
    this.process = process;
    this.log = log;
    this.opsPort = opsPort;
  }

  static DispatcherProcess start(Phase phase, List<String> jvmOptions) throws Exception {
    int opsPort = freeLoopbackPort();
    List<String> command =
        ChildJvm.command(jvmOptions, "io.hookline.dispatcher.DispatcherService", List.of());
    Path logDir = ChildJvm.logDir();
    Files.createDirectories(logDir);
    Path log = logDir.resolve(phase.topics().prefix() + "dispatcher.log").toAbsolutePath();

    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("HOOKLINE_"));
    builder.environment().putAll(phase.vars());
    builder.environment().put("HOOKLINE_HTTP_PORT", String.valueOf(opsPort));
    long started = System.nanoTime();
    DispatcherProcess child =
        new DispatcherProcess(ChildProcesses.track(builder.start()), log, opsPort);
    try {
      child.awaitReady();
    } catch (Exception | Error e) {
      child.close();
      throw e;
    }
    Progress.say(
        "dispatcher process %d ready in %.1f s (log: %s)",
        child.process.pid(), (System.nanoTime() - started) / 1e9, log);
    return child;
  }

  /** Polls the dispatcher's {@code /readyz} until it answers 200; fails if the process exits. */
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
              "the dispatcher process exited with " + process.exitValue() + "; see " + log);
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
    throw new IllegalStateException("the dispatcher process was not ready within " + READY_TIMEOUT);
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
  public OptionalLong peakRssKib() {
    return ProcStatus.peakRssKib(process.pid());
  }

  @Override
  public Optional<Duration> cpuTime() {
    return process.info().totalCpuDuration();
  }

  /** SIGTERM, so the dispatcher drains and commits as in production; then waits, bounded. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        Progress.say("dispatcher process did not stop within %s; killing it", STOP_TIMEOUT);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
