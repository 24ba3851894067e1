package io.hookline.bench.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The short {@code broker-restart} fault run, on every CI run: the broker process is killed with
 * SIGKILL under load, stays down, and is started again on the same data; the services in their own
 * processes carry on with no manual step, and every accepted event reaches every endpoint.
 */
class BrokerRestartIT {
  @Test
  void aBrokerKilledUnderLoadAndStartedAgainLosesNoDelivery() throws Exception {
    Map<String, Object> result =
        FaultRuns.run(
            new BrokerRestartScenario(),
            "--events",
            "1200",
            "--endpoints",
            "10",
            "--rate",
            "25",
            "--stops",
            "kill",
            "--down-s",
            "20",
            "--first-stop-s",
            "15");

    assertThat(FaultRuns.number(result, "accepted")).isEqualTo(1200);
    assertThat(FaultRuns.number(result, "lost")).isZero();
    assertThat(FaultRuns.number(result, "delivered")).isEqualTo(12_000);
  }
}
