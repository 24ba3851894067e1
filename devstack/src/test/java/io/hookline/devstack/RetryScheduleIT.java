package io.hookline.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.schemas.DeadLetter;
import io.hookline.schemas.DeadLetterReason;
import io.hookline.schemas.Json;
import io.hookline.testkit.KafkaCluster;
import io.hookline.testkit.ReceivedRequest;
import io.hookline.testkit.ReceiverRoute;
import io.hookline.testkit.Response;
import io.hookline.testkit.TestReceiver;
import io.hookline.testkit.WithKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The retry schedule end to end, with tiers 1s, 2s, 3s. */
@WithKafka
class RetryScheduleIT {
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

  @Test
  void anAlways503EndpointGetsFourAttemptsSpacedByTheTiersThenTheDlq() {
    ReceiverRoute route = receiver.onPath("/always-503");
    route.respondWith(503);
    String endpointId = pipeline.api().createEndpoint("r1", route.url()).body().get("id").asText();

    pipeline.api().post("/v1/events", "{\"tenant\":\"r1\",\"type\":\"a.b\",\"data\":{}}");

    DeadLetter dead = deadLetterOf(endpointId);
    List<Instant> arrivals = route.requests().stream().map(ReceivedRequest::receivedAt).toList();
    assertThat(arrivals).hasSize(4);
    assertThat(Duration.between(arrivals.get(0), arrivals.get(1)))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(Duration.between(arrivals.get(1), arrivals.get(2)))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    assertThat(Duration.between(arrivals.get(2), arrivals.get(3)))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    assertThat(route.requests())
        .extracting(r -> r.header("hookline-attempt"))
        .containsExactly("1", "2", "3", "4");
    assertThat(dead.reason()).isEqualTo(DeadLetterReason.EXHAUSTED);
    assertThat(dead.attempts()).isEqualTo(4);
    assertThat(dead.lastStatus()).isEqualTo(503);
  }

  @Test
  void anEndpointThatRecoversBeforeTheLastTierGetsTheDeliveryAndNothingReachesTheDlq() {
    ReceiverRoute route = receiver.onPath("/recovers");
    AtomicInteger calls = new AtomicInteger();
    route.respondWith(r -> calls.incrementAndGet() <= 2 ? Response.status(503) : Response.ok());
    String endpointId = pipeline.api().createEndpoint("r2", route.url()).body().get("id").asText();

    pipeline
        .api()
        .post(
            "/v1/events",
            "{\"tenant\":\"r2\",\"type\":\"a.b\",\"id\":\"evt_recovers\",\"data\":{}}");

    List<ReceivedRequest> requests = route.awaitCount(3, Duration.ofSeconds(30));
    assertThat(requests).extracting(r -> r.header("webhook-id")).containsOnly("evt_recovers");
    // A later event through the same endpoint proves the pipeline moved past the retries.
    pipeline
        .api()
        .post(
            "/v1/events", "{\"tenant\":\"r2\",\"type\":\"a.b\",\"id\":\"evt_after\",\"data\":{}}");
    route.awaitCount(4, Duration.ofSeconds(30));
    assertThat(kafka.readAll(kafka.topicPrefix() + "dlq", Duration.ofSeconds(10)))
        .noneMatch(r -> key(r).equals(endpointId));
    assertThat(route.count()).isEqualTo(4);
  }

  private static DeadLetter deadLetterOf(String endpointId) {
    return kafka
        .readUntil(
            kafka.topicPrefix() + "dlq",
            rs -> rs.stream().anyMatch(r -> key(r).equals(endpointId)),
            Duration.ofSeconds(40))
        .stream()
        .filter(r -> key(r).equals(endpointId))
        .map(r -> Json.read(r.value(), DeadLetter.class))
        .findFirst()
        .orElseThrow();
  }

  private static String key(ConsumerRecord<byte[], byte[]> r) {
    return r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
  }
}
