package io.hookline.bench.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The short {@code dispatcher-kill} fault run, on every CI run: broker, ingest, retry-service and
 * two dispatchers each in an OS process of its own; one dispatcher is killed with SIGKILL once
 * under load and started again. Every accepted event reaches every endpoint.
 */
class DispatcherKillIT {
  @Test
  void aDispatcherKilledUnderLoadAndRestartedLosesNoDelivery() throws Exception {
    Map<String, Object> result =
        FaultRuns.run(
            new DispatcherKillScenario(),
            "--events",
            "1500",
            "--endpoints",
            "10",
            "--rate",
            "25",
            "--kills",
            "1",
            "--first-kill-s",
            "20",
            "--pause-window-s",
            "30",
            "--aot",
            "false");

    assertThat(FaultRuns.number(result, "accepted")).isEqualTo(1500);
    assertThat(FaultRuns.number(result, "lost")).isZero();
    assertThat(FaultRuns.number(result, "delivered")).isEqualTo(15_000);
  }
}
