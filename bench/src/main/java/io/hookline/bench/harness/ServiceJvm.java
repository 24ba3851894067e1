package io.hookline.bench.harness;

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
    int opsPort = ChildReadiness.freeLoopbackPort();
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
      ChildReadiness.await(child.process, opsPort, READY_TIMEOUT, service + " process", log);
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
  public OptionalLong pid() {
    return OptionalLong.of(process.pid());
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
