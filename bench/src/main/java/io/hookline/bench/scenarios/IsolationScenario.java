package io.hookline.bench.scenarios;

import static io.hookline.bench.scenarios.Common.round2;

import io.hookline.bench.Option;
import io.hookline.bench.Options;
import io.hookline.bench.Scenario;
import io.hookline.bench.harness.ArrivalBook;
import io.hookline.bench.harness.BackgroundLoad;
import io.hookline.bench.harness.BenchEndpoint;
import io.hookline.bench.harness.EventLoad;
import io.hookline.bench.harness.Percentiles;
import io.hookline.bench.harness.Phase;
import io.hookline.bench.harness.ProcStatus;
import io.hookline.bench.harness.Progress;
import io.hookline.bench.harness.Receiver;
import io.hookline.bench.harness.Receiver.Behaviour;
import io.hookline.bench.harness.ServiceHandle;
import io.hookline.bench.harness.Stack;
import io.hookline.bench.harness.ThreadCpu;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether slow and dead endpoints delay the healthy ones: healthy endpoints' delivery latency
 * (event sent → request at the receiver) under a paced load while some endpoints answer after a
 * delay and some refuse connections, against the same load with every endpoint healthy.
 */
public final class IsolationScenario implements Scenario {
  private static final double TARGET = 2.0;
  private static final int TOP_THREADS = 10;

  @Override
  public String name() {
    return "isolation";
  }

  @Override
  public String summary() {
    return "healthy endpoints' p99 latency with slow and refusing neighbours vs. all healthy"
        + " (target ratio <= "
        + TARGET
        + ")";
  }

  @Override
  public List<Option> options() {
    return List.of(
        new Option("endpoints", "1000", "endpoints, each of its own tenant and receiver port"),
        new Option("rate", "200", "events per second, spread evenly over the endpoints"),
        new Option("duration-s", "45", "how long the load runs in each phase"),
        new Option(
            "warmup-s",
            "10",
            "events of the first seconds (after priming) are left out of the figures"),
        new Option("drain-s", "30", "how long to wait for stragglers after the load"),
        new Option(
            "warmup-phase-events",
            "60000",
            "events sent at once in an unmeasured phase (the degraded phase's endpoints) before"
                + " both measured ones, so that neither runs on a JVM still compiling (0: none)"),
        new Option("slow-percent", "10", "endpoints that answer only after --slow-ms"),
        new Option("slow-ms", "5000", "how long slow endpoints take to answer"),
        new Option("refused-percent", "5", "endpoints whose port refuses connections"),
        new Option("payload-bytes", "1024", "size of the body a receiver gets"),
        Common.RECEIVER_PORTS,
        Common.DISPATCHER,
        Common.DISPATCHER_JVM_OPTS,
        Common.MEMORY_LIMITS,
        Common.BACKGROUND_LOAD);
  }

  @Override
  public Map<String, Object> run(Options options) throws Exception {
    Load load = Load.of(options);
    Behaviour[] degraded =
        Common.degraded(
            load.endpoints,
            options.integer("slow-percent", 0),
            options.integer("refused-percent", 0));
    Duration slow = Duration.ofMillis(options.integer("slow-ms", 1));
    Map<String, Object> out = new LinkedHashMap<>();
    BackgroundLoad background = BackgroundLoad.start(options.string("background-load"));
    try (background;
        Stack stack = Stack.start();
        Receiver receiver = Receiver.start(load.endpoints, Common.receiverPorts(options), slow)) {
      int warmupEvents = options.integer("warmup-phase-events", 0);
      if (warmupEvents > 0) {
        warmUp(stack, receiver, degraded, load, warmupEvents, options);
      }
      // The degraded phase first, on the colder JVM: any warm-up advantage goes to the reference.
      Map<String, Object> withFaults =
          phase(stack, receiver, "degraded", degraded, degraded, load, options);
      Map<String, Object> reference =
          phase(
              stack,
              receiver,
              "reference",
              Common.allHealthy(load.endpoints),
              degraded,
              load,
              options);
      double p99 = (double) latency(withFaults).get("p99Ms");
      double referenceP99 = (double) latency(reference).get("p99Ms");
      double ratio = p99 / referenceP99;
      out.put("healthyP50Ms", latency(withFaults).get("p50Ms"));
      out.put("healthyP99Ms", p99);
      out.put("referenceP50Ms", latency(reference).get("p50Ms"));
      out.put("referenceP99Ms", referenceP99);
      out.put("p99Ratio", round2(ratio));
      out.put("target", "p99Ratio <= " + TARGET);
      out.put("met", ratio <= TARGET);
      out.put("degraded", withFaults);
      out.put("reference", reference);
    }
    out.putAll(background.figures());
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> latency(Map<String, Object> phase) {
    return (Map<String, Object>) phase.get("healthyLatency");
  }

  /** The load both phases get. */
  record Load(
      int endpoints, int rate, Duration duration, Duration warmup, Duration drain, int payload) {
    static Load of(Options o) {
      return new Load(
          o.integer("endpoints", 20),
          o.integer("rate", 1),
          Duration.ofSeconds(o.integer("duration-s", 1)),
          Duration.ofSeconds(o.integer("warmup-s", 0)),
          Duration.ofSeconds(o.integer("drain-s", 1)),
          o.integer("payload-bytes", 200));
    }

    int events() {
      return (int) (rate * duration.toSeconds());
    }
  }

  /**
   * An unmeasured phase with the degraded phase's endpoints: {@code events} at once, until every
   * reachable one arrived. The broker, the ingest-service, the retry-service and the receivers run
   * in this JVM, the same in every phase; without it the first measured phase would also pay for
   * their JIT compilation, of the failure paths (timeouts, retries) too: with a healthy warm-up
   * only, C1 and C2 still took 0.35 core of this JVM in the degraded phase against 0.09 in the
   * reference.
   */
  private static void warmUp(
      Stack stack,
      Receiver receiver,
      Behaviour[] behaviours,
      Load load,
      int events,
      Options options)
      throws Exception {
    receiver.behave(behaviours);
    try (Phase phase = stack.phase("warm-up", Map.of())) {
      BenchEndpoint.writeAll(phase, receiver);
      ArrivalBook book = new ArrivalBook(phase.tag(), load.endpoints + events);
      receiver.listen(book);
      phase.startRetry();
      phase.startIngest();
      phase.startDispatcher(Common.dispatcherMode(options), Common.dispatcherJvmOptions(options));
      EventLoad warm = new EventLoad(phase, book, load.endpoints, load.payload);
      if (!warm.prime(reachable(behaviours, load.endpoints), ThroughputScenario.PRIME_TIMEOUT)) {
        throw new IllegalStateException("warm-up: the pipeline did not reach every endpoint");
      }
      Progress.say("warm-up: %,d events at once, unmeasured", events);
      warm.burst(load.endpoints, events);
      long expected = reachable(behaviours, load.endpoints + events);
      if (!ThroughputScenario.awaitAll(book, (int) expected, Duration.ofSeconds(180), "warm-up")) {
        throw new IllegalStateException("warm-up: the reachable events were not all delivered");
      }
    }
  }

  /** How many of the events {@code 0..count-1} go to an endpoint that accepts connections. */
  private static long reachable(Behaviour[] behaviours, int count) {
    long reachable = 0;
    for (int seq = 0; seq < count; seq++) {
      reachable += behaviours[seq % behaviours.length] == Behaviour.ABSENT ? 0 : 1;
    }
    return reachable;
  }

  /**
   * One phase: endpoints behaving as {@code behaviours}; latency measured on the endpoints that are
   * healthy in {@code layout} (the same set in both phases).
   */
  private static Map<String, Object> phase(
      Stack stack,
      Receiver receiver,
      String name,
      Behaviour[] behaviours,
      Behaviour[] layout,
      Load load,
      Options options)
      throws Exception {
    receiver.behave(behaviours);
    try (Phase phase = stack.phase(name, Map.of())) {
      BenchEndpoint.writeAll(phase, receiver);
      int prime = load.endpoints;
      ArrivalBook book = new ArrivalBook(phase.tag(), prime + load.events());
      receiver.listen(book);
      phase.startRetry();
      phase.startIngest();
      ServiceHandle dispatcher =
          phase.startDispatcher(
              Common.dispatcherMode(options), Common.dispatcherJvmOptions(options));
      EventLoad events = new EventLoad(phase, book, load.endpoints, load.payload);
      if (!events.prime(reachable(behaviours, load.endpoints), ThroughputScenario.PRIME_TIMEOUT)) {
        throw new IllegalStateException(name + ": the pipeline did not reach every endpoint");
      }
      Progress.say(
          "%s: %d events/s to %d endpoints for %d s",
          name, load.rate, load.endpoints, load.duration.toSeconds());
      Map<String, Long> pids = new LinkedHashMap<>();
      pids.put("benchJvm", ProcStatus.selfPid());
      dispatcher.pid().ifPresent(pid -> pids.put("dispatcher", pid));
      ThreadCpu threads = ThreadCpu.open(pids);
      int[] sent = {0};
      Thread producer =
          Thread.ofPlatform()
              .name("bench-load")
              .start(() -> sent[0] = events.paced(prime, load.events(), load.rate));
      long reachable = reachable(behaviours, prime + load.events());
      boolean all =
          ThroughputScenario.awaitAll(book, (int) reachable, load.duration.plus(load.drain), name);
      producer.join(Duration.ofSeconds(30));
      ThreadCpu.Threads used = threads.close(TOP_THREADS);
      Map<String, Object> figures = new LinkedHashMap<>();
      figures.put("healthyLatency", healthyLatency(book, layout, prime, sent[0], load));
      figures.put("eventsSent", sent[0]);
      figures.put("produceFailures", events.failures());
      figures.put("reachableEventsAllArrived", all);
      figures.put("healthyRequests", receiver.arrivals(Behaviour.HEALTHY));
      figures.put("slowRequests", receiver.arrivals(Behaviour.SLOW));
      figures.put("dispatcher", dispatcher.figures());
      figures.put("busiestThreadsCores", used.busiest());
      figures.put("jitCompilerCores", used.compiler());
      Progress.say("%s: healthy latency %s", name, figures.get("healthyLatency"));
      return figures;
    }
  }

  /**
   * Latency of the events sent after the warm-up (the first {@code prime} events primed the
   * pipeline) to endpoints healthy in {@code layout}. An event that never arrived counts with the
   * time it waited until now (so it can only raise the figures), and is reported as missing.
   */
  private static Map<String, Object> healthyLatency(
      ArrivalBook book, Behaviour[] layout, int prime, int sent, Load load) {
    int first = prime + (int) Math.min(sent, load.rate * load.warmup.toSeconds());
    int end = prime + sent;
    long now = book.now();
    long[] latencies = new long[Math.max(0, end - first)];
    int n = 0;
    int missing = 0;
    for (int seq = first; seq < end; seq++) {
      if (layout[seq % load.endpoints] != Behaviour.HEALTHY) {
        continue;
      }
      long arrived = book.firstArrivalAt(seq);
      if (arrived == 0) {
        missing++;
        arrived = now;
      }
      latencies[n++] = arrived - book.sentAt(seq);
    }
    Map<String, Object> out = Percentiles.of(Arrays.copyOf(latencies, n)).nanosAsMillis();
    out.put("missing", missing);
    return out;
  }
}
