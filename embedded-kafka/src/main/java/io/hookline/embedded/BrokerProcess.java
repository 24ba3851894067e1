package io.hookline.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker (KRaft, broker and controller in one node) in an OS process of its own, with
 * a data directory that outlives it: stop it with SIGTERM or SIGKILL and start it again on the same
 * data, port and cluster, as an operator restarts a broker. For tests and fault runs that hurt the
 * broker. Listens on loopback only.
 */
public final class BrokerProcess implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BrokerProcess.class);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

  private final Path dataDir;
  private final Path config;
  private final Path logFile;
  private final int port;
  private volatile Process process;

  private BrokerProcess(Path dataDir, int port, Path config, Path logFile) {
    this.dataDir = dataDir;
    this.port = port;
    this.config = config;
    this.logFile = logFile;
    // A test JVM that dies (or is killed by a timeout) takes its broker with it.
    Runtime.getRuntime()
        .addShutdownHook(
            Thread.ofPlatform()
                .unstarted(
                    () -> {
                      Process p = process;
                      if (p != null && p.isAlive()) {
                        p.destroyForcibly();
                      }
                    }));
  }

  /**
   * Formats {@code dataDir} (which must be absent or empty) for a new single-node cluster, starts
   * the broker on a free loopback port and returns once it answers.
   */
  public static BrokerProcess start(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
      int port = freePort();
      int controllerPort = freePort();
      Path config = dataDir.resolve("server.properties");
      Path logs = dataDir.resolve("kafka-data");
      Files.writeString(
          config,
          String.join(
              "\n",
              "process.roles=broker,controller",
              "node.id=1",
              "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
              "listeners=PLAINTEXT://127.0.0.1:"
                  + port
                  + ",CONTROLLER://127.0.0.1:"
                  + controllerPort,
              "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
              "controller.listener.names=CONTROLLER",
              "inter.broker.listener.name=PLAINTEXT",
              "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
              "log.dirs=" + logs,
              "num.partitions=1",
              "offsets.topic.replication.factor=1",
              "transaction.state.log.replication.factor=1",
              "transaction.state.log.min.isr=1",
              "share.coordinator.state.topic.replication.factor=1",
              "share.coordinator.state.topic.min.isr=1",
              "group.initial.rebalance.delay.ms=0",
              "auto.create.topics.enable=false",
              ""));
      BrokerProcess broker =
          new BrokerProcess(dataDir, port, config, dataDir.resolve("broker.log"));
      broker.format();
      broker.launch();
      return broker;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code bootstrap.servers} for clients: {@code 127.0.0.1:<port>}, the same across restarts. */
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** The running broker's OS process (for its CPU time and memory); empty when stopped. */
  public Optional<ProcessHandle> handle() {
    Process p = process;
    return p != null && p.isAlive() ? Optional.of(p.toHandle()) : Optional.empty();
  }

  /** Whether the broker process is running. */
  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  /**
   * Stops the broker: SIGTERM (a controlled shutdown) or, with {@code kill}, SIGKILL. Waits for the
   * process to end.
   */
  public void stop(boolean kill) {
    if (!isRunning()) {
      return;
    }
    if (kill) {
      process.destroyForcibly();
    } else {
      process.destroy();
    }
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    log.info("broker on {} stopped ({})", bootstrapServers(), kill ? "SIGKILL" : "SIGTERM");
  }

  /** Starts the broker again on the same data and port; returns once it answers. */
  public void restart() {
    if (isRunning()) {
      throw new IllegalStateException("the broker is running");
    }
    launch();
  }

  private void format() {
    List<String> command = java("kafka.tools.StorageTool");
    command.addAll(List.of("format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()));
    run(command, Duration.ofSeconds(60));
  }

  private void launch() {
    List<String> command = java("kafka.Kafka");
    command.add(config.toString());
    long started = System.nanoTime();
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      awaitReady();
    } catch (RuntimeException e) {
      stop(true);
      throw e;
    }
    log.info(
        "broker process ready at {} in {} ms (data in {}, log {})",
        bootstrapServers(),
        (System.nanoTime() - started) / 1_000_000,
        dataDir,
        logFile);
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    Map<String, Object> props =
        Map.of(
            CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000);
    try (Admin admin = Admin.create(props)) {
      while (true) {
        if (!process.isAlive()) {
          throw new IllegalStateException("the broker process exited; see " + logFile);
        }
        try {
          if (!admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (Exception notYet) {
          // retried below until the deadline
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "the broker did not answer within " + READY_TIMEOUT + "; see " + logFile);
        }
      }
    }
  }

  private List<String> java(String mainClass) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx768m");
    command.add("-XX:+UseSerialGC");
    if (Runtime.version().feature() >= 23) {
      command.add("--sun-misc-unsafe-memory-access=allow");
    }
    command.add("-Dlogback.configurationFile=" + logbackConfig());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    return command;
  }

  /** The broker logs warnings and errors only, to its own file. */
  private Path logbackConfig() {
    Path file = dataDir.resolve("logback.xml");
    if (!Files.exists(file)) {
      try {
        Files.writeString(
            file,
            "<configuration><appender name=\"O\" class=\"ch.qos.logback.core.ConsoleAppender\">"
                + "<encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{30} - %msg%n</pattern>"
                + "</encoder></appender><root level=\"WARN\"><appender-ref ref=\"O\"/></root>"
                + "</configuration>");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return file;
  }

  private void run(List<String> command, Duration timeout) {
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
              .start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("formatting the broker's storage timed out");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException("formatting the broker's storage failed; see " + logFile);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Stops the broker with SIGTERM; the data directory stays. */
  @Override
  public void close() {
    stop(false);
  }
}
