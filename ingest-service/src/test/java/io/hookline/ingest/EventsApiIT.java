package io.hookline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.schemas.Delivery;
import io.hookline.schemas.Json;
import io.hookline.testkit.KafkaCluster;
import io.hookline.testkit.WithKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Idempotent and batched event intake, on a real broker. */
@WithKafka
class EventsApiIT {
  private static KafkaCluster kafka;
  private static ApiFixture api;

  @BeforeAll
  static void start(KafkaCluster cluster) throws Exception {
    kafka = cluster;
    api = new ApiFixture(cluster, Map.of());
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void theSameIdempotencyKeyPostedTwiceGivesTheSameAnswerAndOneDelivery() {
    String endpointId = api.endpoint("i1", "");
    String body = "{\"tenant\":\"i1\",\"type\":\"order.created\",\"data\":{\"n\":1}}";
    Map<String, String> key = Map.of("Idempotency-Key", "order-1-created");

    ApiFixture.Answer first = api.send("POST", "/v1/events", body, key);
    ApiFixture.Answer again = api.send("POST", "/v1/events", body, key);
    // A later event proves the fan-out has moved past both copies.
    ApiFixture.Answer marker =
        api.post(
            "/v1/events",
            "{\"tenant\":\"i1\",\"type\":\"order.created\",\"id\":\"evt_marker\",\"data\":{}}");

    assertThat(first.status()).isEqualTo(202);
    assertThat(again.json().get("id").asText()).isEqualTo(first.json().get("id").asText());
    List<Delivery> deliveries = deliveriesOf(endpointId, "evt_marker");
    assertThat(deliveries)
        .extracting(Delivery::eventId)
        .containsOnlyOnce(first.json().get("id").asText());
    assertThat(marker.status()).isEqualTo(202);
  }

  @Test
  void aClientGivenEventIdPostedTwiceIsDeliveredOnce() {
    String endpointId = api.endpoint("i2", "");
    String body = "{\"tenant\":\"i2\",\"type\":\"a.b\",\"id\":\"evt_twice\",\"data\":{}}";

    api.post("/v1/events", body);
    api.post("/v1/events", body);
    api.post(
        "/v1/events", "{\"tenant\":\"i2\",\"type\":\"a.b\",\"id\":\"evt_marker2\",\"data\":{}}");

    assertThat(deliveriesOf(endpointId, "evt_marker2"))
        .extracting(Delivery::eventId)
        .containsOnlyOnce("evt_twice");
  }

  @Test
  void aBatchIsAcceptedWholeWithOneIdPerEvent() {
    String endpointId = api.endpoint("i3", "");

    ApiFixture.Answer a =
        api.post(
            "/v1/events/batch",
            "{\"events\":[{\"tenant\":\"i3\",\"type\":\"a.b\",\"data\":{\"n\":1}},"
                + "{\"tenant\":\"i3\",\"type\":\"a.c\",\"id\":\"evt_b2\",\"data\":{\"n\":2}}]}");

    assertThat(a.status()).isEqualTo(202);
    assertThat(a.json().get("data")).hasSize(2);
    assertThat(a.json().get("data").get(1).get("id").asText()).isEqualTo("evt_b2");
    assertThat(deliveriesOf(endpointId, "evt_b2")).hasSize(2);
  }

  @Test
  void aBatchWithOneBadEventIsRefusedWholeNamingItsField() {
    api.endpoint("i4", "");

    ApiFixture.Answer a =
        api.post(
            "/v1/events/batch",
            "{\"events\":[{\"tenant\":\"i4\",\"type\":\"a.b\",\"id\":\"evt_not_sent\",\"data\":{}},"
                + "{\"tenant\":\"i4\",\"type\":\"a..b\",\"data\":{}}]}");

    assertThat(a.status()).isEqualTo(400);
    assertThat(a.json().get("field").asText()).isEqualTo("events[1].type");
    assertThat(api.post("/v1/events/batch", "{\"events\":[]}").json().get("field").asText())
        .isEqualTo("events");
  }

  @Test
  void validateChecksAnEventLikeAPostButWritesNothing() {
    api.endpoint("i5", "");

    ApiFixture.Answer ok =
        api.post(
            "/v1/events/validate",
            "{\"tenant\":\"i5\",\"type\":\"a.b\",\"id\":\"evt_v\",\"data\":{}}");
    ApiFixture.Answer bad = api.post("/v1/events/validate", "{\"tenant\":\"i5\",\"type\":\"a.b\"}");

    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.json().get("id").asText()).isEqualTo("evt_v");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("field").asText()).isEqualTo("data");
    assertThat(
            kafka.readAll(kafka.topicPrefix() + "events", Duration.ofSeconds(10)).stream()
                .noneMatch(
                    r ->
                        new String(r.value(), java.nio.charset.StandardCharsets.UTF_8)
                            .contains("evt_v")))
        .isTrue();
  }

  private static List<Delivery> deliveriesOf(String endpointId, String untilEventId) {
    return kafka
        .readUntil(
            kafka.topicPrefix() + "deliveries",
            rs ->
                rs.stream()
                    .anyMatch(
                        r -> Json.read(r.value(), Delivery.class).eventId().equals(untilEventId)),
            Duration.ofSeconds(30))
        .stream()
        .map(r -> Json.read(r.value(), Delivery.class))
        .filter(d -> d.endpointId().equals(endpointId))
        .toList();
  }
}
