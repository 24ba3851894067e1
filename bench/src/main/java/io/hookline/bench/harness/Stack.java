package io.hookline.bench.harness;

import io.hookline.core.crypto.SecretBox;
import io.hookline.embedded.BrokerProcess;
import io.hookline.embedded.EmbeddedKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * One Kafka broker for a whole scenario, and the {@link Phase}s run on it. Each phase gets its own
 * topic prefix, so what one phase leaves behind (topics, groups, retries) cannot reach the next
 * one. The broker runs in the bench JVM ({@code in-process}) or in a JVM of its own ({@code
 * process}), so that its CPU and memory can be told apart from the receivers'.
 */
public final class Stack implements AutoCloseable {
  /** The bearer token of the ingest API in every phase. */
  public static final String API_TOKEN = "bench-token-0123456789";

  private final AutoCloseable broker;
  private final String bootstrapServers;
  private final Optional<BrokerProcess> brokerProcess;
  private final Path dataDir;
  private final String masterKey = SecretBox.generateMasterKey();
  private int phases;

  private Stack(
      AutoCloseable broker,
      String bootstrapServers,
      Optional<BrokerProcess> brokerProcess,
      Path dataDir) {
    this.broker = broker;
    this.bootstrapServers = bootstrapServers;
    this.brokerProcess = brokerProcess;
    this.dataDir = dataDir;
  }

  /** Starts the broker in this JVM on a free loopback port; takes a few seconds. */
  public static Stack start() {
    return start("in-process");
  }

  /** Starts the broker {@code in-process} or as a {@code process} of its own. */
  public static Stack start(String brokerMode) {
    if (!brokerMode.equals("in-process") && !brokerMode.equals("process")) {
      throw new IllegalArgumentException(
          "the broker must run as process or in-process, was " + brokerMode);
    }
    long started = System.nanoTime();
    Path dataDir;
    Stack stack;
    try {
      dataDir = Files.createTempDirectory("hookline-bench-kafka");
      if (brokerMode.equals("process")) {
        BrokerProcess broker = BrokerProcess.start(dataDir.resolve("broker"));
        stack = new Stack(broker, broker.bootstrapServers(), Optional.of(broker), dataDir);
      } else {
        EmbeddedKafka broker = EmbeddedKafka.start(0, dataDir);
        stack = new Stack(broker, broker.bootstrapServers(), Optional.empty(), dataDir);
      }
    } catch (Exception e) {
      throw new IllegalStateException("the Kafka broker did not start", e);
    }
    Progress.say(
        "Kafka broker (%s) on %s (%.1f s)",
        brokerMode, stack.bootstrapServers, (System.nanoTime() - started) / 1e9);
    return stack;
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** {@code process} or {@code in-process}. */
  public String brokerMode() {
    return brokerProcess.isPresent() ? "process" : "in-process";
  }

  /** CPU seconds the broker's own process has used; empty in-process (part of this JVM's). */
  public Optional<Double> brokerCpuSeconds() {
    return brokerProcess
        .flatMap(BrokerProcess::handle)
        .flatMap(h -> h.info().totalCpuDuration())
        .map(d -> d.toNanos() / 1e9);
  }

  /** The broker's own process; empty in-process. */
  public OptionalLong brokerPid() {
    return brokerProcess
        .flatMap(BrokerProcess::handle)
        .map(h -> OptionalLong.of(h.pid()))
        .orElse(OptionalLong.empty());
  }

  /** The broker process's peak resident set size in KiB; empty in-process. */
  public OptionalLong brokerPeakRssKib() {
    return brokerProcess
        .flatMap(BrokerProcess::handle)
        .map(h -> ProcStatus.peakRssKib(h.pid()))
        .orElse(OptionalLong.empty());
  }

  /**
   * A fresh phase: the services' configuration as {@code HOOKLINE_*} variables, exactly as a
   * deployment would set them, with loopback receivers allowed. {@code overrides} win.
   */
  public Phase phase(String name, Map<String, String> overrides) {
    phases++;
    Map<String, String> vars = new HashMap<>();
    vars.put("HOOKLINE_KAFKA_BOOTSTRAP", bootstrapServers);
    vars.put("HOOKLINE_TOPIC_PREFIX", "bench" + phases + "-" + name + ".");
    vars.put("HOOKLINE_HTTP_HOST", "127.0.0.1");
    vars.put("HOOKLINE_HTTP_PORT", "0");
    vars.put("HOOKLINE_STATUS_PEER_PORT", "0");
    vars.put("HOOKLINE_API_TOKEN", API_TOKEN);
    vars.put(SecretBox.MASTER_KEY, masterKey);
    vars.put("HOOKLINE_DISPATCH_ALLOWED_NETWORKS", "127.0.0.0/8");
    vars.putAll(overrides);
    return new Phase(name, phases, vars);
  }

  @Override
  public void close() {
    try {
      broker.close();
    } catch (Exception e) {
      Progress.say("the broker did not stop cleanly: %s", e);
    }
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      Progress.say("could not delete %s: %s", dataDir, e);
    }
  }
}
