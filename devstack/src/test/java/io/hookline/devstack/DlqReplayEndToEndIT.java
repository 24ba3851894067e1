package io.hookline.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookline.cli.CliContext;
import io.hookline.cli.Hookline;
import io.hookline.core.dlq.StopSignal;
import io.hookline.schemas.DeadLetter;
import io.hookline.schemas.Delivery;
import io.hookline.schemas.Json;
import io.hookline.testkit.KafkaCluster;
import io.hookline.testkit.ReceiverRoute;
import io.hookline.testkit.Response;
import io.hookline.testkit.TestReceiver;
import io.hookline.testkit.WithKafka;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator's story of issue 6, end to end on the real pipeline (ingest, dispatcher,
 * retry-service; tiers 1s, 2s, 3s): an endpoint is down, its deliveries exhaust the tiers into the
 * DLQ; {@code hookline dlq list} and {@code stats} show them; a dry run sends nothing; the endpoint
 * recovers; {@code replay} sends each exactly once (and the receiver gets each); a second replay
 * sends nothing; {@code --force} sends again, at the {@code --rate} asked for. And what was posted
 * while an endpoint was disabled waits in the DLQ for the replay once it is enabled again.
 */
@WithKafka
class DlqReplayEndToEndIT {
  private static KafkaCluster kafka;
  private static TestPipeline pipeline;
  private static TestReceiver receiver;

  @BeforeAll
  static void start(KafkaCluster cluster) throws Exception {
    kafka = cluster;
    receiver = TestReceiver.start();
    pipeline = TestPipeline.start(cluster, Map.of("HOOKLINE_RETRY_TIERS", "1s,2s,3s"));
  }

  @AfterAll
  static void stop() throws Exception {
    pipeline.close();
    receiver.close();
  }

  record Run(int exitCode, String out, String err) {}

  @Test
  void anOperatorReplaysADownEndpointsDeadLettersOnceItRecovers() throws Exception {
    // An endpoint that is down: every attempt gets a 503.
    AtomicBoolean up = new AtomicBoolean(false);
    ReceiverRoute route = receiver.onPath("/recovering");
    route.respondWith(r -> up.get() ? Response.ok() : Response.status(503));
    String endpoint = pipeline.api().createEndpoint("ops", route.url()).body().get("id").asText();
    List<String> events = List.of("evt_e2e_1", "evt_e2e_2", "evt_e2e_3");
    for (String id : events) {
      post("{\"tenant\":\"ops\",\"type\":\"order.created\",\"id\":\"" + id + "\",\"data\":{}}");
    }

    // Each delivery fails four times (attempt 1, then tiers 1s, 2s, 3s) and lands in the DLQ.
    // Delivery is at least once (a dispatcher that re-reads a record before its outcome is written
    // sends that attempt again), so what counts is which attempts each event got, not how many
    // requests arrived: attempts 1 to 4, none beyond.
    kafka.readUntil(dlq(), rs -> rs.size() >= 3, Duration.ofSeconds(60));
    assertThat(attemptsByEvent(route))
        .containsOnlyKeys(events)
        .allSatisfy((id, attempts) -> assertThat(attempts).containsOnly("1", "2", "3", "4"));

    // list and stats show them.
    JsonNode listed = json(cli("dlq", "list", "--endpoint", endpoint, "-o", "json"));
    assertThat(listed).hasSize(3);
    assertThat(listed)
        .allSatisfy(
            e -> {
              assertThat(e.get("reason").asText()).isEqualTo("exhausted");
              assertThat(e.get("attempts").asInt()).isEqualTo(4);
              assertThat(e.get("lastStatus").asInt()).isEqualTo(503);
              assertThat(e.get("replayed").asBoolean()).isFalse();
            });
    assertThat(listed.findValuesAsText("eventId")).containsExactlyInAnyOrderElementsOf(events);
    JsonNode stats = json(cli("dlq", "stats", "-o", "json"));
    assertThat(stats.get("byReason").get("exhausted").asInt()).isEqualTo(3);
    assertThat(stats.get("byEndpoint").get(endpoint).asInt()).isEqualTo(3);

    // A dry run says what it would send and sends nothing.
    Run dry = cli("dlq", "replay", "--endpoint", endpoint, "--dry-run");
    assertThat(dry.exitCode()).as(dry.toString()).isZero();
    assertThat(dry.out()).contains("dry run: would replay 3 entries");
    assertThat(replayedDeliveries(endpoint)).isEmpty();

    // The endpoint recovers; the replay delivers each dead letter once, as a fresh first attempt.
    up.set(true);
    receiver.clear();
    Run replay = cli("dlq", "replay", "--endpoint", endpoint);
    assertThat(replay.exitCode()).as(replay.toString()).isZero();
    assertThat(replay.out()).contains("replayed 3 of 3");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> attemptsByEvent(route).keySet().containsAll(events));
    assertThat(attemptsByEvent(route))
        .containsOnlyKeys(events)
        .allSatisfy((id, attempts) -> assertThat(attempts).containsOnly("1"));
    // A later event through the same endpoint (same partition, behind the replays) proves
    // nothing more of the replay is on its way; that each was sent once, the topic shows below.
    post("{\"tenant\":\"ops\",\"type\":\"order.created\",\"id\":\"evt_e2e_after\",\"data\":{}}");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> attemptsByEvent(route).containsKey("evt_e2e_after"));
    assertThat(attemptsByEvent(route))
        .containsOnlyKeys("evt_e2e_1", "evt_e2e_2", "evt_e2e_3", "evt_e2e_after");

    // The same replay again sends nothing: the ledger remembers.
    Run again = cli("dlq", "replay", "--endpoint", endpoint);
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.out())
        .contains("nothing to replay")
        .contains("skipped 3 entries replayed before");
    assertThat(replayedDeliveries(endpoint)).hasSize(3);
    assertThat(
            json(cli("dlq", "list", "--endpoint", endpoint, "-o", "json"))
                .findValuesAsText("replayed"))
        .containsOnly("true");

    // --force sends them again, two a second.
    Run forced = cli("dlq", "replay", "--endpoint", endpoint, "--force", "--rate", "2");
    assertThat(forced.exitCode()).as(forced.toString()).isZero();
    route.awaitCount(7, Duration.ofSeconds(30));
    List<ConsumerRecord<byte[], byte[]>> replays = replayedDeliveries(endpoint);
    assertThat(replays).hasSize(6);
    List<Long> forcedAt = replays.subList(3, 6).stream().map(ConsumerRecord::timestamp).toList();
    assertThat(forcedAt.get(1) - forcedAt.get(0)).isGreaterThanOrEqualTo(500);
    assertThat(forcedAt.get(2) - forcedAt.get(1)).isGreaterThanOrEqualTo(500);
    // Only the originals are dead letters: no replay failed back into the DLQ.
    assertThat(kafka.readAll(dlq(), Duration.ofSeconds(10)))
        .extracting(r -> Json.read(r.value(), DeadLetter.class).delivery())
        .filteredOn(d -> d.endpointId().equals(endpoint))
        .allSatisfy(d -> assertThat(d.replayOf()).isNull())
        .extracting(Delivery::eventId)
        .hasSameElementsAs(events);
  }

  @Test
  void eventsPostedWhileAnEndpointIsDisabledWaitInTheDlqAndAReplayAfterEnablingDeliversThose()
      throws Exception {
    ReceiverRoute route = receiver.onPath("/paused");
    route.respondWith(r -> Response.ok());
    String endpoint =
        pipeline.api().createEndpoint("paused", route.url(), "order.*").body().get("id").asText();
    assertThat(pipeline.api().post("/v1/endpoints/" + endpoint + "/disable", "").status())
        .isEqualTo(200);

    // Three events while it is off: none reaches the receiver, each waits in the DLQ.
    List<String> events = List.of("evt_off_1", "evt_off_2", "evt_off_3");
    for (String id : events) {
      post("{\"tenant\":\"paused\",\"type\":\"order.created\",\"id\":\"" + id + "\",\"data\":{}}");
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                json(cli("dlq", "list", "--reason", "endpoint-disabled", "-o", "json")).size()
                    == 3);
    JsonNode waiting = json(cli("dlq", "list", "--reason", "endpoint-disabled", "-o", "json"));
    assertThat(waiting.findValuesAsText("eventId")).containsExactlyInAnyOrderElementsOf(events);
    assertThat(waiting.findValuesAsText("endpointId")).containsOnly(endpoint);
    assertThat(route.requests()).isEmpty();

    // Enabled again, the replay of what waited delivers exactly those three, once each.
    assertThat(pipeline.api().post("/v1/endpoints/" + endpoint + "/enable", "").status())
        .isEqualTo(200);
    Run replay = cli("dlq", "replay", "--reason", "endpoint-disabled");
    assertThat(replay.exitCode()).as(replay.toString()).isZero();
    assertThat(replay.out()).contains("replayed 3 of 3");
    post("{\"tenant\":\"paused\",\"type\":\"order.created\",\"id\":\"evt_on\",\"data\":{}}");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> attemptsByEvent(route).keySet().containsAll(events));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> attemptsByEvent(route).containsKey("evt_on"));
    assertThat(attemptsByEvent(route))
        .containsOnlyKeys("evt_off_1", "evt_off_2", "evt_off_3", "evt_on")
        .allSatisfy((id, attempts) -> assertThat(attempts).containsOnly("1"));
  }

  /** The {@code hookline-attempt} numbers the receiver saw, per event ({@code webhook-id}). */
  private static Map<String, Set<String>> attemptsByEvent(ReceiverRoute route) {
    return route.requests().stream()
        .collect(
            Collectors.groupingBy(
                r -> r.header("webhook-id"),
                Collectors.mapping(r -> r.header("hookline-attempt"), Collectors.toSet())));
  }

  private static void post(String event) {
    assertThat(pipeline.api().post("/v1/events", event).status()).isEqualTo(202);
  }

  private static String dlq() {
    return kafka.topicPrefix() + "dlq";
  }

  /** Records on deliveries that are replays (fan-out writes the others) to {@code endpoint}. */
  private static List<ConsumerRecord<byte[], byte[]>> replayedDeliveries(String endpoint) {
    return kafka.readAll(kafka.topicPrefix() + "deliveries", Duration.ofSeconds(10)).stream()
        .filter(r -> Json.read(r.value(), Delivery.class).replayOf() != null)
        .filter(r -> Json.read(r.value(), Delivery.class).endpointId().equals(endpoint))
        .sorted(java.util.Comparator.comparingLong(ConsumerRecord::timestamp))
        .toList();
  }

  private static Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext context = new CliContext(pipeline.env(), Clock.systemUTC(), new StopSignal(), false);
    int code = Hookline.execute(context, new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  private static JsonNode json(Run run) throws IOException {
    assertThat(run.exitCode()).as(run.toString()).isZero();
    return Json.mapper().readTree(run.out());
  }
}
