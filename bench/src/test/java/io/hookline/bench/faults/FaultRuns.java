package io.hookline.bench.faults;

import io.hookline.bench.Options;
import io.hookline.bench.Scenario;
import java.util.List;
import java.util.Map;

/** Runs a fault scenario from a test, with short options, its logs under {@code target/}. */
final class FaultRuns {
  private FaultRuns() {}

  static Map<String, Object> run(Scenario scenario, String... args) throws Exception {
    if (System.getProperty("hookline.bench.logDir") == null) {
      System.setProperty("hookline.bench.logDir", "target/fault-logs");
    }
    return scenario.run(Options.parse(scenario.options(), List.of(args)));
  }

  static long number(Map<String, Object> result, String name) {
    return ((Number) result.get(name)).longValue();
  }
}
