package io.hookline.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.standardwebhooks.Webhook;
import io.hookline.schemas.Attempt;
import io.hookline.schemas.AttemptOutcome;
import io.hookline.schemas.Delivery;
import io.hookline.schemas.Event;
import io.hookline.schemas.Json;
import io.hookline.testkit.KafkaCluster;
import io.hookline.testkit.ReceivedRequest;
import io.hookline.testkit.ReceiverRoute;
import io.hookline.testkit.TestReceiver;
import io.hookline.testkit.WithKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One real event, the whole way: API → Kafka → fan-out → dispatcher → signed HTTP POST. */
@WithKafka
class EndToEndIT {
  private static TestPipeline pipeline;
  private static TestReceiver receiver;
  private static ApiClient api;
  private static KafkaCluster kafka;

  @BeforeAll
  static void startPipeline(KafkaCluster cluster) throws Exception {
    kafka = cluster;
    receiver = TestReceiver.start();
    pipeline = TestPipeline.start(kafka, Map.of());
    api = pipeline.api();
  }

  @AfterAll
  static void stopPipeline() throws Exception {
    pipeline.close();
    receiver.close();
  }

  @Test
  void anEventPostedToTheApiArrivesSignedSoAnIndependentVerifierAcceptsIt() throws Exception {
    // An endpoint of tenant acme that takes order.* events; its secret is shown once.
    ReceiverRoute orders = receiver.onPath("/acme/orders");
    ApiClient.Answer created = api.createEndpoint("acme", orders.url(), "order.*");
    assertThat(created.status()).isEqualTo(201);
    String secret = created.body().get("secret").asText();
    String endpointId = created.body().get("id").asText();
    assertThat(secret).startsWith("whsec_");

    // The event is accepted once Kafka has it.
    ApiClient.Answer accepted =
        api.post(
            "/v1/events",
            "{\"tenant\":\"acme\",\"type\":\"order.created\",\"id\":\"evt_e2e_1\","
                + "\"timestamp\":\"2026-11-22T10:00:00Z\",\"data\":{\"orderId\":\"o_1\",\"total\":42}}");
    assertThat(accepted.status()).isEqualTo(202);
    assertThat(accepted.body().get("id").asText()).isEqualTo("evt_e2e_1");

    // The receiver gets exactly that body, signed per Standard Webhooks.
    ReceivedRequest request = orders.awaitCount(1, Duration.ofSeconds(30)).get(0);
    assertThat(request.path()).isEqualTo("/acme/orders");
    assertThat(request.bodyAsString())
        .isEqualTo(
            "{\"id\":\"evt_e2e_1\",\"type\":\"order.created\",\"timestamp\":\"2026-11-22T10:00:00Z\","
                + "\"data\":{\"orderId\":\"o_1\",\"total\":42}}");
    assertThat(request.header("webhook-id")).isEqualTo("evt_e2e_1");
    assertThat(request.header("content-type")).startsWith("application/json");
    assertThat(request.header("user-agent")).startsWith("Hookline/");
    assertThat(request.header("hookline-attempt")).isEqualTo("1");
    assertThat(request.header("hookline-event-type")).isEqualTo("order.created");
    assertThatCode(() -> new Webhook(secret).verify(request.bodyAsString(), request.headers()))
        .doesNotThrowAnyException();

    // And the attempt is on record.
    List<Attempt> attempts = attemptsOf(endpointId, 1);
    assertThat(attempts.get(0).outcome()).isEqualTo(AttemptOutcome.DELIVERED);
    assertThat(attempts.get(0).statusCode()).isEqualTo(200);
  }

  @Test
  void aFailingEndpointsDeliveryGoesToTheFirstRetryTierWithItsStatus() {
    receiver.onPath("/down").respondWith(500, "boom");
    String endpointId =
        api.createEndpoint("beta", receiver.url("/down"), "invoice.paid").body().get("id").asText();

    assertThat(
            api.post("/v1/events", "{\"tenant\":\"beta\",\"type\":\"invoice.paid\",\"data\":{}}")
                .status())
        .isEqualTo(202);

    List<ConsumerRecord<byte[], byte[]>> tier =
        kafka()
            .readUntil(
                pipeline.env().get("HOOKLINE_TOPIC_PREFIX").orElseThrow() + "retry-1s",
                records -> records.stream().anyMatch(r -> isFor(r, endpointId)),
                Duration.ofSeconds(30));
    Delivery retried =
        tier.stream()
            .filter(r -> isFor(r, endpointId))
            .map(r -> Json.read(r.value(), Delivery.class))
            .findFirst()
            .orElseThrow();
    assertThat(retried.attempt()).isEqualTo(1);
    assertThat(retried.lastStatus()).isEqualTo(500);
    assertThat(retried.lastError()).isEqualTo("HTTP 500");
    assertThat(retried.firstAttemptAt()).isNotNull();

    Attempt first = attemptsOf(endpointId, 1).get(0);
    assertThat(first.outcome()).isEqualTo(AttemptOutcome.RETRYING);
    assertThat(first.statusCode()).isEqualTo(500);
    assertThat(first.responseSnippet()).isEqualTo("boom");
    assertThat(first.next()).endsWith("retry-1s");
  }

  @Test
  void duringRotationBothSecretsSignAndAnIndependentVerifierAcceptsEither() throws Exception {
    ReceiverRoute route = receiver.onPath("/rotating");
    ApiClient.Answer created = api.createEndpoint("gamma", route.url());
    String id = created.body().get("id").asText();
    String oldSecret = created.body().get("secret").asText();
    String newSecret =
        api.post("/v1/endpoints/" + id + "/rotate-secret", "").body().get("secret").asText();

    api.post("/v1/events", "{\"tenant\":\"gamma\",\"type\":\"user.updated\",\"data\":{\"u\":1}}");

    ReceivedRequest request = route.awaitCount(1, Duration.ofSeconds(30)).get(0);
    assertThat(request.header("webhook-signature").split(" ")).hasSize(2);
    for (String secret : List.of(oldSecret, newSecret)) {
      assertThatCode(() -> new Webhook(secret).verify(request.bodyAsString(), request.headers()))
          .doesNotThrowAnyException();
    }
  }

  @Test
  void anEventProducedStraightToKafkaIsFannedOutLikeAPostedOne() throws Exception {
    ReceiverRoute route = receiver.onPath("/from-kafka");
    api.createEndpoint("delta", route.url(), "invoice.*");
    Event event =
        new Event(
            "evt_produced_1",
            "delta",
            "invoice.paid",
            java.time.Instant.parse("2026-11-22T09:00:00Z"),
            Json.mapper().createObjectNode().put("amount", 10),
            null,
            Map.of());

    try (var producer =
        new org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]>(
            kafka.producerProps())) {
      producer
          .send(
              new org.apache.kafka.clients.producer.ProducerRecord<>(
                  kafka.topicPrefix() + "events",
                  "delta".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                  Json.write(event)))
          .get();
    }

    ReceivedRequest request = route.awaitCount(1, Duration.ofSeconds(30)).get(0);
    assertThat(request.header("webhook-id")).isEqualTo("evt_produced_1");
    assertThat(request.bodyAsString())
        .isEqualTo(
            "{\"id\":\"evt_produced_1\",\"type\":\"invoice.paid\",\"timestamp\":\"2026-11-22T09:00:00Z\",\"data\":{\"amount\":10}}");
  }

  private static boolean isFor(ConsumerRecord<byte[], byte[]> r, String endpointId) {
    return new String(r.key(), java.nio.charset.StandardCharsets.UTF_8).equals(endpointId);
  }

  private static List<Attempt> attemptsOf(String endpointId, int atLeast) {
    return kafka()
        .readUntil(
            pipeline.env().get("HOOKLINE_TOPIC_PREFIX").orElseThrow() + "attempts",
            records -> records.stream().filter(r -> isFor(r, endpointId)).count() >= atLeast,
            Duration.ofSeconds(30))
        .stream()
        .filter(r -> isFor(r, endpointId))
        .map(r -> Json.read(r.value(), Attempt.class))
        .toList();
  }

  private static KafkaCluster kafka() {
    return kafka;
  }
}
