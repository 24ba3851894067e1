package io.hookline.bench.scenarios;

import io.hookline.bench.Option;
import io.hookline.bench.Options;
import io.hookline.bench.harness.Receiver.Behaviour;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

  static final Option SERVICES =
      new Option(
          "services",
          "in-process",
          "run the ingest-service and the retry-service in the bench JVM (in-process) or each in a"
              + " JVM of its own (process), to tell their memory and CPU apart");
  static final Option BROKER =
      new Option(
          "broker",
          "in-process",
          "run the Kafka broker in the bench JVM (in-process) or in a JVM of its own (process),"
              + " to tell its CPU and memory apart from the receivers'");

  static final Option BACKGROUND_LOAD =
      new Option(
          "background-load",
          "off",
          "on: a CPU hog spins on one core, in a process of its own, during both phases (a busy"
              + " machine)");

  static final Option MEMORY_LIMITS =
      new Option(
          "memory-limits",
          "none",
          "container memory limits that size each service process's heap as the image does"
              + " (-XX:MaxRAM=<limit> -XX:MaxRAMPercentage=75), e.g."
              + " ingest=1536m,dispatcher=1536m,retry=768m");

  static final Option SETTINGS =
      new Option(
          "settings",
          "",
          "HOOKLINE_* settings every service of the run gets, comma-separated NAME=value pairs"
              + " (e.g. HOOKLINE_DISPATCH_MAX_IN_FLIGHT=2000): try a setting without a rebuild");

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
    List<String> out = new ArrayList<>(memoryLimitOptions(options, "dispatcher"));
    if (!raw.isEmpty()) {
      out.addAll(Arrays.asList(raw.split("\\s+")));
    }
    return out;
  }

  static String brokerMode(Options options) {
    return options.string(BROKER.name());
  }

  /** {@code option} with another default: a scenario that measures each process by default. */
  static Option defaulting(Option option, String defaultValue) {
    return new Option(option.name(), defaultValue, option.help());
  }

  static String servicesMode(Options options) {
    return options.string(SERVICES.name());
  }

  /**
   * The JVM options that give {@code service}'s process the heap a container with its {@code
   * --memory-limits} limit gets from the image's launcher: {@code -XX:MaxRAM} stands in for the
   * cgroup limit the JVM would read. Empty without a limit for it.
   */
  static List<String> memoryLimitOptions(Options options, String service) {
    String limit = memoryLimits(options).get(service);
    return limit == null
        ? List.of()
        : List.of("-XX:MaxRAM=" + limit, "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError");
  }

  /** {@code --settings} as name → value; empty when none are given. */
  static Map<String, String> settings(Options options) {
    String raw = options.string(SETTINGS.name()).strip();
    Map<String, String> out = new LinkedHashMap<>();
    if (raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split(",")) {
      String[] kv = pair.strip().split("=", 2);
      if (kv.length != 2 || !kv[0].matches("HOOKLINE_[A-Z0-9_]+")) {
        throw new IllegalArgumentException(
            "--settings must be HOOKLINE_NAME=value pairs, comma-separated, was " + raw);
      }
      out.put(kv[0], kv[1]);
    }
    return out;
  }

  /** {@code --memory-limits} as service → limit ({@code 1536m}); empty for {@code none}. */
  static Map<String, String> memoryLimits(Options options) {
    String raw = options.string(MEMORY_LIMITS.name()).strip();
    Map<String, String> out = new LinkedHashMap<>();
    if (raw.equals("none") || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split(",")) {
      String[] kv = pair.strip().split("=", 2);
      if (kv.length != 2
          || !List.of("ingest", "dispatcher", "retry").contains(kv[0])
          || !kv[1].matches("[0-9]+[kmgKMG]")) {
        throw new IllegalArgumentException(
            "--memory-limits must be service=size pairs (ingest, dispatcher, retry; size like"
                + " 1536m), was "
                + raw);
      }
      out.put(kv[0], kv[1]);
    }
    return out;
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
