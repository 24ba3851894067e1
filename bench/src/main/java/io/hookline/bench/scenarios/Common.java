package io.hookline.bench.scenarios;

import io.hookline.bench.Option;
import io.hookline.bench.Options;
import io.hookline.bench.harness.Receiver.Behaviour;
import java.util.Arrays;
import java.util.List;

/** What the pipeline scenarios share: dispatcher options, the degraded layout, rounding. */
final class Common {
  static final Option DISPATCHER =
      new Option(
          "dispatcher",
          "process",
          "run the dispatcher in its own JVM (process) or in the bench JVM (in-process)");
  static final Option DISPATCHER_JVM_OPTS =
      new Option(
          "dispatcher-jvm-opts",
          "",
          "extra JVM options of the dispatcher process, space-separated (e.g. a JFR recording)");

  static final Option RECEIVER_PORTS =
      new Option(
          "receiver-ports",
          "0",
          "ports the receiver spreads the endpoints over; 0 = one per endpoint, as distinct hosts");

  private Common() {}

  static int receiverPorts(Options options) {
    return options.integer(RECEIVER_PORTS.name(), 0);
  }

  static String dispatcherMode(Options options) {
    return options.string(DISPATCHER.name());
  }

  static List<String> dispatcherJvmOptions(Options options) {
    String raw = options.string(DISPATCHER_JVM_OPTS.name()).strip();
    return raw.isEmpty() ? List.of() : Arrays.asList(raw.split("\\s+"));
  }

  /**
   * {@code refusedPercent}% of endpoints absent, then {@code slowPercent}% slow, spread evenly: in
   * every run of 100 consecutive endpoints, those whose {@code (i * 37) % 100} falls below the
   * percentages (37 is prime to 100, so each block of 100 hits the exact percentages).
   */
  static Behaviour[] degraded(int endpoints, int slowPercent, int refusedPercent) {
    Behaviour[] out = new Behaviour[endpoints];
    for (int i = 0; i < endpoints; i++) {
      int r = (i * 37) % 100;
      out[i] =
          r < refusedPercent
              ? Behaviour.ABSENT
              : r < refusedPercent + slowPercent ? Behaviour.SLOW : Behaviour.HEALTHY;
    }
    return out;
  }

  static Behaviour[] allHealthy(int endpoints) {
    Behaviour[] out = new Behaviour[endpoints];
    Arrays.fill(out, Behaviour.HEALTHY);
    return out;
  }

  static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }

  static double round2(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
