package io.hookline.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AttemptTest {
  private static final Instant AT = Instant.parse("2026-12-02T12:00:00Z");
  private static final Instant ACCEPTED = AT.minusMillis(250);
  private static final Attempt.Started STARTED =
      Attempt.of(
          Delivery.fresh("dlv_1", "evt_1", "ep_1", "acme", "a.b", "{}", AT, ACCEPTED), 2, AT);

  @Test
  void eachEndOfAnAttemptNamesItsOutcomeWhereTheDeliveryWentNextAndWhenItsEventWasAccepted() {
    Attempt delivered = STARTED.delivered(12, 204, "ok");
    Attempt retrying = STARTED.retrying(30, 503, "HTTP 503", "busy", "webhooks.retry-1m");
    Attempt dead = STARTED.dead(5, null, "connection refused", null, "webhooks.dlq");
    Attempt throttled = STARTED.throttled("backlog full", "webhooks.retry-10s");

    assertThat(delivered.outcome()).isEqualTo(AttemptOutcome.DELIVERED);
    assertThat(delivered.next()).isNull();
    assertThat(delivered.error()).isNull();
    assertThat(retrying.outcome()).isEqualTo(AttemptOutcome.RETRYING);
    assertThat(retrying.next()).isEqualTo("webhooks.retry-1m");
    assertThat(dead.outcome()).isEqualTo(AttemptOutcome.DEAD);
    assertThat(dead.statusCode()).isNull();
    assertThat(throttled.outcome()).isEqualTo(AttemptOutcome.THROTTLED);
    assertThat(throttled.durationMs()).isZero();
    assertThat(throttled.error()).isEqualTo("backlog full");
    for (Attempt a : new Attempt[] {delivered, retrying, dead, throttled}) {
      assertThat(a.deliveryId()).isEqualTo("dlv_1");
      assertThat(a.eventId()).isEqualTo("evt_1");
      assertThat(a.endpointId()).isEqualTo("ep_1");
      assertThat(a.tenant()).isEqualTo("acme");
      assertThat(a.attempt()).isEqualTo(2);
      assertThat(a.startedAt()).isEqualTo(AT);
      assertThat(a.acceptedAt()).isEqualTo(ACCEPTED);
    }
  }
}
