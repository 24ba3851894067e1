package io.hookline.bench.scenarios;

import static io.hookline.bench.scenarios.Common.round1;
import static io.hookline.bench.scenarios.Common.round2;

import io.hookline.bench.Option;
import io.hookline.bench.Options;
import io.hookline.bench.Scenario;
import io.hookline.bench.harness.ArrivalBook;
import io.hookline.bench.harness.BenchEndpoint;
import io.hookline.bench.harness.EventLoad;
import io.hookline.bench.harness.OpsMetrics;
import io.hookline.bench.harness.Phase;
import io.hookline.bench.harness.Progress;
import io.hookline.bench.harness.Receiver;
import io.hookline.bench.harness.Receiver.Behaviour;
import io.hookline.bench.harness.ServiceHandle;
import io.hookline.bench.harness.Stack;
import io.hookline.dispatcher.DispatcherConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench/run scale-out}: does a second dispatcher replica double what the group delivers? The
 * load is latency-bound, as most webhook traffic is: every receiver answers after {@code delay-ms},
 * so a dispatcher's deliveries per second are bounded by its in-flight budget over the delay, not
 * by this machine's two cores. The same burst of events is delivered by one dispatcher, then by two
 * in one consumer group, each in a JVM of its own; the figure is two ÷ one in steady deliveries per
 * second.
 */
public final class ScaleOutScenario implements Scenario {
  private static final double TARGET = 1.8;
  private static final String OUTCOMES = "hookline_dispatch_outcomes_total";
  private static final String ASSIGNED = "kafka_consumer_coordinator_assigned_partitions";
  private static final Duration ASSIGNMENT_TIMEOUT = Duration.ofSeconds(90);

  @Override
  public String name() {
    return "scale-out";
  }

  @Override
  public String summary() {
    return "deliveries/s of two dispatchers in one group vs. one, receivers answering after 50 ms"
        + " (target two / one >= "
        + TARGET
        + ")";
  }

  @Override
  public List<Option> options() {
    return List.of(
        new Option("events", "8000", "events produced in each phase (one delivery each)"),
        new Option("endpoints", "200", "endpoints, each of its own tenant and receiver port"),
        new Option("delay-ms", "50", "how long every receiver takes to answer"),
        new Option(
            "max-in-flight",
            "10",
            "each dispatcher's HOOKLINE_DISPATCH_MAX_IN_FLIGHT: with the delay, what bounds one"
                + " replica (10 / 50 ms = 200 deliveries/s), so that this machine's two cores do"
                + " not: at 20, two replicas and the rest of the pipeline saturate them"),
        new Option("timeout-s", "300", "how long each phase may take to deliver everything"),
        Common.RECEIVER_PORTS,
        Common.DISPATCHER_JVM_OPTS,
        Common.SERVICES,
        Common.BROKER,
        Common.MEMORY_LIMITS,
        Common.SETTINGS);
  }

  @Override
  public Map<String, Object> run(Options options) throws Exception {
    int endpoints = options.integer("endpoints", 2);
    Duration delay = Duration.ofMillis(options.integer("delay-ms", 1));
    Map<String, Object> out = new LinkedHashMap<>();
    try (Stack stack = Stack.start(Common.brokerMode(options));
        Receiver receiver = Receiver.start(endpoints, Common.receiverPorts(options), delay)) {
      Behaviour[] slow = new Behaviour[endpoints];
      Arrays.fill(slow, Behaviour.SLOW);
      receiver.behave(slow);
      Map<String, Object> one = phase(stack, receiver, 1, options);
      Map<String, Object> two = phase(stack, receiver, 2, options);
      double oneRate = ((Number) one.get("steadyDeliveriesPerSecond")).doubleValue();
      double twoRate = ((Number) two.get("steadyDeliveriesPerSecond")).doubleValue();
      double ratio = twoRate / oneRate;
      out.put("oneDispatcherDeliveriesPerSecond", round1(oneRate));
      out.put("twoDispatchersDeliveriesPerSecond", round1(twoRate));
      out.put("ratio", round2(ratio));
      out.put("target", "ratio >= " + TARGET);
      out.put("met", ratio >= TARGET);
      out.put("oneDispatcher", one);
      out.put("twoDispatchers", two);
    }
    return out;
  }

  /** One phase: {@code replicas} dispatchers in one group deliver the same burst. */
  private static Map<String, Object> phase(
      Stack stack, Receiver receiver, int replicas, Options options) throws Exception {
    int events = options.integer("events", 1000);
    int maxInFlight = options.integer("max-in-flight", 1);
    long delayMs = options.integer("delay-ms", 1);
    Duration timeout = Duration.ofSeconds(options.integer("timeout-s", 10));
    Map<String, String> settings = new HashMap<>();
    settings.put(DispatcherConfig.MAX_IN_FLIGHT, String.valueOf(maxInFlight));
    settings.putAll(Common.settings(options));
    String label = replicas == 1 ? "one dispatcher" : replicas + " dispatchers";
    try (Phase phase = stack.phase("scale-out-" + replicas, settings)) {
      BenchEndpoint.writeAll(phase, receiver);
      int prime = receiver.endpoints();
      ArrivalBook book = new ArrivalBook(phase.tag(), prime + events);
      receiver.listen(book);
      String services = Common.servicesMode(options);
      phase.startRetry(services, List.of());
      phase.startIngest(services, List.of());
      List<ServiceHandle> dispatchers = new ArrayList<>();
      for (int i = 1; i <= replicas; i++) {
        dispatchers.add(
            phase.startDispatcher(
                "process", Common.dispatcherJvmOptions(options), "dispatcher-" + i));
      }
      List<Long> assigned = awaitAssignment(dispatchers, phase.kafka().partitions());
      EventLoad load = new EventLoad(phase, book, prime, 1024);
      if (!load.prime(prime, ThroughputScenario.PRIME_TIMEOUT)) {
        throw new IllegalStateException(label + ": the pipeline did not deliver one event each");
      }
      double[] before = outcomes(dispatchers);
      Progress.say("%s: producing %,d events", label, events);
      long started = System.nanoTime();
      load.burst(prime, events);
      boolean all = ThroughputScenario.awaitAll(book, prime + events, timeout, label);
      double wallSeconds = (System.nanoTime() - started) / 1e9;
      double[] after = outcomes(dispatchers);
      double rate = book.steadyRate(prime, 0.1, 0.9);
      double ceiling = replicas * maxInFlight * 1000.0 / delayMs;
      Progress.say("%s: %.0f deliveries/s steady (ceiling %.0f)", label, rate, ceiling);

      Map<String, Object> figures = new LinkedHashMap<>();
      figures.put("dispatchers", replicas);
      figures.put("events", events);
      figures.put("delivered", book.arrivalTimes(prime).length);
      figures.put("allDelivered", all);
      figures.put("produceFailures", load.failures());
      figures.put("steadyDeliveriesPerSecond", round1(rate));
      figures.put("steadyWindow", "between the 10% and the 90% first arrival");
      figures.put("ceilingDeliveriesPerSecond", round1(ceiling));
      figures.put("ceilingFrom", "dispatchers x HOOKLINE_DISPATCH_MAX_IN_FLIGHT / delay");
      figures.put("ofCeiling", round2(rate / ceiling));
      figures.put("wallSeconds", round1(wallSeconds));
      List<Map<String, Object>> each = new ArrayList<>();
      for (int i = 0; i < replicas; i++) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("partitionsAssigned", assigned.get(i));
        d.put("attemptsInLoad", Math.round(after[i] - before[i]));
        d.putAll(dispatchers.get(i).figures());
        each.add(d);
      }
      figures.put("dispatcher", each);
      return figures;
    }
  }

  /**
   * Waits until every dispatcher owns deliveries partitions and together all of them (the group's
   * rebalance is over), so that the load starts on the group's final assignment. Returns each one's
   * count.
   */
  private static List<Long> awaitAssignment(List<ServiceHandle> dispatchers, int partitions)
      throws Exception {
    long deadline = System.nanoTime() + ASSIGNMENT_TIMEOUT.toNanos();
    while (true) {
      List<Long> counts = new ArrayList<>();
      for (ServiceHandle d : dispatchers) {
        counts.add(Math.round(OpsMetrics.sum(d.opsPort(), ASSIGNED, "")));
      }
      long sum = counts.stream().mapToLong(Long::longValue).sum();
      if (sum == partitions && counts.stream().allMatch(c -> c > 0)) {
        Progress.say("partitions assigned: %s of %d", counts, partitions);
        return counts;
      }
      if (System.nanoTime() >= deadline) {
        throw new IllegalStateException(
            "the dispatchers' group did not settle on an assignment of all "
                + partitions
                + " partitions within "
                + ASSIGNMENT_TIMEOUT
                + ": "
                + counts);
      }
      TimeUnit.MILLISECONDS.sleep(200); // polling the dispatchers' gauges, bounded by the deadline
    }
  }

  private static double[] outcomes(List<ServiceHandle> dispatchers) throws Exception {
    double[] out = new double[dispatchers.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = OpsMetrics.sum(dispatchers.get(i).opsPort(), OUTCOMES, "");
    }
    return out;
  }
}
