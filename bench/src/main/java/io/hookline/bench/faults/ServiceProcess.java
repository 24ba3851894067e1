package io.hookline.bench.faults;

import io.hookline.bench.harness.ChildReadiness;
import io.hookline.bench.harness.Progress;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

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
  private final List<String> jvmOptions;
  private volatile Process process;
  private long readyAfterMs;

  private ServiceProcess(
      String name,
      String mainClass,
      Map<String, String> vars,
      Path log,
      int port,
      List<String> jvmOptions) {
    this.name = name;
    this.mainClass = mainClass;
    this.vars = vars;
    this.log = log;
    this.port = port;
    this.jvmOptions = jvmOptions;
  }

  /**
   * Starts {@code mainClass} on a free loopback port and returns once its {@code /readyz} is 200.
   */
  static ServiceProcess start(String name, String mainClass, Map<String, String> vars, Path logDir)
      throws Exception {
    return start(name, mainClass, vars, logDir, List.of());
  }

  /** As {@link #start(String, String, Map, Path)}, with extra JVM options. */
  static ServiceProcess start(
      String name, String mainClass, Map<String, String> vars, Path logDir, List<String> jvm)
      throws Exception {
    Files.createDirectories(logDir);
    ServiceProcess p =
        new ServiceProcess(
            name,
            mainClass,
            vars,
            logDir.resolve(name + ".log").toAbsolutePath(),
            ChildReadiness.freeLoopbackPort(),
            jvm);
    p.launch();
    return p;
  }

  /**
   * An ahead-of-time cache of {@code mainClass}'s start (JDK 25+, JEP 483 and 514): one start with
   * {@code -XX:AOTCacheOutput}, stopped once ready, writes the classes it loaded and linked; a JVM
   * started with {@code -XX:AOTCache} and the same classpath then starts faster. No options on
   * older JDKs. A container image can build the file the same way, with a training run.
   */
  static List<String> aotCache(String name, String mainClass, Map<String, String> vars, Path dir)
      throws Exception {
    if (Runtime.version().feature() < 25) {
      return List.of();
    }
    Path cache = dir.resolve(name + ".aot").toAbsolutePath();
    long started = System.nanoTime();
    Map<String, String> training = new HashMap<>(vars);
    training.put("HOOKLINE_EXIT_AFTER_START", "true");
    ServiceProcess run =
        new ServiceProcess(
            name + "-training",
            mainClass,
            training,
            dir.resolve(name + "-training.log").toAbsolutePath(),
            ChildReadiness.freeLoopbackPort(),
            List.of("-XX:AOTCacheOutput=" + cache));
    run.runToExit(READY_TIMEOUT);
    if (!Files.exists(cache)) {
      Progress.say("no AOT cache for %s was written; starting without one", name);
      return List.of();
    }
    Progress.say(
        "AOT cache for %s written in %.1f s (%d MiB)",
        name, (System.nanoTime() - started) / 1e9, Files.size(cache) >> 20);
    return List.of("-XX:AOTCache=" + cache);
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

  /**
   * The sum of every sample of a counter or gauge on its {@code /metrics} whose labels contain
   * {@code labels} (for example {@code consumer="status-view"}; empty for all); 0 when absent.
   */
  double metric(String name, String labels) throws IOException, InterruptedException {
    try (HttpClient http = HttpClient.newHttpClient()) {
      String text =
          http.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      double sum = 0;
      for (String line : text.split("\n")) {
        if ((line.startsWith(name + "{") || line.startsWith(name + " "))
            && line.substring(0, line.lastIndexOf(' ')).contains(labels)) {
          sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
      return sum;
    }
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
    long started = System.nanoTime();
    process = FaultChildren.track(processBuilder().start());
    try {
      ChildReadiness.await(process, port, READY_TIMEOUT, name, log);
    } catch (Exception | Error e) {
      kill();
      throw e;
    }
    readyAfterMs = (System.nanoTime() - started) / 1_000_000;
    Progress.say("%s (pid %d) ready in %.1f s", name, process.pid(), readyAfterMs / 1000.0);
  }

  /**
   * The service's command, with only the run's HOOKLINE_* variables, output appended to its log.
   */
  private ProcessBuilder processBuilder() {
    ProcessBuilder builder = new ProcessBuilder(command()).redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().keySet().removeIf(k -> k.startsWith("HOOKLINE_"));
    builder.environment().putAll(vars);
    builder.environment().put("HOOKLINE_HTTP_PORT", String.valueOf(port));
    return builder;
  }

  private List<String> command() {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    if (Runtime.version().feature() >= 23) {
      command.add("--sun-misc-unsafe-memory-access=allow");
    }
    command.add("-Xmx768m");
    command.add("-XX:+UseSerialGC");
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(serviceClasspath());
    command.add(mainClass);
    return command;
  }

  /**
   * This JVM's classpath without its directories (the bench's own classes): the services are all in
   * jars, and an AOT cache can only be made of a classpath of jars.
   */
  private static String serviceClasspath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !Files.isDirectory(Path.of(entry)))
        .collect(Collectors.joining(File.pathSeparator));
  }

  /** Runs the process until it exits by itself, bounded. */
  private void runToExit(Duration timeout) throws IOException, InterruptedException {
    Process p = FaultChildren.track(processBuilder().start());
    if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(name + " did not exit within " + timeout + "; see " + log);
    }
  }

  @Override
  public void close() throws InterruptedException {
    terminate();
  }
}
