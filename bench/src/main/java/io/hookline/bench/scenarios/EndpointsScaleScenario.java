package io.hookline.bench.scenarios;

import static io.hookline.bench.scenarios.Common.round1;
import static io.hookline.bench.scenarios.Common.round2;

import io.hookline.bench.Option;
import io.hookline.bench.Options;
import io.hookline.bench.Scenario;
import io.hookline.bench.harness.ArrivalBook;
import io.hookline.bench.harness.BenchEndpoint;
import io.hookline.bench.harness.EventLoad;
import io.hookline.bench.harness.Jcmd;
import io.hookline.bench.harness.OpsMetrics;
import io.hookline.bench.harness.Phase;
import io.hookline.bench.harness.ProcStatus;
import io.hookline.bench.harness.Progress;
import io.hookline.bench.harness.Receiver;
import io.hookline.bench.harness.ServiceHandle;
import io.hookline.bench.harness.Stack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bench/run endpoints-scale}: does a process's memory grow with the number of endpoints of
 * the whole deployment? The same delivery load (events to the first {@code active} endpoints) runs
 * with 10,000 and then 100,000 endpoints on the endpoints topic; after each, the dispatchers' and
 * the ingest-service's (fan-out, API) live heap after a full GC, the endpoints each holds, and the
 * deliveries per second.
 */
public final class EndpointsScaleScenario implements Scenario {
  private static final double TARGET_GROWTH = 0.2;
  private static final double MIB = 1024.0 * 1024;
  private static final String HELD = "hookline_endpoint_directory_size";
  private static final int GROWTH_CLASSES = 8;
  // "   1:   12345   678900  [B (java.base@25)": instances, bytes, class
  private static final Pattern HISTOGRAM_LINE =
      Pattern.compile("^\\s*\\d+:\\s+\\d+\\s+(\\d+)\\s+(\\S+)");

  @Override
  public String name() {
    return "endpoints-scale";
  }

  @Override
  public String summary() {
    return "heap of the dispatcher and the fan-out with 10,000 vs 100,000 endpoints, same delivery"
        + " load (target growth <= "
        + Math.round(TARGET_GROWTH * 100)
        + " %)";
  }

  @Override
  public List<Option> options() {
    return List.of(
        new Option(
            "sizes", "10000,100000", "endpoints on the topic in each phase, comma-separated"),
        new Option("active", "1000", "endpoints the events go to (the first ones), in every phase"),
        new Option("events", "20000", "events produced in each phase (one delivery each)"),
        new Option(
            "dispatchers",
            "1",
            "dispatchers in the group, each in its own JVM; each holds the endpoints of its"
                + " partitions"),
        new Option("timeout-s", "300", "how long each phase may take to deliver everything"),
        Common.defaulting(Common.RECEIVER_PORTS, "50"),
        Common.DISPATCHER_JVM_OPTS,
        Common.MEMORY_LIMITS,
        Common.SETTINGS);
  }

  @Override
  public Map<String, Object> run(Options options) throws Exception {
    int[] sizes =
        Arrays.stream(options.string("sizes").split(",")).mapToInt(Integer::parseInt).toArray();
    int largest = Arrays.stream(sizes).max().orElseThrow();
    int active = options.integer("active", 1);
    if (active > Arrays.stream(sizes).min().orElseThrow()) {
      throw new IllegalArgumentException("--active must not exceed the smallest of --sizes");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    List<Map<String, Object>> phases = new ArrayList<>();
    List<Map<String, Map<String, Long>>> histograms = new ArrayList<>();
    try (Stack stack = Stack.start("process");
        Receiver receiver = Receiver.start(largest, Common.receiverPorts(options), Duration.ZERO)) {
      for (int size : sizes) {
        Map<String, Map<String, Long>> histogram = new LinkedHashMap<>();
        phases.add(phase(stack, receiver, size, options, histogram));
        histograms.add(histogram);
      }
    }
    Map<String, Object> first = phases.getFirst();
    Map<String, Object> last = phases.getLast();
    double dispatcherGrowth = growth(first, last, "dispatcherLiveHeapMiB");
    double ingestGrowth = growth(first, last, "ingestLiveHeapMiB");
    double rateRatio =
        number(last, "steadyDeliveriesPerSecond") / number(first, "steadyDeliveriesPerSecond");
    out.put("dispatcherHeapGrowth", round2(dispatcherGrowth));
    out.put("ingestHeapGrowth", round2(ingestGrowth));
    out.put("deliveriesPerSecondRatio", round2(rateRatio));
    out.put("target", "heap growth <= " + TARGET_GROWTH + " from the first size to the last");
    out.put("dispatcherMet", dispatcherGrowth <= TARGET_GROWTH);
    out.put("ingestMet", ingestGrowth <= TARGET_GROWTH);
    out.put("largestGrowth", largestGrowth(histograms.getFirst(), histograms.getLast()));
    out.put("phases", phases);
    return out;
  }

  private static Map<String, Object> phase(
      Stack stack,
      Receiver receiver,
      int size,
      Options options,
      Map<String, Map<String, Long>> histograms)
      throws Exception {
    int active = options.integer("active", 1);
    int events = options.integer("events", 1);
    int replicas = options.integer("dispatchers", 1);
    Duration timeout = Duration.ofSeconds(options.integer("timeout-s", 10));
    try (Phase phase = stack.phase("endpoints-" + size, Common.settings(options))) {
      long writing = System.nanoTime();
      BenchEndpoint.writeAll(phase, receiver, size);
      Progress.say("%,d endpoints written in %.1f s", size, (System.nanoTime() - writing) / 1e9);
      ArrivalBook book = new ArrivalBook(phase.tag(), active + events);
      receiver.listen(book);
      phase.startRetry("in-process", List.of());
      ServiceHandle ingest =
          phase.startIngest("process", Common.memoryLimitOptions(options, "ingest"));
      List<ServiceHandle> dispatchers = new ArrayList<>();
      for (int i = 1; i <= replicas; i++) {
        dispatchers.add(
            phase.startDispatcher(
                "process", Common.dispatcherJvmOptions(options), "dispatcher-" + i));
      }
      EventLoad load = new EventLoad(phase, book, active, 1024);
      if (!load.prime(active, ThroughputScenario.PRIME_TIMEOUT)) {
        throw new IllegalStateException(size + " endpoints: the active ones were not all reached");
      }
      Progress.say("%,d endpoints: producing %,d events to %,d of them", size, events, active);
      load.burst(active, events);
      boolean all =
          ThroughputScenario.awaitAll(book, active + events, timeout, size + " endpoints");
      double rate = book.steadyRate(active, 0.1, 0.9);

      Map<String, Object> figures = new LinkedHashMap<>();
      figures.put("endpoints", size);
      figures.put("activeEndpoints", active);
      figures.put("events", events);
      figures.put("allDelivered", all);
      figures.put("steadyDeliveriesPerSecond", round1(rate));
      Map<String, Object> ingestHeap = liveHeap(ingest);
      histograms.put("ingest", histogram(ingest));
      figures.put("ingestLiveHeapMiB", ingestHeap.get("liveHeapMiB"));
      figures.put("ingestEndpointsHeld", ingestHeap.get("endpointsHeld"));
      double dispatcherHeap = 0;
      List<Map<String, Object>> each = new ArrayList<>();
      for (ServiceHandle d : dispatchers) {
        Map<String, Object> heap = liveHeap(d);
        dispatcherHeap = Math.max(dispatcherHeap, ((Number) heap.get("liveHeapMiB")).doubleValue());
        each.add(heap);
        if (d == dispatchers.getFirst()) {
          histograms.put("dispatcher", histogram(d));
        }
      }
      figures.put("dispatcherLiveHeapMiB", dispatcherHeap);
      figures.put("dispatcherLiveHeapOf", "the largest of the dispatchers'");
      figures.put("dispatchers", each);
      Progress.say("%,d endpoints: %s", size, figures);
      return figures;
    }
  }

  /** The service's heap in use right after a full GC, and how many endpoints it holds. */
  private static Map<String, Object> liveHeap(ServiceHandle service) throws Exception {
    long pid = service.pid().orElseThrow();
    Jcmd.run(pid, "GC.run");
    double heap = OpsMetrics.sum(service.opsPort(), "jvm_memory_used_bytes", "area=\"heap\"");
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("liveHeapMiB", Math.round(heap / MIB * 10) / 10.0);
    out.put("endpointsHeld", Math.round(OpsMetrics.sum(service.opsPort(), HELD, "")));
    out.put("rssMiB", ProcStatus.rssKib(pid).orElse(0) / 1024);
    return out;
  }

  /** Live bytes by class, from the histogram right after the full GC of {@link #liveHeap}. */
  private static Map<String, Long> histogram(ServiceHandle service) throws Exception {
    Map<String, Long> bytes = new LinkedHashMap<>();
    for (String line : Jcmd.run(service.pid().orElseThrow(), "GC.class_histogram").split("\n")) {
      Matcher m = HISTOGRAM_LINE.matcher(line);
      if (m.find()) {
        bytes.merge(m.group(2), Long.parseLong(m.group(1)), Long::sum);
      }
    }
    return bytes;
  }

  /**
   * For each service, the classes whose live bytes grew most from the first phase to the last (in
   * KiB): what holds the memory that grows with the endpoints.
   */
  private static Map<String, Object> largestGrowth(
      Map<String, Map<String, Long>> first, Map<String, Map<String, Long>> last) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String service : last.keySet()) {
      Map<String, Long> before = first.getOrDefault(service, Map.of());
      Map<String, Long> kib = new LinkedHashMap<>();
      last.get(service).entrySet().stream()
          .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
          .limit(GROWTH_CLASSES)
          .forEach(e -> kib.put(e.getKey(), e.getValue() / 1024));
      out.put(service + "KiB", kib);
    }
    return out;
  }

  private static double growth(Map<String, Object> first, Map<String, Object> last, String key) {
    return number(last, key) / number(first, key) - 1;
  }

  private static double number(Map<String, Object> figures, String key) {
    return ((Number) figures.get(key)).doubleValue();
  }
}
