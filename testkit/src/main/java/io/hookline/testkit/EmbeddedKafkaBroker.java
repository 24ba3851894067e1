package io.hookline.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka (KRaft, combined broker and controller) running inside this JVM.
 *
 * <p>Configured so that everything Hookline uses works with one broker: consumer groups (classic
 * and the KIP-848 {@code consumer} protocol), transactions, compacted topics. It runs the latest
 * production metadata version, as a released broker would. Start takes about two seconds.
 *
 * <p>Thread-safe; {@link #close()} is idempotent.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

  /**
   * Extra listener for a fixed client port. The testkit pre-binds its own broker and controller
   * listeners to random ports whatever {@code listeners} says, so a fixed port needs a listener of
   * its own.
   */
  private static final String FIXED_PORT_LISTENER = "CLIENT";

  private static final Map<String, String> SINGLE_BROKER_CONFIG =
      Map.of(
          "offsets.topic.replication.factor", "1",
          "offsets.topic.num.partitions", "1",
          "transaction.state.log.replication.factor", "1",
          "transaction.state.log.min.isr", "1",
          "transaction.state.log.num.partitions", "1",
          "group.initial.rebalance.delay.ms", "0",
          "num.partitions", "1",
          "unstable.api.versions.enable", "false",
          "unstable.feature.versions.enable", "false");

  private final KafkaClusterTestKit cluster;
  private final String bootstrapServers;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedKafkaBroker(KafkaClusterTestKit cluster, String bootstrapServers) {
    this.cluster = cluster;
    this.bootstrapServers = bootstrapServers;
  }

  /**
   * Starts a broker and blocks until it accepts clients.
   *
   * @param port the client port on localhost, or 0 for any free port
   * @param logDir where the broker keeps its data; it must be absent or empty, and it is kept after
   *     {@link #close()}. {@code null} means a temporary directory, deleted on close.
   * @throws IllegalArgumentException if the port is out of range or {@code logDir} has content
   * @throws IllegalStateException if the broker does not start (for example, the port is taken)
   */
  public static EmbeddedKafkaBroker start(int port, Path logDir) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0 (any) or 1-65535, was " + port);
    }
    TestKitNodes.Builder nodes =
        new TestKitNodes.Builder(productionBootstrapMetadata())
            .setCombined(true)
            .setNumBrokerNodes(1)
            .setNumControllerNodes(1);
    if (logDir != null) {
      requireEmptyOrAbsent(logDir);
      nodes.setBaseDirectory(logDir);
    }
    long startedNanos = System.nanoTime();
    KafkaClusterTestKit cluster = build(nodes.build(), port, logDir == null);
    try {
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw startFailed(cluster, port, e);
    } catch (Exception e) {
      throw startFailed(cluster, port, e);
    }
    String bootstrap = port == 0 ? cluster.bootstrapServers() : "localhost:" + port;
    log.info(
        "Embedded Kafka broker ready at {} in {} ms (data in {})",
        bootstrap,
        (System.nanoTime() - startedNanos) / 1_000_000,
        cluster.nodes().baseDirectory());
    return new EmbeddedKafkaBroker(cluster, bootstrap);
  }

  /** The {@code bootstrap.servers} value for clients, e.g. {@code localhost:9092}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Stops the broker and waits for its threads to end. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      cluster.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while stopping the embedded broker", e);
    } catch (Exception e) {
      throw new IllegalStateException("Embedded broker did not stop cleanly", e);
    }
  }

  /**
   * The latest production metadata version with each feature at its default level for it, as {@code
   * kafka-storage format} sets up a released broker. The testkit's own default is the unreleased
   * testing version.
   */
  private static BootstrapMetadata productionBootstrapMetadata() {
    MetadataVersion version = MetadataVersion.latestProduction();
    Map<String, Short> featureLevels =
        Feature.PRODUCTION_FEATURES.stream()
            .collect(
                Collectors.toMap(Feature::featureName, feature -> feature.defaultLevel(version)));
    return BootstrapMetadata.fromVersions(version, featureLevels, "hookline-testkit");
  }

  private static KafkaClusterTestKit build(TestKitNodes nodes, int port, boolean deleteOnClose) {
    KafkaClusterTestKit.Builder builder =
        new KafkaClusterTestKit.Builder(nodes).setDeleteOnClose(deleteOnClose);
    SINGLE_BROKER_CONFIG.forEach(builder::setConfigProp);
    if (port > 0) {
      String broker = nodes.brokerListenerName().value();
      String controller = nodes.controllerListenerName().value();
      builder.setConfigProp(
          "listeners",
          "%s://localhost:0,%s://localhost:0,%s://localhost:%d"
              .formatted(broker, controller, FIXED_PORT_LISTENER, port));
      builder.setConfigProp(
          "listener.security.protocol.map",
          "%s:PLAINTEXT,%s:PLAINTEXT,%s:PLAINTEXT"
              .formatted(broker, controller, FIXED_PORT_LISTENER));
    }
    try {
      return builder.build();
    } catch (Exception e) {
      throw new IllegalStateException("Could not configure the embedded broker", e);
    }
  }

  private static IllegalStateException startFailed(
      KafkaClusterTestKit cluster, int port, Exception cause) {
    IllegalStateException failure =
        new IllegalStateException(
            "Embedded Kafka broker did not start" + (port > 0 ? " on port " + port : ""), cause);
    try {
      cluster.close();
    } catch (Exception closeFailure) {
      failure.addSuppressed(closeFailure);
    }
    return failure;
  }

  private static void requireEmptyOrAbsent(Path logDir) {
    if (!Files.exists(logDir)) {
      return;
    }
    try (Stream<Path> entries = Files.list(logDir)) {
      if (entries.findAny().isPresent()) {
        throw new IllegalArgumentException(
            "logDir must be absent or empty (the broker formats it): " + logDir);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read logDir " + logDir, e);
    }
  }
}
