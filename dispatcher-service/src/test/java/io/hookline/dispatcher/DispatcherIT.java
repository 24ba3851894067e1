package io.hookline.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.schemas.Attempt;
import io.hookline.schemas.AttemptOutcome;
import io.hookline.schemas.DeadLetter;
import io.hookline.schemas.DeadLetterReason;
import io.hookline.schemas.Delivery;
import io.hookline.testkit.KafkaCluster;
import io.hookline.testkit.ReceiverRoute;
import io.hookline.testkit.TestReceiver;
import io.hookline.testkit.WithKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every outcome of a delivery ends where DESIGN.md says, on a real broker. */
@WithKafka
class DispatcherIT {
  private static DispatchFixture fx;
  private static DispatcherService dispatcher;
  private static TestReceiver receiver;

  @BeforeAll
  static void start(KafkaCluster cluster) throws Exception {
    fx = new DispatchFixture(cluster, cluster.topicPrefix());
    receiver = TestReceiver.start();
    dispatcher = fx.startDispatcher(Map.of());
  }

  @AfterAll
  static void stop() {
    dispatcher.close();
    receiver.close();
    fx.close();
  }

  @Test
  void aPoisonRecordGoesToTheDlqWithItsBytesAndTheNextRecordIsStillDelivered() {
    ReceiverRoute route = receiver.onPath("/poison-neighbour");
    String endpointId = fx.writeEndpoint("ep_p", route.url());
    byte[] poison = "{\"id\":\"dlv_broken\"".getBytes(StandardCharsets.UTF_8);

    fx.send("deliveries", endpointId, poison);
    fx.deliver(endpointId, "evt_ok");

    assertThat(route.awaitCount(1, Duration.ofSeconds(30)).get(0).header("webhook-id"))
        .isEqualTo("evt_ok");
    DeadLetter dead = fx.deadLetterFor(endpointId, DeadLetterReason.POISON);
    assertThat(dead.originalBytesDecoded()).isEqualTo(poison);
    assertThat(dead.source().topic()).isEqualTo(fx.prefix + "deliveries");
    assertThat(dead.lastError()).contains("malformed JSON");
  }

  @Test
  void aDeliveryForADeletedEndpointGoesToTheDlqUnsent() {
    fx.deliver("ep_never", "evt_gone");

    DeadLetter dead = fx.deadLetterFor("ep_never", DeadLetterReason.ENDPOINT_DELETED);
    assertThat(dead.delivery().eventId()).isEqualTo("evt_gone");
    assertThat(dead.attempts()).isZero();
  }

  @Test
  void aDeliveryForADisabledEndpointGoesToTheDlqUnsentForLaterReplay() {
    ReceiverRoute route = receiver.onPath("/disabled");
    String endpointId = fx.writeEndpoint("ep_off", route.url(), false, null, null);

    fx.deliver(endpointId, "evt_off");

    DeadLetter dead = fx.deadLetterFor(endpointId, DeadLetterReason.ENDPOINT_DISABLED);
    assertThat(dead.delivery().eventId()).isEqualTo("evt_off");
    assertThat(route.count()).isZero();
  }

  @Test
  void a410SendsTheDeliveryToTheDlqAsEndpointGone() {
    ReceiverRoute route = receiver.onPath("/gone");
    route.respondWith(410);
    String endpointId = fx.writeEndpoint("ep_410", route.url());

    fx.deliver(endpointId, "evt_410");

    DeadLetter dead = fx.deadLetterFor(endpointId, DeadLetterReason.ENDPOINT_GONE);
    assertThat(dead.lastStatus()).isEqualTo(410);
    assertThat(dead.attempts()).isEqualTo(1);
    Attempt attempt = fx.attemptsOf(endpointId, 1).get(0);
    assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.DEAD);
    assertThat(attempt.next()).isEqualTo(fx.prefix + "dlq");
  }

  @Test
  void retryAfterOnA503MovesTheDeliveryToTheSmallestTierAtLeastThatLong() {
    ReceiverRoute route = receiver.onPath("/busy");
    route.respondWith(503).retryAfter("2");
    String endpointId = fx.writeEndpoint("ep_busy", route.url());

    fx.deliver(endpointId, "evt_busy");

    Delivery waiting = fx.read("retry-2s", endpointId, Delivery.class, d -> true, 1).get(0);
    assertThat(waiting.attempt()).isEqualTo(1);
    assertThat(waiting.lastStatus()).isEqualTo(503);
    assertThat(fx.attemptsOf(endpointId, 1).get(0).next()).isEqualTo(fx.prefix + "retry-2s");
  }

  @Test
  void aPrivateAddressIsRefusedAndRecordedInPlainWords() {
    String endpointId = fx.writeEndpoint("ep_private", "http://10.0.0.5:8080/hook");

    fx.deliver(endpointId, "evt_private");

    Attempt attempt = fx.attemptsOf(endpointId, 1).get(0);
    assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.RETRYING);
    assertThat(attempt.error()).isEqualTo("refused: 10.0.0.5 is a private address");
    assertThat(attempt.statusCode()).isNull();
  }

  @Test
  void aFailureAfterTheLastTierEndsInTheDlqAsExhausted() {
    ReceiverRoute route = receiver.onPath("/last");
    route.respondWith(500);
    String endpointId = fx.writeEndpoint("ep_last", route.url());
    // As if it had already been tried three times (tiers 1s,2s: two retries).
    Delivery tried =
        new Delivery(
            "dlv_last",
            "evt_last",
            endpointId,
            "acme",
            "a.b",
            "{}",
            2,
            java.time.Instant.now(),
            java.time.Instant.now(),
            500,
            "HTTP 500",
            null,
            java.time.Instant.now());
    fx.send("deliveries", endpointId, io.hookline.schemas.Json.write(tried));

    DeadLetter dead = fx.deadLetterFor(endpointId, DeadLetterReason.EXHAUSTED);
    assertThat(dead.attempts()).isEqualTo(3);
    assertThat(dead.lastStatus()).isEqualTo(500);
  }
}
