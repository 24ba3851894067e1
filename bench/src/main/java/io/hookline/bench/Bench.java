package io.hookline.bench;

import com.sun.management.OperatingSystemMXBean;
import io.hookline.bench.faults.BrokerRestartScenario;
import io.hookline.bench.faults.DispatcherKillScenario;
import io.hookline.bench.faults.PoisonScenario;
import io.hookline.bench.faults.ReceiverOutageScenario;
import io.hookline.bench.faults.RetryKillScenario;
import io.hookline.bench.faults.ScaleScenario;
import io.hookline.bench.fuzz.FuzzScenario;
import io.hookline.bench.scenarios.DashboardScenario;
import io.hookline.bench.scenarios.EndpointsScaleScenario;
import io.hookline.bench.scenarios.HttpClientsScenario;
import io.hookline.bench.scenarios.IdleScenario;
import io.hookline.bench.scenarios.IngestScenario;
import io.hookline.bench.scenarios.IsolationScenario;
import io.hookline.bench.scenarios.LatencyScenario;
import io.hookline.bench.scenarios.MemoryScenario;
import io.hookline.bench.scenarios.NaiveScenario;
import io.hookline.bench.scenarios.RetryTimingScenario;
import io.hookline.bench.scenarios.ScaleOutScenario;
import io.hookline.bench.scenarios.ThroughputScenario;
import io.hookline.core.Version;
import io.hookline.schemas.Json;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark harness: {@code Bench <scenario> [--option value]…}. Progress goes to standard
 * output as it happens; the last line is one JSON object with the scenario's figures (or an {@code
 * error}), so {@code bench/run throughput | tail -1} is machine-readable.
 */
public final class Bench {
  private static final List<Scenario> SCENARIOS =
      List.of(
          new ThroughputScenario(),
          new IsolationScenario(),
          new NaiveScenario(),
          new RetryTimingScenario(),
          new IngestScenario(),
          new HttpClientsScenario(),
          new IdleScenario(),
          new LatencyScenario(),
          new MemoryScenario(),
          new ScaleOutScenario(),
          new EndpointsScaleScenario(),
          new DashboardScenario(),
          new DispatcherKillScenario(),
          new RetryKillScenario(),
          new BrokerRestartScenario(),
          new ScaleScenario(),
          new ReceiverOutageScenario(),
          new PoisonScenario(),
          new FuzzScenario());

  private Bench() {}

  public static void main(String[] args) {
    // Before any logger exists: the bench's quieter logging, not the services' default.
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "bench-logback.xml");
    }
    if (args.length == 0 || List.of("-h", "--help", "help").contains(args[0])) {
      System.out.println(help());
      System.exit(args.length == 0 ? 2 : 0);
    }
    // Fault runs are named by two words: faults <scenario>.
    int words = args[0].equals("faults") && args.length > 1 ? 2 : 1;
    String name = words == 2 ? "faults " + args[1] : args[0];
    Scenario scenario =
        SCENARIOS.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    if (scenario == null) {
      System.out.println(help());
      System.out.println(Json.writeString(Map.of("error", "unknown scenario " + name)));
      System.exit(2);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("scenario", scenario.name());
    int status = 0;
    try {
      Options options =
          Options.parse(scenario.options(), Arrays.asList(args).subList(words, args.length));
      out.put("options", options.effective());
      out.putAll(scenario.run(options));
    } catch (IllegalArgumentException e) {
      out.put("error", e.getMessage());
      status = 2;
    } catch (Exception | Error e) {
      e.printStackTrace(System.out);
      out.put("error", e.toString());
      status = 1;
    }
    out.put("machine", machine());
    System.out.println(Json.writeString(out));
    System.out.flush();
    // Kafka and HTTP client threads of failed phases must not keep the JVM (or the output) going.
    System.exit(status);
  }

  private static Map<String, Object> machine() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("memoryGiB", Math.round(physicalMemoryBytes() / (1024.0 * 1024 * 1024)));
    m.put("java", Runtime.version().toString());
    m.put("hookline", Version.current());
    m.put("finishedAt", Instant.now().toString());
    return m;
  }

  private static long physicalMemoryBytes() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
      return os.getTotalMemorySize();
    }
    return 0;
  }

  private static String help() {
    StringBuilder b = new StringBuilder();
    b.append("usage: bench/run <scenario> [--option value]...\n\n");
    b.append("Each scenario runs an embedded Kafka broker, the real services and loopback\n");
    b.append("receivers, and a reference measured in the same run; the last line of output is\n");
    b.append("one JSON object with the figures.\n\nscenarios:\n");
    for (Scenario s : SCENARIOS) {
      b.append("\n  ").append(s.name()).append("  ").append(s.summary()).append('\n');
      for (Option o : s.options()) {
        b.append(
            "      --%-22s %s (default: %s)%n".formatted(o.name(), o.help(), o.defaultValue()));
      }
    }
    b.append("\nenvironment: BENCH_JAVA_OPTS adds JVM options to the bench JVM (e.g. a JFR\n");
    b.append("recording); --dispatcher-jvm-opts adds them to the dispatcher's own JVM.");
    return b.toString();
  }
}
