package io.hookline.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.schemas.Attempt;
import io.hookline.schemas.DeadLetter;
import io.hookline.schemas.DeadLetterReason;
import io.hookline.schemas.Delivery;
import io.hookline.schemas.Json;
import io.hookline.testkit.KafkaCluster;
import io.hookline.testkit.ReceiverRoute;
import io.hookline.testkit.TestReceiver;
import io.hookline.testkit.WithKafka;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code Retry-After} lengthens a wait and never shortens the schedule (tiers 1s, 2s, 3s): the next
 * hop is the later of the schedule's tier for that attempt and the smallest tier at least as long
 * as asked, and the schedule's attempts are all made.
 */
@WithKafka
class RetryAfterIT {
  private static DispatchFixture fx;
  private static DispatcherService dispatcher;
  private static TestReceiver receiver;

  @BeforeAll
  static void start(KafkaCluster cluster) throws Exception {
    fx = new DispatchFixture(cluster, cluster.topicPrefix());
    receiver = TestReceiver.start();
    dispatcher = fx.startDispatcher(Map.of("HOOKLINE_RETRY_TIERS", "1s,2s,3s"));
  }

  @AfterAll
  static void stop() {
    dispatcher.close();
    receiver.close();
    fx.close();
  }

  @Test
  void aRetryAfterLongerThanTheScheduledTierSkipsToTheTierThatLong() {
    String endpointId = busyEndpoint("ep_ra_first", "2");

    fx.deliver(endpointId, "evt_ra_first");

    assertThat(nextOf(endpointId)).isEqualTo(fx.prefix + "retry-2s");
  }

  @Test
  void aRetryAfterShorterThanTheScheduledTierDoesNotShortenIt() {
    String endpointId = busyEndpoint("ep_ra_third", "2");

    // The third attempt (two made): the schedule says 3s, the endpoint asks for 2 s.
    fx.send("deliveries", endpointId, Json.write(triedTimes(endpointId, "evt_ra_third", 2)));

    assertThat(nextOf(endpointId)).isEqualTo(fx.prefix + "retry-3s");
    Delivery waiting = fx.read("retry-3s", endpointId, Delivery.class, d -> true, 1).get(0);
    assertThat(waiting.attempt()).isEqualTo(3);
  }

  @Test
  void aRetryAfterNeverAddsAnAttemptBeyondTheSchedule() {
    String endpointId = busyEndpoint("ep_ra_last", "2");

    fx.send("deliveries", endpointId, Json.write(triedTimes(endpointId, "evt_ra_last", 3)));

    DeadLetter dead = fx.deadLetterFor(endpointId, DeadLetterReason.EXHAUSTED);
    assertThat(dead.attempts()).isEqualTo(4);
  }

  @Test
  void aRetryAfterLongerThanEveryTierWaitsInTheLastOne() {
    String endpointId = busyEndpoint("ep_ra_long", "3600");

    fx.deliver(endpointId, "evt_ra_long");

    assertThat(nextOf(endpointId)).isEqualTo(fx.prefix + "retry-3s");
  }

  private static String busyEndpoint(String id, String retryAfter) {
    ReceiverRoute route = receiver.onPath("/" + id);
    route.respondWith(429).retryAfter(retryAfter);
    return fx.writeEndpoint(id, route.url());
  }

  private static String nextOf(String endpointId) {
    Attempt attempt = fx.attemptsOf(endpointId, 1).get(0);
    assertThat(attempt.statusCode()).isEqualTo(429);
    return attempt.next();
  }

  private static Delivery triedTimes(String endpointId, String eventId, int attempts) {
    Instant now = Instant.now();
    return new Delivery(
        "dlv_" + eventId,
        eventId,
        endpointId,
        "acme",
        "a.b",
        "{}",
        attempts,
        now,
        now,
        429,
        "HTTP 429",
        null,
        now);
  }
}
