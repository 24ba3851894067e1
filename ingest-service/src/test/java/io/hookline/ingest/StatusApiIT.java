package io.hookline.ingest;

import static io.hookline.ingest.StatusRecords.attempt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookline.schemas.AttemptOutcome;
import io.hookline.schemas.DeadLetterReason;
import io.hookline.testkit.KafkaCluster;
import io.hookline.testkit.WithKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The delivery status routes of one ingest-service, fed with attempt records and dead letters
 * written straight to the topics (as the dispatcher and retry-service write them).
 */
@WithKafka
class StatusApiIT {
  private static final int KEEP = 5;
  private static final String PEER_TOKEN = "status-peer-token-of-its-own";
  private static ApiFixture api;
  private static StatusRecords records;

  @BeforeAll
  static void start(KafkaCluster cluster) throws Exception {
    api =
        new ApiFixture(
            cluster,
            Map.of(
                "HOOKLINE_STATUS_ATTEMPTS_PER_ENDPOINT",
                String.valueOf(KEEP),
                "HOOKLINE_STATUS_PEER_TOKEN",
                PEER_TOKEN));
    records = new StatusRecords(cluster);
  }

  @AfterAll
  static void stop() {
    records.close();
    api.close();
  }

  /** Polls {@code path} until it answers {@code status} (the stores may still be starting). */
  private static ApiFixture.Answer awaitAnswer(String path, int status) {
    return awaitAnswer(() -> api.get(path), status);
  }

  private static ApiFixture.Answer awaitAnswer(Supplier<ApiFixture.Answer> ask, int status) {
    List<ApiFixture.Answer> last = new ArrayList<>(1);
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              last.clear();
              last.add(ask.get());
              return last.get(0).status() == status;
            });
    return last.get(0);
  }

  @Test
  void anEventShowsEachDeliveryWithItsStateAndAttempts() {
    Instant t = Instant.now();
    // A record nobody can read comes first: the view skips it and carries on.
    records.sendGarbage("ep_s1a");
    records.send(attempt("s1", "evt_s1", "ep_s1a", 1, t, 35, AttemptOutcome.RETRYING, 503));
    records.send(
        attempt("s1", "evt_s1", "ep_s1a", 2, t.plusSeconds(1), 42, AttemptOutcome.DELIVERED, 200));
    records.send(attempt("s1", "evt_s1", "ep_s1b", 1, t, 7, AttemptOutcome.DEAD, 410));
    records.send(
        StatusRecords.deadLetter(
            "s1", "evt_s1", "ep_s1b", DeadLetterReason.ENDPOINT_GONE, t.plusMillis(10)));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              ApiFixture.Answer a = api.get("/v1/events/evt_s1");
              assertThat(a.status()).isEqualTo(200);
              assertThat(a.json().get("deliveries")).hasSize(2);
              assertThat(a.json().get("deliveries").get(0).get("attempts")).hasSize(2);
            });
    JsonNode event = api.get("/v1/events/evt_s1").json();

    assertThat(event.get("tenant").asText()).isEqualTo("s1");
    assertThat(event.get("states").get("delivered").asInt()).isEqualTo(1);
    assertThat(event.get("states").get("dead").asInt()).isEqualTo(1);
    JsonNode delivered = event.get("deliveries").get(0);
    assertThat(delivered.get("endpointId").asText()).isEqualTo("ep_s1a");
    assertThat(delivered.get("state").asText()).isEqualTo("delivered");
    JsonNode retried = delivered.get("attempts").get(0);
    assertThat(retried.get("outcome").asText()).isEqualTo("retrying");
    assertThat(retried.get("statusCode").asInt()).isEqualTo(503);
    assertThat(retried.get("error").asText()).isEqualTo("HTTP 503");
    assertThat(retried.get("next").asText()).isEqualTo("retry-1s");
    JsonNode success = delivered.get("attempts").get(1);
    assertThat(success.get("statusCode").asInt()).isEqualTo(200);
    assertThat(success.get("durationMs").asLong()).isEqualTo(42);
    assertThat(success.get("responseSnippet").asText()).isEqualTo("ok");
    assertThat(Instant.parse(success.get("startedAt").asText())).isEqualTo(t.plusSeconds(1));
    JsonNode dead = event.get("deliveries").get(1);
    assertThat(dead.get("state").asText()).isEqualTo("dead");
    assertThat(dead.get("deadLetter").get("reason").asText()).isEqualTo("endpoint-gone");
  }

  @Test
  void anUnknownEventIsA404InTheApiErrorShape() {
    ApiFixture.Answer a = awaitAnswer("/v1/events/evt_never_sent", 404);

    assertThat(a.json().get("error").asText()).isEqualTo("not_found");
    assertThat(a.json().get("message").asText()).contains("evt_never_sent");
  }

  @Test
  void anEndpointListsItsLastAttemptsNewestFirstFilteredByOutcome() {
    Instant t = Instant.now();
    AttemptOutcome[] outcomes = {
      AttemptOutcome.DEAD,
      AttemptOutcome.DELIVERED,
      AttemptOutcome.RETRYING,
      AttemptOutcome.DEAD,
      AttemptOutcome.DELIVERED,
      AttemptOutcome.THROTTLED,
      AttemptOutcome.DEAD
    };
    for (int i = 0; i < outcomes.length; i++) {
      records.send(
          attempt("s3", "evt_s3_" + i, "ep_s3", 1, t.plusMillis(i), i, outcomes[i], 200 + i));
    }

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonNode data = api.get("/v1/endpoints/ep_s3/attempts").json().get("data");
              assertThat(data).isNotNull().isNotEmpty();
              assertThat(data.get(0).get("eventId").asText()).isEqualTo("evt_s3_6");
            });
    ApiFixture.Answer all = api.get("/v1/endpoints/ep_s3/attempts");
    ApiFixture.Answer dead = api.get("/v1/endpoints/ep_s3/attempts?outcome=dead");
    ApiFixture.Answer two = api.get("/v1/endpoints/ep_s3/attempts?limit=2");

    // Only the last KEEP are kept: evt_s3_2 .. evt_s3_6, newest first.
    assertThat(all.json().get("data"))
        .extracting(n -> n.get("eventId").asText())
        .containsExactly("evt_s3_6", "evt_s3_5", "evt_s3_4", "evt_s3_3", "evt_s3_2");
    assertThat(all.header("Hookline-Served-By")).isEqualTo(api.peerBase);
    assertThat(dead.json().get("data"))
        .extracting(n -> n.get("eventId").asText())
        .containsExactly("evt_s3_6", "evt_s3_3");
    assertThat(two.json().get("data")).hasSize(2);
    assertThat(all.json().get("data").get(0).get("outcome").asText()).isEqualTo("dead");
  }

  @Test
  void badFiltersAndUnknownEndpointsAreRefusedNamingTheField() {
    ApiFixture.Answer unknown = awaitAnswer("/v1/endpoints/ep_nobody/attempts", 404);
    ApiFixture.Answer badOutcome = api.get("/v1/endpoints/ep_s3/attempts?outcome=lost");
    ApiFixture.Answer tooMany = api.get("/v1/endpoints/ep_s3/attempts?limit=" + (KEEP + 1));
    ApiFixture.Answer badHours = api.get("/v1/stats?hours=0");

    assertThat(unknown.json().get("error").asText()).isEqualTo("not_found");
    assertThat(badOutcome.status()).isEqualTo(400);
    assertThat(badOutcome.json().get("field").asText()).isEqualTo("outcome");
    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(tooMany.json().get("field").asText()).isEqualTo("limit");
    assertThat(badHours.status()).isEqualTo(400);
    assertThat(badHours.json().get("field").asText()).isEqualTo("hours");
  }

  @Test
  void aPeersQuestionAboutAPartitionTheStoresDoNotHaveIsA400NamingIt() {
    // Found by bench/run fuzz: it was a 503 "moving between instances", asked again forever.
    ApiFixture.Answer beyond =
        awaitAnswer(
            () ->
                api.askPeer(
                    "/v1/internal/status/endpoints/ep_s3/attempts?partition=1000", PEER_TOKEN),
            400);

    assertThat(beyond.json().get("field").asText()).isEqualTo("partition");
    assertThat(beyond.json().get("message").asText()).contains("between 0 and");
  }

  @Test
  void statsCountAttemptsAndDeliveriesWithPercentilesAndTheDlqSize() {
    Instant t = Instant.now();
    for (int i = 1; i <= 3; i++) {
      records.send(
          attempt("s5", "evt_s5_" + i, "ep_s5", 1, t, 10L * i, AttemptOutcome.DELIVERED, 200));
    }
    records.send(attempt("s5", "evt_s5_4", "ep_s5", 1, t, 100, AttemptOutcome.RETRYING, 500));
    records.send(attempt("s5", "evt_s5_4", "ep_s5", 1, t, 100, AttemptOutcome.RETRYING, 500));
    records.send(StatusRecords.deadLetter("s5", "evt_s5_4", "ep_s5", DeadLetterReason.EXPIRED, t));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              ApiFixture.Answer a = api.get("/v1/stats?tenant=s5");
              assertThat(a.status()).isEqualTo(200);
              assertThat(a.json().get("deliveries").get("dead").asLong()).isEqualTo(1);
              assertThat(a.json().get("attempts").get("total").asLong()).isEqualTo(4);
            });
    JsonNode stats = api.get("/v1/stats?tenant=s5").json();
    JsonNode everyone = api.get("/v1/stats").json();

    // The retrying record was written twice; it counts once.
    assertThat(stats.get("attempts").get("delivered").asLong()).isEqualTo(3);
    assertThat(stats.get("attempts").get("retrying").asLong()).isEqualTo(1);
    assertThat(stats.get("attempts").get("successRate").asDouble()).isEqualTo(0.75);
    assertThat(stats.get("deliveries").get("delivered").asLong()).isEqualTo(3);
    assertThat(stats.get("deliveries").get("successRate").asDouble()).isEqualTo(0.75);
    assertThat(stats.get("requestDurationMs").get("count").asLong()).isEqualTo(4);
    assertThat(stats.get("requestDurationMs").get("p50").asLong()).isEqualTo(20);
    assertThat(stats.get("requestDurationMs").get("p99").asLong()).isBetween(98L, 102L);
    assertThat(stats.get("deliveryLatencyMs").get("count").asLong()).isEqualTo(3);
    assertThat(stats.get("dlq").get("records").asLong()).isGreaterThanOrEqualTo(1);
    assertThat(stats.get("tenant").asText()).isEqualTo("s5");
    assertThat(everyone.get("attempts").get("total").asLong()).isGreaterThanOrEqualTo(4);
  }

  @Test
  void anHourlySeriesCountsEachHoursAttemptsAndSumsToTheTotals() {
    Instant now = Instant.now();
    Instant twoHoursAgo = now.minus(Duration.ofHours(2));
    records.send(attempt("s9", "evt_s9_1", "ep_s9", 1, now, 10, AttemptOutcome.DELIVERED, 200));
    records.send(attempt("s9", "evt_s9_2", "ep_s9", 1, now, 10, AttemptOutcome.RETRYING, 503));
    // The stats count an attempt in the hour of its record's timestamp.
    records.sendAt(
        attempt("s9", "evt_s9_3", "ep_s9", 1, twoHoursAgo, 10, AttemptOutcome.DELIVERED, 200),
        twoHoursAgo);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> api.get("/v1/stats?tenant=s9").json().at("/attempts/total").asLong() == 3);

    JsonNode stats = api.get("/v1/stats?tenant=s9&hours=6&series=hour").json();

    JsonNode series = stats.get("series");
    assertThat(series).hasSizeBetween(6, 7);
    List<Instant> starts = new ArrayList<>();
    long total = 0;
    for (JsonNode hour : series) {
      Instant from = Instant.parse(hour.get("from").asText());
      assertThat(from.toEpochMilli() % 3_600_000).isZero();
      starts.add(from);
      total += hour.at("/attempts/total").asLong();
    }
    assertThat(starts).isSorted();
    assertThat(total).isEqualTo(stats.at("/attempts/total").asLong()).isEqualTo(3);
    assertThat(series.get(series.size() - 1).at("/attempts/total").asLong()).isEqualTo(2);
    assertThat(api.get("/v1/stats?series=minute").json().get("field").asText()).isEqualTo("series");
    assertThat(api.get("/v1/stats").json().has("series")).isFalse();
  }

  @Test
  void deliveryLatencyCountsFromTheEventsAcceptanceWhereTheAttemptCarriesIt() {
    Instant t = Instant.now();
    // Accepted 5 s before a first attempt that failed, delivered by the second 2 s later in 40 ms.
    Instant accepted = t.minusSeconds(5);
    records.send(
        attempt("s8", "evt_s8_1", "ep_s8", 1, t, 30, AttemptOutcome.RETRYING, 503, accepted));
    records.send(
        attempt(
            "s8",
            "evt_s8_1",
            "ep_s8",
            2,
            t.plusSeconds(2),
            40,
            AttemptOutcome.DELIVERED,
            200,
            accepted));
    // A record written before attempts carried the acceptance time: from its first attempt.
    records.send(attempt("s8", "evt_s8_2", "ep_s8", 1, t, 25, AttemptOutcome.DELIVERED, 200));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        api.get("/v1/stats?tenant=s8")
                            .json()
                            .get("deliveryLatencyMs")
                            .get("count")
                            .asLong())
                    .isEqualTo(2));
    JsonNode latency = api.get("/v1/stats?tenant=s8").json().get("deliveryLatencyMs");

    assertThat(latency.get("p50").asLong()).isEqualTo(25);
    // 7,040 ms from acceptance, within the histogram's 2 %.
    assertThat(latency.get("p99").asLong()).isBetween(6_900L, 7_180L);
  }

  @Test
  void theStatusViewIsReportedOnReadyzWithoutGatingItAndCountsTheRecordsItApplies()
      throws Exception {
    records.send(
        attempt("s7", "evt_s7", "ep_s7", 1, Instant.now(), 5, AttemptOutcome.DELIVERED, 200));
    awaitAnswer("/v1/events/evt_s7", 200);

    ApiFixture.Answer ready = api.get("/readyz");
    String metrics = unauthenticated("/metrics").body();

    assertThat(ready.json().get("observed").get("status-view").asBoolean()).isTrue();
    assertThat(ready.json().get("checks").has("status-view")).isFalse();
    assertThat(metrics).contains("hookline_status_records_total{result=\"applied\"");
    // The status application's own Kafka Streams metrics sit next to the fan-out's.
    assertThat(metrics).contains("statusapiit.status-").contains("statusapiit.fanout-");
  }

  @Test
  void statusRoutesNeedTheBearerToken() throws Exception {
    HttpResponse<String> r = unauthenticated("/v1/stats");

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("\"error\":\"unauthorized\"");
  }

  @Test
  void thePeerRoutesAreOnThePeerListenerOnlyAndTakeThePeerTokenNotTheApiToken() {
    String stats = "/v1/internal/status/stats?fromMs=0&toMs=1";
    ApiFixture.Answer withPeerToken = awaitAnswer(() -> api.askPeer(stats, PEER_TOKEN), 200);
    ApiFixture.Answer onTheApi = api.get(stats);
    ApiFixture.Answer withApiToken = api.askPeer(stats, ApiFixture.TOKEN);
    ApiFixture.Answer withNone = api.askPeer(stats, null);
    // The peer listener serves nothing else: no API route, no /metrics.
    ApiFixture.Answer apiRoute = api.askPeer("/v1/stats", PEER_TOKEN);
    ApiFixture.Answer metrics = api.askPeer("/metrics", null);

    assertThat(withPeerToken.json().has("byPartition")).isTrue();
    assertThat(onTheApi.status()).isEqualTo(404);
    assertThat(withApiToken.status()).isEqualTo(401);
    assertThat(withApiToken.json().get("error").asText()).isEqualTo("unauthorized");
    assertThat(withApiToken.body()).doesNotContain(PEER_TOKEN).doesNotContain(ApiFixture.TOKEN);
    assertThat(withNone.status()).isEqualTo(401);
    assertThat(apiRoute.status()).isEqualTo(404);
    assertThat(metrics.status()).isEqualTo(404);
  }

  private static HttpResponse<String> unauthenticated(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(api.base + path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
