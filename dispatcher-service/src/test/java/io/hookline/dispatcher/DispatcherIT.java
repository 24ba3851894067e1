package io.hookline.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.core.config.Env;
import io.hookline.core.crypto.SecretBox;
import io.hookline.core.signing.WebhookSecret;
import io.hookline.schemas.DeadLetter;
import io.hookline.schemas.DeadLetterReason;
import io.hookline.schemas.Delivery;
import io.hookline.schemas.Endpoint;
import io.hookline.schemas.EndpointSecret;
import io.hookline.schemas.Json;
import io.hookline.testkit.KafkaCluster;
import io.hookline.testkit.ReceiverRoute;
import io.hookline.testkit.TestReceiver;
import io.hookline.testkit.WithKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dispatcher on a real broker: what it does with records it cannot or must not deliver. */
@WithKafka
class DispatcherIT {
  private static final String MASTER_KEY = SecretBox.generateMasterKey();
  private static KafkaCluster kafka;
  private static DispatcherService dispatcher;
  private static TestReceiver receiver;
  private static KafkaProducer<byte[], byte[]> producer;

  @BeforeAll
  static void start(KafkaCluster cluster) throws Exception {
    kafka = cluster;
    receiver = TestReceiver.start();
    dispatcher =
        DispatcherService.start(
            DispatcherConfig.fromEnv(
                Env.of(
                    Map.of(
                        "HOOKLINE_KAFKA_BOOTSTRAP", cluster.bootstrapServers(),
                        "HOOKLINE_TOPIC_PREFIX", cluster.topicPrefix(),
                        "HOOKLINE_TOPIC_PARTITIONS", "2",
                        "HOOKLINE_RETRY_TIERS", "1s,2s",
                        "HOOKLINE_HTTP_HOST", "127.0.0.1",
                        "HOOKLINE_HTTP_PORT", "0",
                        "HOOKLINE_MASTER_KEY", MASTER_KEY,
                        "HOOKLINE_DISPATCH_ALLOWED_NETWORKS", "127.0.0.0/8"))));
    producer = new KafkaProducer<>(cluster.producerProps());
  }

  @AfterAll
  static void stop() {
    producer.close();
    dispatcher.close();
    receiver.close();
  }

  @Test
  void aPoisonRecordGoesToTheDlqWithItsBytesAndTheNextRecordIsStillDelivered() throws Exception {
    ReceiverRoute route = receiver.onPath("/poison-neighbour");
    String endpointId = writeEndpoint("ep_p", route.url(), true);
    byte[] poison = "{\"id\":\"dlv_broken\"".getBytes(StandardCharsets.UTF_8);

    send("deliveries", endpointId, poison);
    send("deliveries", endpointId, Json.write(delivery("dlv_ok", "evt_ok", endpointId)));

    assertThat(route.awaitCount(1, Duration.ofSeconds(30)).get(0).header("webhook-id"))
        .isEqualTo("evt_ok");
    DeadLetter dead = deadLetterFor(endpointId, DeadLetterReason.POISON);
    assertThat(dead.originalBytesDecoded()).isEqualTo(poison);
    assertThat(dead.source().topic()).isEqualTo(kafka.topicPrefix() + "deliveries");
    assertThat(dead.lastError()).contains("malformed JSON");
  }

  @Test
  void aDeliveryForADeletedEndpointGoesToTheDlqUnsent() throws Exception {
    send("deliveries", "ep_never", Json.write(delivery("dlv_gone", "evt_gone", "ep_never")));

    DeadLetter dead = deadLetterFor("ep_never", DeadLetterReason.ENDPOINT_DELETED);
    assertThat(dead.delivery().id()).isEqualTo("dlv_gone");
    assertThat(dead.attempts()).isZero();
  }

  @Test
  void aDeliveryForADisabledEndpointGoesToTheDlqUnsentForLaterReplay() throws Exception {
    ReceiverRoute route = receiver.onPath("/disabled");
    String endpointId = writeEndpoint("ep_off", route.url(), false);

    send("deliveries", endpointId, Json.write(delivery("dlv_off", "evt_off", endpointId)));

    DeadLetter dead = deadLetterFor(endpointId, DeadLetterReason.ENDPOINT_DISABLED);
    assertThat(dead.delivery().id()).isEqualTo("dlv_off");
    assertThat(route.count()).isZero();
  }

  private static String writeEndpoint(String id, String url, boolean enabled) throws Exception {
    Instant now = Instant.now();
    String sealed = SecretBox.fromMasterKey(MASTER_KEY).seal(WebhookSecret.generate().reveal(), id);
    Endpoint endpoint =
        new Endpoint(
            id,
            "acme",
            url,
            "",
            List.of(),
            List.of(new EndpointSecret(sealed, now, null)),
            null,
            null,
            null,
            Map.of(),
            enabled,
            enabled ? null : "switched off",
            now,
            now);
    // No waiting here: a delivery that arrives before the dispatcher has read its endpoint must
    // still find it.
    send("endpoints", id, Json.write(endpoint));
    return id;
  }

  private static Delivery delivery(String id, String eventId, String endpointId) {
    return Delivery.fresh(
        id,
        eventId,
        endpointId,
        "acme",
        "order.created",
        "{\"id\":\"" + eventId + "\",\"type\":\"order.created\",\"data\":{}}",
        Instant.now());
  }

  private static void send(String topic, String key, byte[] value) throws Exception {
    producer
        .send(
            new ProducerRecord<>(
                kafka.topicPrefix() + topic, key.getBytes(StandardCharsets.UTF_8), value))
        .get();
  }

  private static DeadLetter deadLetterFor(String endpointId, DeadLetterReason reason) {
    return kafka
        .readUntil(
            kafka.topicPrefix() + "dlq",
            rs -> rs.stream().anyMatch(r -> matches(r.key(), r.value(), endpointId, reason)),
            Duration.ofSeconds(30))
        .stream()
        .filter(r -> matches(r.key(), r.value(), endpointId, reason))
        .map(r -> Json.read(r.value(), DeadLetter.class))
        .findFirst()
        .orElseThrow();
  }

  private static boolean matches(
      byte[] key, byte[] value, String endpointId, DeadLetterReason reason) {
    return key != null
        && new String(key, StandardCharsets.UTF_8).equals(endpointId)
        && Json.read(value, DeadLetter.class).reason() == reason;
  }
}
