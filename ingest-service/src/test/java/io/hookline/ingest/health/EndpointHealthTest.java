package io.hookline.ingest.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.schemas.Attempt;
import io.hookline.schemas.AttemptOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EndpointHealthTest {
  private static final Instant T0 = Instant.parse("2026-11-22T00:00:00Z");
  private final EndpointHealth health =
      new EndpointHealth(new HealthPolicy(3, Duration.ofMinutes(10)));

  @Test
  void disablesAfterEnoughConsecutiveFailuresSpanningTheMinimumTime() {
    assertThat(health.record(failed(T0))).isEmpty();
    assertThat(health.record(failed(T0.plusSeconds(60)))).isEmpty();
    // Three failures, but only 2 minutes apart: a short outage is no reason to disable.
    assertThat(health.record(failed(T0.plusSeconds(120)))).isEmpty();

    Optional<String> reason = health.record(failed(T0.plus(Duration.ofMinutes(10))));

    assertThat(reason)
        .hasValueSatisfying(
            r ->
                assertThat(r)
                    .startsWith("4 consecutive failed attempts since " + T0)
                    .endsWith("HTTP 503"));
  }

  @Test
  void aDeliveryResetsTheStreak() {
    health.record(failed(T0));
    health.record(failed(T0.plusSeconds(300)));
    health.record(attempt(T0.plusSeconds(400), AttemptOutcome.DELIVERED, 200));

    assertThat(health.record(failed(T0.plus(Duration.ofMinutes(20))))).isEmpty();
  }

  @Test
  void throttlingIsNotAFailureOfTheEndpoint() {
    health.record(failed(T0));
    health.record(attempt(T0.plusSeconds(1), AttemptOutcome.THROTTLED, null));
    health.record(attempt(T0.plusSeconds(2), AttemptOutcome.THROTTLED, null));

    assertThat(health.record(failed(T0.plus(Duration.ofMinutes(11))))).isEmpty();
  }

  @Test
  void a410DisablesAtOnce() {
    assertThat(health.record(attempt(T0, AttemptOutcome.DEAD, 410)))
        .contains("the endpoint answered 410 Gone");
  }

  private static Attempt failed(Instant at) {
    return attempt(at, AttemptOutcome.RETRYING, 503);
  }

  private static Attempt attempt(Instant at, AttemptOutcome outcome, Integer status) {
    return new Attempt(
        "dlv_1",
        "evt_1",
        "ep_1",
        "acme",
        1,
        at,
        5,
        outcome,
        status,
        outcome == AttemptOutcome.DELIVERED ? null : "HTTP " + status,
        null,
        null,
        null);
  }
}
