package io.hookline.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookline.testkit.KafkaCluster;
import io.hookline.testkit.ReceiverRoute;
import io.hookline.testkit.Response;
import io.hookline.testkit.TestReceiver;
import io.hookline.testkit.WithKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * "Did my webhook arrive, and what did the endpoint answer?" through the whole pipeline: the status
 * routes read what the dispatcher and retry-service recorded. Tiers 1s,10s: a failing endpoint gets
 * three attempts, then the DLQ. The 10 s tier keeps a failing delivery {@code retrying} for about
 * 11 s, long enough to be seen however far the status view lags on a loaded machine.
 */
@WithKafka
class DeliveryStatusIT {
  private static TestPipeline pipeline;
  private static TestReceiver receiver;

  @BeforeAll
  static void start(KafkaCluster cluster) throws Exception {
    receiver = TestReceiver.start();
    pipeline = TestPipeline.start(cluster, Map.of("HOOKLINE_RETRY_TIERS", "1s,10s"));
    // Every status partition answers: the view reads attempts as they are written from now on.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> pipeline.api().get("/v1/stats").status() == 200);
  }

  @AfterAll
  static void stop() throws Exception {
    pipeline.close();
    receiver.close();
  }

  @Test
  void anEventShowsTheDeliveredAttemptAndTheFailingOneRetryingThenDead() {
    ApiClient api = pipeline.api();
    ReceiverRoute ok = receiver.onPath("/ok").respondWith(200, "thanks");
    ReceiverRoute failing = receiver.onPath("/failing").respondWith(503, "down for maintenance");
    String okId = api.createEndpoint("d1", ok.url()).body().get("id").asText();
    String failingId = api.createEndpoint("d1", failing.url()).body().get("id").asText();

    api.post(
        "/v1/events", "{\"tenant\":\"d1\",\"type\":\"order.paid\",\"id\":\"evt_d1\",\"data\":{}}");

    // First the failing delivery is seen waiting for a retry...
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> "retrying".equals(stateOf(api.get("/v1/events/evt_d1"), failingId)));
    // ...then, after the last tier (10 s), dead; the other endpoint has had it all along.
    await()
        .atMost(Duration.ofSeconds(45))
        .until(() -> "dead".equals(stateOf(api.get("/v1/events/evt_d1"), failingId)));
    JsonNode event = api.get("/v1/events/evt_d1").body();

    JsonNode delivered = delivery(event, okId);
    assertThat(delivered.get("state").asText()).isEqualTo("delivered");
    JsonNode success = delivered.get("attempts").get(0);
    assertThat(success.get("statusCode").asInt()).isEqualTo(200);
    assertThat(success.get("durationMs").asLong()).isGreaterThanOrEqualTo(0);
    assertThat(success.get("responseSnippet").asText()).isEqualTo("thanks");
    assertThat(success.get("outcome").asText()).isEqualTo("delivered");

    JsonNode dead = delivery(event, failingId);
    assertThat(dead.get("attempts"))
        .extracting(a -> a.get("outcome").asText())
        .containsExactly("retrying", "retrying", "dead");
    assertThat(dead.get("attempts")).extracting(a -> a.get("statusCode").asInt()).containsOnly(503);
    assertThat(dead.get("attempts").get(0).get("responseSnippet").asText())
        .isEqualTo("down for maintenance");
    assertThat(dead.get("deadLetter").get("reason").asText()).isEqualTo("exhausted");
    assertThat(event.get("states").get("delivered").asInt()).isEqualTo(1);
    assertThat(event.get("states").get("dead").asInt()).isEqualTo(1);
  }

  @Test
  void anEndpointsAttemptsFilterByOutcomeAndTheStatsCountThem() {
    ApiClient api = pipeline.api();
    ReceiverRoute flaky = receiver.onPath("/flaky");
    java.util.concurrent.atomic.AtomicInteger calls =
        new java.util.concurrent.atomic.AtomicInteger();
    flaky.respondWith(r -> calls.incrementAndGet() == 1 ? Response.status(500) : Response.ok());
    String id = api.createEndpoint("d2", flaky.url()).body().get("id").asText();

    Instant posted = Instant.now();
    api.post("/v1/events", "{\"tenant\":\"d2\",\"type\":\"a.b\",\"id\":\"evt_d2\",\"data\":{}}");
    Instant acknowledged = Instant.now();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> "delivered".equals(stateOf(api.get("/v1/events/evt_d2"), id)));
    ApiClient.Answer all = api.get("/v1/endpoints/" + id + "/attempts");
    ApiClient.Answer retrying = api.get("/v1/endpoints/" + id + "/attempts?outcome=retrying");
    ApiClient.Answer stats = api.get("/v1/stats?tenant=d2");

    assertThat(all.body().get("data"))
        .extracting(a -> a.get("outcome").asText())
        .containsExactly("delivered", "retrying");
    assertThat(retrying.body().get("data")).hasSize(1);
    assertThat(retrying.body().get("data").get(0).get("statusCode").asInt()).isEqualTo(500);
    assertThat(retrying.body().get("data").get(0).get("eventId").asText()).isEqualTo("evt_d2");
    JsonNode s = stats.body();
    assertThat(s.get("attempts").get("delivered").asLong()).isEqualTo(1);
    assertThat(s.get("attempts").get("retrying").asLong()).isEqualTo(1);
    assertThat(s.get("attempts").get("successRate").asDouble()).isEqualTo(0.5);
    assertThat(s.get("deliveries").get("delivered").asLong()).isEqualTo(1);
    assertThat(s.get("requestDurationMs").get("count").asLong()).isEqualTo(2);
    // From the event's acceptance (between the POST and its 202) to the end of the successful
    // attempt, within the histogram's 2 %: at least the 1 s tier.
    JsonNode success = all.body().get("data").get(0);
    long end =
        Instant.parse(success.get("startedAt").asText()).toEpochMilli()
            + success.get("durationMs").asLong();
    long latency = s.get("deliveryLatencyMs").get("p50").asLong();
    assertThat(latency).isGreaterThanOrEqualTo(1000);
    assertThat((double) latency)
        .isBetween(
            0.98 * (end - acknowledged.toEpochMilli()) - 1,
            1.02 * (end - posted.toEpochMilli()) + 1);
  }

  private static String stateOf(ApiClient.Answer answer, String endpointId) {
    if (answer.status() != 200) {
      return null;
    }
    JsonNode d = delivery(answer.body(), endpointId);
    return d == null ? null : d.get("state").asText();
  }

  private static JsonNode delivery(JsonNode event, String endpointId) {
    for (JsonNode d : event.get("deliveries")) {
      if (d.get("endpointId").asText().equals(endpointId)) {
        return d;
      }
    }
    return null;
  }
}
