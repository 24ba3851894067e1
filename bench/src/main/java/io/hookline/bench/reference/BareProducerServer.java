package io.hookline.bench.reference;

import io.hookline.bench.harness.Phase;
import io.hookline.core.http.HttpHost;
import io.hookline.core.http.HttpServerConfig;
import io.hookline.core.http.Router;
import io.hookline.core.kafka.KafkaClients;
import io.hookline.ingest.IngestConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

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
    Duration ackTimeout = IngestConfig.DEFAULT_ACK_TIMEOUT;
    int maxBytes = IngestConfig.DEFAULT_MAX_PAYLOAD_BYTES;
    Router routes = new Router();
    routes.add(
        "POST",
        "/v1/events",
        call -> {
          byte[] body = call.body(maxBytes);
          try {
            producer
                .send(new ProducerRecord<>(topic, "bench-api", body))
                .get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
          } catch (InterruptedException | ExecutionException | TimeoutException e) {
            if (e instanceof InterruptedException) {
              Thread.currentThread().interrupt();
            }
            call.respond(503, Map.of("error", "unavailable", "message", e.toString()));
            return;
          }
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
