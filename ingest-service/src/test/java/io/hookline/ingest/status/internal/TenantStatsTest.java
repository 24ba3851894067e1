package io.hookline.ingest.status.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.schemas.Attempt;
import io.hookline.schemas.AttemptOutcome;
import io.hookline.schemas.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TenantStatsTest {

  private static Attempt attempt(AttemptOutcome outcome, long durationMs) {
    return new Attempt(
        "dlv_1",
        "evt_1",
        "ep_1",
        "t1",
        1,
        Instant.EPOCH,
        durationMs,
        outcome,
        null,
        null,
        null,
        null,
        null);
  }

  @Test
  void countsAttemptsByOutcomeAndTimesOnlyRealRequests() {
    TenantStats s =
        TenantStats.empty()
            .plus(attempt(AttemptOutcome.RETRYING, 100), -1)
            .plus(attempt(AttemptOutcome.THROTTLED, 0), -1)
            .plus(attempt(AttemptOutcome.DELIVERED, 20), 1_500)
            .plusDeadDelivery();

    assertThat(s.retrying()).isEqualTo(1);
    assertThat(s.throttled()).isEqualTo(1);
    assertThat(s.delivered()).isEqualTo(1);
    assertThat(s.deliveriesDelivered()).isEqualTo(1);
    assertThat(s.deliveriesDead()).isEqualTo(1);
    assertThat(s.requestMs().count()).isEqualTo(2);
    assertThat(s.deliveryMs().count()).isEqualTo(1);
    assertThat((double) s.deliveryMs().percentile(0.5)).isBetween(1_470.0, 1_530.0);
  }

  @Test
  void mergingAddsEverything() {
    TenantStats a = TenantStats.empty().plus(attempt(AttemptOutcome.DELIVERED, 10), 10);
    TenantStats b = TenantStats.empty().plus(attempt(AttemptOutcome.DEAD, 30), -1);

    TenantStats sum = a.merge(b);

    assertThat(sum.delivered() + sum.dead()).isEqualTo(2);
    assertThat(sum.requestMs().count()).isEqualTo(2);
    assertThat(Json.read(Json.write(sum), TenantStats.class)).isEqualTo(sum);
  }
}
