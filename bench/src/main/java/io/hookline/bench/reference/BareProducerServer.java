package io.hookline.bench.reference;

import io.hookline.bench.harness.Phase;
import io.hookline.core.http.HttpHost;
import io.hookline.core.http.HttpServerConfig;
import io.hookline.core.http.Router;
import io.hookline.core.kafka.KafkaClients;
import io.hookline.ingest.IngestConfig;
import io.hookline.ingest.http.KafkaWriter;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The ingest API's reference: the same HTTP server (core's {@link HttpHost}, the phase's limits) in
 * front of a bare producer with Hookline's producer settings (acks=all, idempotent, the same linger
 * and compression). {@code POST /v1/events} writes the body as it came to a topic of the phase and
 * answers 202 once Kafka acknowledged it. No auth, no parsing, no validation, no id: what is left
 * between it and {@code POST /v1/events} is Hookline's own work.
 */
public final class BareProducerServer implements AutoCloseable {
  private final KafkaProducer<String, byte[]> producer;
  private final HttpHost http;

  private BareProducerServer(KafkaProducer<String, byte[]> producer, HttpHost http) {
    this.producer = producer;
    this.http = http;
  }

  /** Starts it on a free loopback port, writing to {@code topic}. */
  public static BareProducerServer start(Phase phase, String topic) throws IOException {
    KafkaProducer<String, byte[]> producer =
        KafkaClients.producer(phase.kafka(), "bench-bare-producer-" + phase.tag());
    // The ingest-service's own wait for the acknowledgement (same timeout, same 503), nothing more.
    KafkaWriter writer = new KafkaWriter(producer, IngestConfig.DEFAULT_ACK_TIMEOUT);
    int maxBytes = IngestConfig.DEFAULT_MAX_PAYLOAD_BYTES;
    Router routes = new Router();
    routes.add(
        "POST",
        "/v1/events",
        call -> {
          writer.write(topic, "bench-api", call.body(maxBytes));
          call.respond(202, Map.of("status", "accepted"));
        });
    try {
      HttpHost http = HttpHost.start(HttpServerConfig.fromEnv(phase.env(), 0), routes);
      return new BareProducerServer(producer, http);
    } catch (IOException | RuntimeException e) {
      producer.close();
      throw e;
    }
  }

  public int port() {
    return http.port();
  }

  @Override
  public void close() {
    http.close();
    producer.close(Duration.ofSeconds(10));
  }
}
