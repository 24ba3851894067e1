package io.hookline.bench.harness;

import io.hookline.core.crypto.SecretBox;
import io.hookline.core.kafka.KafkaClients;
import io.hookline.core.signing.WebhookSecret;
import io.hookline.schemas.Endpoint;
import io.hookline.schemas.EndpointSecret;
import io.hookline.schemas.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One endpoint of a benchmark: endpoint {@code index} belongs to its own tenant {@code t<index>},
 * so the fan-out matches each event to exactly one endpoint.
 *
 * @param secret the signing secret in clear, for the references that sign their own requests
 */
public record BenchEndpoint(int index, String id, String tenant, String url, WebhookSecret secret) {

  public static String tenantOf(int index) {
    return "t" + index;
  }

  /**
   * Writes one endpoint per receiver endpoint straight to the phase's endpoints topic (as the
   * ingest API would, secret sealed with the master key), at the receiver's current URLs, and waits
   * for Kafka to acknowledge them all.
   */
  public static List<BenchEndpoint> writeAll(Phase phase, Receiver receiver) throws Exception {
    return writeAll(phase, receiver, receiver.endpoints());
  }

  /** {@link #writeAll}, for the receiver's first {@code count} endpoints only. */
  public static List<BenchEndpoint> writeAll(Phase phase, Receiver receiver, int count)
      throws Exception {
    SecretBox box = phase.secretBox();
    Instant now = Instant.now();
    List<BenchEndpoint> out = new ArrayList<>();
    List<Future<?>> acks = new ArrayList<>();
    try (KafkaProducer<String, byte[]> producer =
        KafkaClients.producer(phase.kafka(), "bench-endpoints")) {
      for (int i = 0; i < count; i++) {
        String id = "ep_" + phase.tag() + "_" + i;
        WebhookSecret secret = WebhookSecret.generate();
        Endpoint endpoint =
            sealed(
                box,
                id,
                tenantOf(i),
                receiver.url(i),
                "bench endpoint " + i + " (" + receiver.behaviour(i) + ")",
                List.of(),
                secret,
                now);
        acks.add(
            producer.send(
                new ProducerRecord<>(phase.topics().endpoints(), id, Json.write(endpoint))));
        out.add(new BenchEndpoint(i, id, tenantOf(i), receiver.url(i), secret));
      }
      for (Future<?> ack : acks) {
        ack.get();
      }
    }
    return out;
  }

  /**
   * An enabled endpoint as the ingest API stores it: {@code secret} sealed under the master key, no
   * rate limit, default in-flight cap and timeout.
   */
  public static Endpoint sealed(
      SecretBox box,
      String id,
      String tenant,
      String url,
      String description,
      List<String> eventTypes,
      WebhookSecret secret,
      Instant now) {
    return new Endpoint(
        id,
        tenant,
        url,
        description,
        eventTypes,
        List.of(new EndpointSecret(box.seal(secret.reveal(), id), now, null)),
        null,
        null,
        null,
        Map.of(),
        true,
        null,
        now,
        now);
  }
}
