package io.hookline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookline.schemas.DeadLetterReason;
import io.hookline.schemas.Delivery;
import io.hookline.schemas.Json;
import io.hookline.testkit.KafkaCluster;
import io.hookline.testkit.WithKafka;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The DLQ routes of one ingest-service against a real broker, with dead letters written as the
 * dispatcher writes them: listing with the CLI's filters page by page, one entry in full, replay by
 * refs and by filters with its dry run, a long replay followed by its run id, one at a time.
 */
@WithKafka
class DlqApiIT {
  private static final Instant T0 = Instant.now().minus(Duration.ofMinutes(30));
  private static ApiFixture api;
  private static StatusRecords records;
  private static KafkaCluster kafka;

  @BeforeAll
  static void start(KafkaCluster cluster) throws Exception {
    kafka = cluster;
    api = new ApiFixture(cluster, Map.of());
    records = new StatusRecords(cluster);
  }

  @AfterAll
  static void stop() {
    records.close();
    api.close();
  }

  /** Writes {@code n} dead letters of {@code endpointId}; returns their refs, oldest first. */
  private static List<String> dead(String tenant, String endpointId, int n, String eventPrefix) {
    for (int i = 1; i <= n; i++) {
      records.send(
          StatusRecords.deadLetter(
              tenant, eventPrefix + i, endpointId, DeadLetterReason.EXHAUSTED, T0));
    }
    return await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> refsOf(api.get("/v1/dlq?limit=500&endpoint=" + endpointId)),
            refs -> refs.size() == n);
  }

  private static List<String> refsOf(ApiFixture.Answer page) {
    assertThat(page.status()).as(page.body()).isEqualTo(200);
    List<String> refs = new ArrayList<>();
    page.json().get("data").forEach(e -> refs.add(e.get("ref").asText()));
    return refs;
  }

  /** The replayed deliveries of {@code endpointId} on the deliveries topic. */
  private static List<Delivery> replayedTo(String endpointId) {
    List<Delivery> out = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r :
        kafka.readAll(kafka.topicPrefix() + "deliveries", Duration.ofSeconds(20))) {
      Delivery d = Json.read(r.value(), Delivery.class);
      if (d.endpointId().equals(endpointId) && d.replayOf() != null) {
        out.add(d);
      }
    }
    return out;
  }

  private static ApiFixture.Answer replay(String body) {
    return api.post("/v1/dlq/replay", body);
  }

  @Test
  void aFilteredListPagesThroughEveryMatchingEntryOnceOldestFirst() {
    String a = api.endpoint("dlqlist", "");
    String b = api.endpoint("dlqlist", "");
    List<String> all = dead("dlqlist", a, 7, "evt_la");
    dead("dlqlist", b, 2, "evt_lb");

    List<String> seen = new ArrayList<>();
    List<Instant> deadAt = new ArrayList<>();
    String next = null;
    int pages = 0;
    do {
      ApiFixture.Answer page =
          api.get(
              "/v1/dlq?endpoint="
                  + a
                  + "&limit=3"
                  + (next == null
                      ? ""
                      : "&cursor=" + URLEncoder.encode(next, StandardCharsets.UTF_8)));
      seen.addAll(refsOf(page));
      page.json().get("data").forEach(e -> deadAt.add(Instant.parse(e.get("deadAt").asText())));
      page.json()
          .get("data")
          .forEach(
              e -> {
                assertThat(e.get("endpointId").asText()).isEqualTo(a);
                assertThat(e.get("tenant").asText()).isEqualTo("dlqlist");
                assertThat(e.get("reason").asText()).isEqualTo("exhausted");
                assertThat(e.get("replayed").asBoolean()).isFalse();
              });
      next =
          page.json().path("nextCursor").isTextual()
              ? page.json().get("nextCursor").asText()
              : null;
      pages++;
    } while (next != null && pages < 10);

    assertThat(pages).isEqualTo(3);
    assertThat(seen).containsExactlyInAnyOrderElementsOf(all).doesNotHaveDuplicates();
    assertThat(deadAt).isSorted();
    ApiFixture.Answer both = api.get("/v1/dlq?limit=500&endpoint=" + a + "," + b);
    assertThat(refsOf(both)).hasSize(9);
    assertThat(refsOf(api.get("/v1/dlq?limit=500&tenant=dlqlist&reason=expired"))).isEmpty();
  }

  @Test
  void badFiltersAreAnswered400NamingTheField() {
    Map<String, String> wrong =
        Map.of(
            "/v1/dlq?reason=tired", "reason",
            "/v1/dlq?since=yesterday", "since",
            "/v1/dlq?since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z", "since",
            "/v1/dlq?type=Order..x", "type",
            "/v1/dlq?endpoint=bad%20id", "endpoint",
            "/v1/dlq?limit=0", "limit",
            "/v1/dlq?endpionts=ep_1", "endpionts",
            "/v1/dlq?cursor=%25%25", "cursor",
            "/v1/dlq?until=40000d", "until");
    wrong.forEach(
        (path, field) -> {
          ApiFixture.Answer a = api.get(path);
          assertThat(a.status()).as(path + ": " + a.body()).isEqualTo(400);
          assertThat(a.json().get("field").asText()).as(path).isEqualTo(field);
        });
    // The CLI's forms of a time: a bare date, a space for the T.
    assertThat(api.get("/v1/dlq?since=2026-01-01&until=2099-01-01%2000:00:00Z").status())
        .isEqualTo(200);
    String e = api.endpoint("dlqcursor", "");
    dead("dlqcursor", e, 2, "evt_cur");
    String cursor = api.get("/v1/dlq?limit=1&endpoint=" + e).json().get("nextCursor").asText();

    ApiFixture.Answer otherFilters = api.get("/v1/dlq?limit=1&tenant=dlqcursor&cursor=" + cursor);

    assertThat(otherFilters.status()).isEqualTo(400);
    assertThat(otherFilters.json().get("message").asText()).contains("belongs to other filters");
  }

  @Test
  void anEntryIsShownInFullAndAnUnknownOrMalformedRefIsNamed() {
    String e = api.endpoint("dlqshow", "");
    String ref = dead("dlqshow", e, 1, "evt_show").get(0);

    ApiFixture.Answer shown = api.get("/v1/dlq/" + ref);
    int partition = Integer.parseInt(ref.split(":")[0]);
    ApiFixture.Answer beyond = api.get("/v1/dlq/" + partition + ":999999");
    ApiFixture.Answer malformed = api.get("/v1/dlq/not-a-ref");

    assertThat(shown.status()).as(shown.body()).isEqualTo(200);
    assertThat(shown.json().get("ref").asText()).isEqualTo(ref);
    assertThat(shown.json().get("key").asText()).isEqualTo(e);
    JsonNode delivery = shown.json().get("deadLetter").get("delivery");
    assertThat(delivery.get("endpointId").asText()).isEqualTo(e);
    assertThat(delivery.get("eventId").asText()).isEqualTo("evt_show1");
    assertThat(shown.json().has("replay")).isFalse();
    assertThat(beyond.status()).isEqualTo(404);
    assertThat(beyond.json().get("message").asText())
        .contains("no DLQ entry " + partition + ":999999");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.json().get("field").asText()).isEqualTo("ref");
  }

  @Test
  void aDryRunShowsWhatWouldGoThenAReplayByRefSendsItOnceAndRecordsIt() {
    String e = api.endpoint("dlqref", "");
    List<String> refs = dead("dlqref", e, 3, "evt_ref");
    String one = refs.get(1);

    ApiFixture.Answer dry = replay("{\"refs\":[\"" + one + "\"],\"dryRun\":true}");

    assertThat(dry.status()).as(dry.body()).isEqualTo(200);
    assertThat(dry.json().get("dryRun").asBoolean()).isTrue();
    assertThat(dry.json().get("selected").asLong()).isEqualTo(1);
    assertThat(dry.json().get("entries").get(0).get("ref").asText()).isEqualTo(one);
    assertThat(replayedTo(e)).isEmpty();

    ApiFixture.Answer sent = replay("{\"refs\":[\"" + one + "\"]}");

    assertThat(sent.status()).as(sent.body()).isEqualTo(200);
    assertThat(sent.json().get("replayed").asLong()).isEqualTo(1);
    assertThat(sent.json().get("run").asText()).startsWith("replay-");
    assertThat(replayedTo(e)).extracting(Delivery::eventId).containsExactly("evt_ref2");
    JsonNode record = api.get("/v1/dlq/" + one).json().get("replay");
    assertThat(record.get("run").asText()).isEqualTo(sent.json().get("run").asText());
    assertThat(record.get("replayedBy").asText()).isEqualTo("api");

    // Named twice, it still counts once.
    ApiFixture.Answer again = replay("{\"refs\":[\"" + one + "\",\"" + one + "\"]}");

    assertThat(again.status()).as(again.body()).isEqualTo(200);
    assertThat(again.json().get("replayed").asLong()).isZero();
    assertThat(again.json().get("alreadyReplayed").asLong()).isEqualTo(1);
    assertThat(replayedTo(e)).hasSize(1);
    assertThat(api.get("/v1/dlq?endpoint=" + e).json().get("data"))
        .extracting(n -> n.get("replayed").asBoolean())
        .containsExactly(false, true, false);
  }

  @Test
  void aReplayByFiltersRefusesADisabledEndpointUnlessForced() {
    String on = api.endpoint("dlqgate", "");
    String off = api.endpoint("dlqgate", "");
    dead("dlqgate", on, 2, "evt_gon");
    dead("dlqgate", off, 1, "evt_goff");
    assertThat(
            api.post("/v1/endpoints/" + off + "/disable", "{\"reason\":\"maintenance\"}").status())
        .isEqualTo(200);

    ApiFixture.Answer sent = replay("{\"tenant\":[\"dlqgate\"]}");

    assertThat(sent.status()).as(sent.body()).isEqualTo(200);
    assertThat(sent.json().get("replayed").asLong()).isEqualTo(2);
    assertThat(sent.json().get("refused").asLong()).isEqualTo(1);
    assertThat(sent.json().get("refusedEndpoints").get(0).get("reason").asText())
        .contains(off, "disabled", "maintenance");
    assertThat(replayedTo(on)).hasSize(2);
    assertThat(replayedTo(off)).isEmpty();

    ApiFixture.Answer forced = replay("{\"endpoint\":[\"" + off + "\"],\"force\":true}");

    assertThat(forced.json().get("replayed").asLong()).as(forced.body()).isEqualTo(1);
    assertThat(replayedTo(off)).hasSize(1);
  }

  @Test
  void aLongReplayAnswers202AndIsFollowedByItsRunWhileASecondOneIsRefused() {
    String e = api.endpoint("dlqlong", "");
    int n = 30;
    dead("dlqlong", e, n, "evt_long");

    // 30 sends at 4/s take over 7 s: longer than the 5 s a request waits.
    ApiFixture.Answer started = replay("{\"endpoint\":[\"" + e + "\"],\"rate\":4}");
    ApiFixture.Answer second = replay("{\"endpoint\":[\"" + e + "\"]}");

    OpenApiIT.assertValid("POST", "/v1/dlq/replay", 202, started);
    OpenApiIT.assertValid("POST", "/v1/dlq/replay", 409, second);
    OpenApiIT.assertValid("GET", "/v1/dlq/replays/{run}", 200, api.get(started.header("Location")));
    String run = started.json().get("run").asText();
    assertThat(started.header("Location")).isEqualTo("/v1/dlq/replays/" + run);
    assertThat(started.json().get("replayed").asLong()).isLessThan(n);
    assertThat(second.status()).as(second.body()).isEqualTo(409);
    assertThat(second.json().get("error").asText()).isEqualTo("replay_running");
    assertThat(second.json().get("message").asText()).contains(run);
    JsonNode done =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> api.get("/v1/dlq/replays/" + run).json(),
                j -> j.get("state").asText().equals("done"));
    assertThat(done.get("replayed").asLong()).isEqualTo(n);
    assertThat(done.get("selected").asLong()).isEqualTo(n);
    assertThat(done.get("summary").get("replayed").asLong()).isEqualTo(n);
    assertThat(replayedTo(e)).hasSize(n);
    assertThat(api.get("/v1/dlq/replays/replay-00000000").status()).isEqualTo(404);
  }

  @Test
  void badReplayRequestsAreAnswered400NamingTheField() {
    Map<String, String> wrong =
        Map.ofEntries(
            Map.entry("{\"endpoints\":[\"ep_1\"]}", "endpoints"),
            Map.entry("{\"refs\":[\"0:1\"],\"tenant\":[\"t\"]}", "refs"),
            Map.entry("{\"refs\":[]}", "refs"),
            Map.entry("{\"refs\":[\"0:1\",\"x\"]}", "refs[1]"),
            Map.entry("{\"refs\":[null]}", "refs[0]"),
            Map.entry("{\"endpoint\":[\"ep_1\",null]}", "endpoint[1]"),
            Map.entry("{\"rate\":0}", "rate"),
            Map.entry("{\"limit\":0}", "limit"),
            Map.entry("{\"reason\":[\"tired\"]}", "reason"),
            Map.entry("{\"since\":\"soon\"}", "since"),
            Map.entry("{\"since\":\"1960-01-01T00:00:00Z\"}", "since"),
            Map.entry("{\"until\":\"99999999999d\"}", "until"),
            Map.entry("{\"dryRun\":\"yes\"}", "dryRun"));
    wrong.forEach(
        (body, field) -> {
          ApiFixture.Answer a = replay(body);
          assertThat(a.status()).as(body + ": " + a.body()).isEqualTo(400);
          assertThat(a.json().get("field").asText()).as(body).isEqualTo(field);
        });
    ApiFixture.Answer unknownRef = replay("{\"refs\":[\"0:99999999\"]}");
    assertThat(unknownRef.status()).as(unknownRef.body()).isEqualTo(404);
    assertThat(unknownRef.json().get("message").asText()).contains("no DLQ entry 0:99999999");
  }
}
