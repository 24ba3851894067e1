package io.hookline.bench.harness;

import io.hookline.core.crypto.SecretBox;
import io.hookline.embedded.EmbeddedKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One embedded Kafka broker for a whole scenario, and the {@link Phase}s run on it. Each phase gets
 * its own topic prefix, so what one phase leaves behind (topics, groups, retries) cannot reach the
 * next one.
 */
public final class Stack implements AutoCloseable {
  /** The bearer token of the ingest API in every phase. */
  public static final String API_TOKEN = "bench-token-0123456789";

  private final EmbeddedKafka broker;
  private final Path dataDir;
  private final String masterKey = SecretBox.generateMasterKey();
  private int phases;

  private Stack(EmbeddedKafka broker, Path dataDir) {
    this.broker = broker;
    this.dataDir = dataDir;
  }

  /** Starts the broker on a free loopback port; takes a few seconds. */
  public static Stack start() {
    long started = System.nanoTime();
    Path dataDir;
    EmbeddedKafka broker;
    try {
      dataDir = Files.createTempDirectory("hookline-bench-kafka");
      broker = EmbeddedKafka.start(0, dataDir);
    } catch (Exception e) {
      throw new IllegalStateException("the embedded Kafka broker did not start", e);
    }
    Progress.say(
        "embedded Kafka broker on %s (%.1f s)",
        broker.bootstrapServers(), (System.nanoTime() - started) / 1e9);
    return new Stack(broker, dataDir);
  }

  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  /**
   * A fresh phase: the services' configuration as {@code HOOKLINE_*} variables, exactly as a
   * deployment would set them, with loopback receivers allowed. {@code overrides} win.
   */
  public Phase phase(String name, Map<String, String> overrides) {
    phases++;
    Map<String, String> vars = new HashMap<>();
    vars.put("HOOKLINE_KAFKA_BOOTSTRAP", broker.bootstrapServers());
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
    broker.close();
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      Progress.say("could not delete %s: %s", dataDir, e);
    }
  }
}
