package io.hookline.dispatcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.dispatcher.http.HttpResult;
import io.hookline.schemas.AttemptOutcome;
import io.hookline.schemas.DeadLetterReason;
import io.hookline.schemas.Delivery;
import io.hookline.schemas.RetryTiers;
import io.hookline.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The dispatcher's decisions, on a fixed clock: no HTTP, no Kafka. */
class OutcomesTest {
  private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
  private static final Instant STARTED = NOW.minusMillis(250);
  private final Topics topics = new Topics("t.", RetryTiers.parse("10s,1m,10m"));
  private final Outcomes outcomes = new Outcomes(topics, Clock.fixed(NOW, ZoneOffset.UTC));

  private static Delivery delivery(int attemptsMade) {
    Delivery d =
        Delivery.fresh(
            "dl_1",
            "evt_1",
            "ep_1",
            "acme",
            "order.paid",
            "{}",
            NOW.minusSeconds(60),
            NOW.minusSeconds(60));
    for (int i = 0; i < attemptsMade; i++) {
      d = d.afterFailedAttempt(NOW.minusSeconds(50 - i), 503, "HTTP 503");
    }
    return d;
  }

  private static HttpResult.Failed failed(Integer status, Optional<Duration> retryAfter) {
    return new HttpResult.Failed(status, "HTTP " + status, retryAfter, "busy", 40);
  }

  @Test
  void a2xxIsDeliveredWithTheAttemptNumberStatusAndSnippet() {
    Outcome outcome = outcomes.of(delivery(0), 1, STARTED, new HttpResult.Delivered(204, "ok", 12));

    assertThat(outcome).isInstanceOf(Outcome.Delivered.class);
    var attempt = outcome.attempt().orElseThrow();
    assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.DELIVERED);
    assertThat(attempt.attempt()).isEqualTo(1);
    assertThat(attempt.statusCode()).isEqualTo(204);
    assertThat(attempt.responseSnippet()).isEqualTo("ok");
    assertThat(attempt.durationMs()).isEqualTo(12);
    assertThat(attempt.startedAt()).isEqualTo(STARTED);
    assertThat(attempt.next()).isNull();
  }

  @Test
  void aFirstFailureWaitsInTheFirstTierWithTheAttemptCounted() {
    Outcome outcome = outcomes.of(delivery(0), 1, STARTED, failed(503, Optional.empty()));

    var retry = (Outcome.Retry) outcome;
    assertThat(retry.tier().label()).isEqualTo("10s");
    assertThat(retry.record().outcome()).isEqualTo(AttemptOutcome.RETRYING);
    assertThat(retry.record().next()).isEqualTo("t.retry-10s");
    assertThat(retry.next().attempt()).isEqualTo(1);
    assertThat(retry.next().lastStatus()).isEqualTo(503);
    assertThat(retry.next().firstAttemptAt()).isEqualTo(STARTED);
  }

  @Test
  void retryAfterLongerThanTheScheduledTierPicksTheSmallestTierThatLong() {
    Outcome outcome =
        outcomes.of(delivery(0), 1, STARTED, failed(429, Optional.of(Duration.ofMinutes(5))));

    assertThat(((Outcome.Retry) outcome).tier().label()).isEqualTo("10m");
  }

  @Test
  void aFailureAfterTheLastTierIsDeadAsExhaustedWithTheAttemptWritten() {
    int last = topics.tiers().totalRetries() + 1;
    Outcome outcome = outcomes.of(delivery(last - 1), last, STARTED, failed(500, Optional.empty()));

    var dead = (Outcome.Dead) outcome;
    assertThat(dead.deadLetter().reason()).isEqualTo(DeadLetterReason.EXHAUSTED);
    assertThat(dead.deadLetter().attempts()).isEqualTo(last);
    assertThat(dead.deadLetter().deadAt()).isEqualTo(NOW);
    assertThat(dead.attempt().orElseThrow().outcome()).isEqualTo(AttemptOutcome.DEAD);
    assertThat(dead.attempt().orElseThrow().next()).isEqualTo("t.dlq");
  }

  @Test
  void a410IsDeadAtOnceAsGoneEvenWithRetriesLeft() {
    Outcome outcome = outcomes.of(delivery(0), 1, STARTED, new HttpResult.Gone(410, "gone", 8));

    var dead = (Outcome.Dead) outcome;
    assertThat(dead.deadLetter().reason()).isEqualTo(DeadLetterReason.ENDPOINT_GONE);
    assertThat(dead.deadLetter().lastStatus()).isEqualTo(410);
    assertThat(dead.attempt().orElseThrow().error()).isEqualTo("HTTP 410 Gone");
  }

  @Test
  void aFullLaneDefersToTheFirstTierWithoutCountingAnAttempt() {
    Delivery d = delivery(1);

    var throttled = (Outcome.Throttled) outcomes.throttled(d, 500);

    assertThat(throttled.tier().label()).isEqualTo("10s");
    assertThat(throttled.next()).isSameAs(d);
    assertThat(throttled.record().outcome()).isEqualTo(AttemptOutcome.THROTTLED);
    assertThat(throttled.record().error()).contains("500 waiting");
  }

  @Test
  void aDispatcherErrorIsRetriedLikeAFailureNamingTheError() {
    Outcome outcome = outcomes.failedInternally(delivery(0), new IllegalStateException("boom"));

    var retry = (Outcome.Retry) outcome;
    assertThat(retry.record().error()).isEqualTo("dispatcher error: IllegalStateException: boom");
    assertThat(retry.record().statusCode()).isNull();
    assertThat(retry.next().attempt()).isEqualTo(1);
  }

  @Test
  void aDisabledEndpointIsDeadWithoutAnAttempt() {
    var dead = (Outcome.Dead) outcomes.notSent(delivery(2), DeadLetterReason.ENDPOINT_DISABLED);

    assertThat(dead.attempt()).isEmpty();
    assertThat(dead.deadLetter().reason()).isEqualTo(DeadLetterReason.ENDPOINT_DISABLED);
    assertThat(dead.deadLetter().attempts()).isEqualTo(2);
  }

  @Test
  void anUnreadableRecordIsDeadAsPoisonWithItsBytesAndWhereItWas() {
    byte[] bytes = "{not json".getBytes(StandardCharsets.UTF_8);
    var record = new ConsumerRecord<>("t.deliveries", 3, 41L, "ep_1", bytes);

    var dead = (Outcome.Dead) outcomes.poison(record, "unreadable");

    assertThat(dead.attempt()).isEmpty();
    assertThat(dead.deadLetter().reason()).isEqualTo(DeadLetterReason.POISON);
    assertThat(dead.deadLetter().originalBytesDecoded()).isEqualTo(bytes);
    assertThat(dead.deadLetter().source().partition()).isEqualTo(3);
    assertThat(dead.deadLetter().source().offset()).isEqualTo(41L);
    assertThat(dead.deadLetter().endpointId()).isEqualTo("ep_1");
  }
}
