package io.hookline.dispatcher;

import io.hookline.core.config.Env;
import io.hookline.core.crypto.SecretBox;
import io.hookline.core.signing.WebhookSecret;
import io.hookline.schemas.Attempt;
import io.hookline.schemas.DeadLetter;
import io.hookline.schemas.DeadLetterReason;
import io.hookline.schemas.Delivery;
import io.hookline.schemas.Endpoint;
import io.hookline.schemas.EndpointSecret;
import io.hookline.schemas.Json;
import io.hookline.schemas.RateLimit;
import io.hookline.testkit.KafkaCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What dispatcher tests share: the environment a dispatcher reads, endpoints written straight to
 * the endpoints topic (as the ingest-service would), deliveries produced straight to the deliveries
 * topic (as the fan-out would), and readers of what the dispatcher wrote.
 */
final class DispatchFixture implements AutoCloseable {
  final String masterKey = SecretBox.generateMasterKey();
  final KafkaCluster kafka;
  final String prefix;
  private final KafkaProducer<byte[], byte[]> producer;

  DispatchFixture(KafkaCluster kafka, String prefix) {
    this.kafka = kafka;
    this.prefix = prefix;
    this.producer = new KafkaProducer<>(kafka.producerProps());
  }

  Map<String, String> env(Map<String, String> overrides) {
    Map<String, String> vars = new HashMap<>();
    vars.put("HOOKLINE_KAFKA_BOOTSTRAP", kafka.bootstrapServers());
    vars.put("HOOKLINE_TOPIC_PREFIX", prefix);
    vars.put("HOOKLINE_TOPIC_PARTITIONS", "2");
    vars.put("HOOKLINE_RETRY_TIERS", "1s,2s");
    vars.put("HOOKLINE_HTTP_HOST", "127.0.0.1");
    vars.put("HOOKLINE_HTTP_PORT", "0");
    vars.put("HOOKLINE_MASTER_KEY", masterKey);
    vars.put("HOOKLINE_DISPATCH_ALLOWED_NETWORKS", "127.0.0.0/8");
    vars.putAll(overrides);
    return vars;
  }

  DispatcherService startDispatcher(Map<String, String> overrides) throws Exception {
    return DispatcherService.start(DispatcherConfig.fromEnv(Env.of(env(overrides))));
  }

  String writeEndpoint(String id, String url) {
    return writeEndpoint(id, url, true, null, null);
  }

  /** Writes an endpoint as the ingest-service would; no waiting for any reader. */
  String writeEndpoint(
      String id, String url, boolean enabled, RateLimit rateLimit, Integer maxInFlight) {
    Instant now = Instant.now();
    String sealed = SecretBox.fromMasterKey(masterKey).seal(WebhookSecret.generate().reveal(), id);
    Endpoint endpoint =
        new Endpoint(
            id,
            "acme",
            url,
            "",
            List.of(),
            List.of(new EndpointSecret(sealed, now, null)),
            rateLimit,
            maxInFlight,
            null,
            Map.of(),
            enabled,
            enabled ? null : "switched off",
            now,
            now);
    send("endpoints", id, Json.write(endpoint));
    return id;
  }

  /** Produces a fresh delivery of event {@code eventId} to {@code endpointId}. */
  void deliver(String endpointId, String eventId) {
    Delivery d =
        Delivery.fresh(
            "dlv_" + eventId,
            eventId,
            endpointId,
            "acme",
            "order.created",
            "{\"id\":\"" + eventId + "\",\"type\":\"order.created\",\"data\":{}}",
            Instant.now(),
            Instant.now());
    send("deliveries", endpointId, Json.write(d));
  }

  void send(String topic, String key, byte[] value) {
    try {
      producer
          .send(new ProducerRecord<>(prefix + topic, key.getBytes(StandardCharsets.UTF_8), value))
          .get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  void flush() {
    producer.flush();
  }

  DeadLetter deadLetterFor(String endpointId, DeadLetterReason reason) {
    return read("dlq", endpointId, DeadLetter.class, d -> d.reason() == reason, 1).get(0);
  }

  List<Attempt> attemptsOf(String endpointId, int atLeast) {
    return read("attempts", endpointId, Attempt.class, a -> true, atLeast);
  }

  /** Records of {@code topic} keyed {@code key} matching {@code filter}, once there are enough. */
  <T> List<T> read(String topic, String key, Class<T> type, Predicate<T> filter, int atLeast) {
    Predicate<ConsumerRecord<byte[], byte[]>> mine =
        r ->
            r.key() != null
                && new String(r.key(), StandardCharsets.UTF_8).equals(key)
                && filter.test(Json.read(r.value(), type));
    return kafka
        .readUntil(
            prefix + topic,
            rs -> rs.stream().filter(mine).count() >= atLeast,
            Duration.ofSeconds(30))
        .stream()
        .filter(mine)
        .map(r -> Json.read(r.value(), type))
        .toList();
  }

  @Override
  public void close() {
    producer.close();
  }
}
