package io.hookline.ingest;

import static io.hookline.ingest.StatusRecords.attempt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookline.ingest.status.StatusConfig;
import io.hookline.schemas.AttemptOutcome;
import io.hookline.testkit.KafkaCluster;
import io.hookline.testkit.WithKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two ingest-service instances of one application share the status partitions; either answers for
 * all of them, and when one stops the other takes them over. Each test starts its own two, on its
 * own topics, with the same records.
 */
@WithKafka
class TwoInstancesStatusIT {
  private static final int PARTITIONS = 4;
  private static final int ENDPOINTS = 2 * PARTITIONS;
  private ApiFixture first;
  private ApiFixture second;
  private StatusRecords records;
  private final List<String> endpoints = new ArrayList<>();

  @BeforeEach
  void start(KafkaCluster cluster) throws Exception {
    Map<String, String> env = Map.of("HOOKLINE_TOPIC_PARTITIONS", String.valueOf(PARTITIONS));
    first = new ApiFixture(cluster, env);
    second = new ApiFixture(cluster, env);
    records = new StatusRecords(cluster);
    // Two endpoints in each partition, so that each instance owns some of them.
    int[] perPartition = new int[PARTITIONS];
    for (int n = 0; endpoints.size() < ENDPOINTS; n++) {
      String id = "ep_two_" + n;
      int p = StatusRecords.partitionOf(id, PARTITIONS);
      if (perPartition[p] < 2) {
        perPartition[p]++;
        endpoints.add(id);
      }
    }
    // Event i was delivered to endpoint i and is being retried for endpoint i+1: its two
    // deliveries sit in different partitions.
    Instant t = Instant.now();
    for (int i = 0; i < ENDPOINTS; i++) {
      String event = "evt_two_" + i;
      records.send(
          attempt("two", event, endpoints.get(i), 1, t, 10 + i, AttemptOutcome.DELIVERED, 200));
      records.send(
          attempt(
              "two",
              event,
              endpoints.get((i + 1) % ENDPOINTS),
              1,
              t,
              500,
              AttemptOutcome.RETRYING,
              503));
    }
  }

  @AfterEach
  void stop() {
    if (records != null) {
      records.close();
    }
    if (first != null) {
      first.close();
    }
    if (second != null) {
      second.close();
    }
  }

  @Test
  void eachInstanceAnswersForEveryEventAndEndpointWhicheverInstanceOwnsThem() {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              for (ApiFixture instance : List.of(first, second)) {
                Set<String> servedBy = new HashSet<>();
                for (int i = 0; i < ENDPOINTS; i++) {
                  assertEventIsComplete(instance.get("/v1/events/evt_two_" + i), i);
                  ApiFixture.Answer a =
                      instance.get("/v1/endpoints/" + endpoints.get(i) + "/attempts");
                  assertThat(a.status()).isEqualTo(200);
                  assertThat(a.json().get("data")).hasSize(2);
                  servedBy.add(a.header("Hookline-Served-By"));
                }
                // Both instances own partitions: some answers came from the other one.
                assertThat(servedBy).containsExactlyInAnyOrder(first.peerBase, second.peerBase);
                assertStatsAreComplete(instance.get("/v1/stats?tenant=two"));
                assertHoursAreComplete(instance.get("/v1/stats?tenant=two&series=hour"));
              }
            });
  }

  /** The hourly series counts every partition too, whichever instance owns it. */
  private static void assertHoursAreComplete(ApiFixture.Answer a) {
    assertStatsAreComplete(a);
    long delivered = 0;
    long retrying = 0;
    for (var hour : a.json().get("series")) {
      delivered += hour.at("/attempts/delivered").asLong();
      retrying += hour.at("/attempts/retrying").asLong();
    }
    assertThat(delivered).isEqualTo(ENDPOINTS);
    assertThat(retrying).isEqualTo(ENDPOINTS);
  }

  @Test
  void whenOneInstanceStopsTheOtherAnswersForAllAndNeverWithAPartialAnswer() {
    // A handover, not a start: both instances own status partitions before one stops.
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(() -> assertThat(servedBy(first)).contains(first.peerBase, second.peerBase));
    second.close();
    second = null;
    List<ApiFixture.Answer> answers = new CopyOnWriteArrayList<>();

    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              ApiFixture.Answer a = first.get("/v1/stats?tenant=two");
              answers.add(a);
              return a.status() == 200;
            });

    // While the partitions moved, the survivor said "retry" rather than count half of them.
    for (ApiFixture.Answer a : answers) {
      if (a.status() == 503) {
        assertThat(a.json().get("error").asText()).isEqualTo("status_unavailable");
        assertThat(a.header("Retry-After")).isEqualTo("1");
      } else {
        assertStatsAreComplete(a);
      }
    }
    for (int i = 0; i < ENDPOINTS; i++) {
      assertEventIsComplete(first.get("/v1/events/evt_two_" + i), i);
      assertThat(
              first
                  .get("/v1/endpoints/" + endpoints.get(i) + "/attempts")
                  .header("Hookline-Served-By"))
          .isEqualTo(first.peerBase);
    }
  }

  @Test
  void anInstanceWithAnotherPeerTokenIsNamedAsAMisconfigurationNotARebalance(KafkaCluster cluster)
      throws Exception {
    String otherToken = "another-peer-token-0123456789";
    second.close();
    second =
        new ApiFixture(
            cluster,
            Map.of(
                "HOOKLINE_TOPIC_PARTITIONS",
                String.valueOf(PARTITIONS),
                StatusConfig.PEER_TOKEN,
                otherToken));

    // Once the second owns partitions, the first cannot read them: it says why, and which setting.
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              ApiFixture.Answer a = first.get("/v1/stats?tenant=two");
              assertThat(a.status()).as(a.body()).isEqualTo(503);
              assertThat(a.json().get("message").asText())
                  .contains("refused this instance's peer token")
                  .contains(StatusConfig.PEER_TOKEN)
                  .doesNotContain("rebalancing")
                  .doesNotContain(otherToken)
                  .doesNotContain(first.peerToken);
            });
  }

  /** The instances that answered for the endpoints' attempts, asked of {@code instance}. */
  private Set<String> servedBy(ApiFixture instance) {
    Set<String> servedBy = new HashSet<>();
    for (String endpoint : endpoints) {
      ApiFixture.Answer a = instance.get("/v1/endpoints/" + endpoint + "/attempts");
      assertThat(a.status()).isEqualTo(200);
      servedBy.add(a.header("Hookline-Served-By"));
    }
    return servedBy;
  }

  private void assertEventIsComplete(ApiFixture.Answer a, int i) {
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    JsonNode deliveries = a.json().get("deliveries");
    assertThat(deliveries).hasSize(2);
    for (JsonNode d : deliveries) {
      boolean delivered = d.get("endpointId").asText().equals(endpoints.get(i));
      assertThat(d.get("state").asText()).isEqualTo(delivered ? "delivered" : "retrying");
      assertThat(d.get("attempts").get(0).get("durationMs").asLong())
          .isEqualTo(delivered ? 10 + i : 500);
    }
  }

  private static void assertStatsAreComplete(ApiFixture.Answer a) {
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    assertThat(a.json().get("attempts").get("delivered").asLong()).isEqualTo(ENDPOINTS);
    assertThat(a.json().get("attempts").get("retrying").asLong()).isEqualTo(ENDPOINTS);
    assertThat(a.json().get("deliveries").get("delivered").asLong()).isEqualTo(ENDPOINTS);
  }
}
