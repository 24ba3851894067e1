package io.hookline.testkit;

import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The one broker of a test JVM and its shared admin client. Kept in JUnit's root store, which
 * closes it once when the test run ends.
 *
 * <p>Thread-safe.
 */
final class SharedKafka implements AutoCloseable {

  /** System property choosing the broker: {@code embedded}, {@code testcontainers} or auto. */
  static final String BROKER_PROPERTY = "hookline.testkit.broker";

  static final String KAFKA_IMAGE = "apache/kafka:4.3.1";

  private static final Logger log = LoggerFactory.getLogger(SharedKafka.class);

  private final String kind;
  private final String bootstrapServers;
  private final AutoCloseable broker;
  private Admin admin;

  private SharedKafka(String kind, String bootstrapServers, AutoCloseable broker) {
    this.kind = kind;
    this.bootstrapServers = bootstrapServers;
    this.broker = broker;
  }

  /**
   * Starts the broker {@value #BROKER_PROPERTY} asks for; without the property, a Testcontainers
   * broker when a Docker engine is available and the embedded one otherwise. Blocks until ready.
   */
  static SharedKafka start() {
    String requested = System.getProperty(BROKER_PROPERTY, "").trim().toLowerCase(Locale.ROOT);
    return switch (requested) {
      case "embedded" -> embedded(BROKER_PROPERTY + "=embedded");
      case "testcontainers" -> container(BROKER_PROPERTY + "=testcontainers");
      case "", "auto" ->
          DockerClientFactory.instance().isDockerAvailable()
              ? container("a Docker engine is available")
              : embedded("no Docker engine is available");
      default ->
          throw new IllegalArgumentException(
              "Unknown %s=%s; use embedded, testcontainers or leave it unset"
                  .formatted(BROKER_PROPERTY, requested));
    };
  }

  private static SharedKafka embedded(String reason) {
    log.info("Hookline testkit: starting an embedded KRaft broker ({})", reason);
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, null);
    return new SharedKafka("embedded", broker.bootstrapServers(), broker);
  }

  private static SharedKafka container(String reason) {
    log.info("Hookline testkit: starting the {} container ({})", KAFKA_IMAGE, reason);
    long startedNanos = System.nanoTime();
    KafkaContainer container = new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE));
    container.start();
    log.info(
        "Hookline testkit: Kafka container ready at {} in {} ms",
        container.getBootstrapServers(),
        (System.nanoTime() - startedNanos) / 1_000_000);
    return new SharedKafka("testcontainers", container.getBootstrapServers(), container);
  }

  String bootstrapServers() {
    return bootstrapServers;
  }

  /** Created on first use; closed with this broker. */
  synchronized Admin admin() {
    if (admin == null) {
      admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }
    return admin;
  }

  @Override
  public void close() {
    log.info("Hookline testkit: stopping the {} broker at {}", kind, bootstrapServers);
    synchronized (this) {
      if (admin != null) {
        admin.close();
      }
    }
    try {
      broker.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while stopping the " + kind + " broker", e);
    } catch (Exception e) {
      throw new IllegalStateException("The " + kind + " broker did not stop cleanly", e);
    }
  }
}
