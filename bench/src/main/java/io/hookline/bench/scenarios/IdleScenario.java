package io.hookline.bench.scenarios;

import io.hookline.bench.Option;
import io.hookline.bench.Options;
import io.hookline.bench.Scenario;
import io.hookline.bench.harness.ArrivalBook;
import io.hookline.bench.harness.BenchEndpoint;
import io.hookline.bench.harness.CpuWindow;
import io.hookline.bench.harness.EventLoad;
import io.hookline.bench.harness.JfrRecordings;
import io.hookline.bench.harness.Phase;
import io.hookline.bench.harness.Progress;
import io.hookline.bench.harness.Receiver;
import io.hookline.bench.harness.ServiceHandle;
import io.hookline.bench.harness.Stack;
import io.hookline.bench.harness.ThreadCpu;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the pipeline costs when there is little or nothing to do: each process's CPU (in cores) over
 * a window with no events at all, then over a steady low load ({@code --rate} events/s). A service
 * that spins or polls shows here, where a throughput run would hide it under real work. Every
 * process runs on its own (broker, ingest, dispatcher, retry-service), so each is measured apart;
 * the bench JVM holds the receivers and the load.
 */
public final class IdleScenario implements Scenario {
  private static final double IDLE_TARGET_CORES = 0.02;
  private static final double LOAD_TARGET_CORES = 0.5;
  private static final int TOP_THREADS = 8;
  private static final List<String> SERVICES = List.of("ingest", "dispatcher", "retry");

  @Override
  public String name() {
    return "idle";
  }

  @Override
  public String summary() {
    return "CPU of each process when idle (target <= "
        + IDLE_TARGET_CORES
        + " core a service) and at a low load (target <= "
        + LOAD_TARGET_CORES
        + " core, the whole pipeline)";
  }

  @Override
  public List<Option> options() {
    return List.of(
        new Option("endpoints", "1000", "endpoints, each of its own tenant and receiver port"),
        new Option(
            "warmup-burst",
            "20000",
            "events sent as fast as the pipeline takes them first, unmeasured: the JIT compiles"
                + " the hot paths then, instead of inside the measured windows"),
        new Option(
            "warmup-s",
            "30",
            "seconds of the low load after the burst, unmeasured: the paths a low rate takes"),
        new Option(
            "settle-s", "15", "seconds left alone after the warm-up, before the idle window"),
        new Option("idle-s", "30", "length of the idle window, seconds"),
        new Option("rate", "200", "events/s of the low-load window (one delivery each)"),
        new Option("duration-s", "30", "length of the low-load window, seconds"),
        new Option("payload-bytes", "1024", "size of the body a receiver gets"),
        new Option(
            "profile",
            "",
            "a directory: record JFR (profile settings) in every process over each window"),
        Common.RECEIVER_PORTS,
        Common.SETTINGS);
  }

  @Override
  public Map<String, Object> run(Options options) throws Exception {
    int endpoints = options.integer("endpoints", 1);
    Duration warmup = Duration.ofSeconds(options.integer("warmup-s", 0));
    Duration settle = Duration.ofSeconds(options.integer("settle-s", 0));
    Duration idle = Duration.ofSeconds(options.integer("idle-s", 1));
    int rate = options.integer("rate", 1);
    Duration duration = Duration.ofSeconds(options.integer("duration-s", 1));
    int events = (int) (rate * duration.toSeconds());
    int burst = options.integer("warmup-burst", 0);
    int warmupEvents = burst + (int) (rate * warmup.toSeconds());
    Map<String, Object> out = new LinkedHashMap<>();
    try (Stack stack = Stack.start("process");
        Receiver receiver =
            Receiver.start(endpoints, Common.receiverPorts(options), Duration.ZERO);
        Phase phase = stack.phase("idle", Common.settings(options))) {
      BenchEndpoint.writeAll(phase, receiver);
      ArrivalBook book = new ArrivalBook(phase.tag(), endpoints + warmupEvents + events);
      receiver.listen(book);
      Map<String, ServiceHandle> services = new LinkedHashMap<>();
      services.put("retry", phase.startRetry("process", List.of()));
      services.put("ingest", phase.startIngest("process", List.of()));
      services.put("dispatcher", phase.startDispatcher("process", List.of()));
      EventLoad load =
          new EventLoad(phase, book, endpoints, options.integer("payload-bytes", 1024));
      if (!load.prime(endpoints, ThroughputScenario.PRIME_TIMEOUT)) {
        throw new IllegalStateException("the pipeline did not deliver one event per endpoint");
      }
      Map<String, Supplier<Optional<Double>>> processes = new LinkedHashMap<>();
      processes.put("broker", stack::brokerCpuSeconds);
      services.forEach((name, service) -> processes.put(name, CpuWindow.of(service)));
      processes.put("benchJvm", CpuWindow.self());

      // Young JVMs spend much of their CPU compiling: measured is the pipeline once warm.
      Progress.say(
          "warm-up: %,d events at once, then %d events/s for %d s",
          burst, rate, warmup.toSeconds());
      load.burst(endpoints, burst);
      int warmed = endpoints + burst + load.paced(endpoints + burst, warmupEvents - burst, rate);
      if (!ThroughputScenario.awaitAll(book, warmed, Duration.ofSeconds(120), "warm-up")) {
        throw new IllegalStateException("the warm-up's events were not all delivered");
      }
      Progress.say(
          "idle: left alone for %d s, then measured for %d s",
          settle.toSeconds(), idle.toSeconds());
      // A measured window, not a synchronisation: nothing is awaited but the clock.
      Thread.sleep(settle);
      Optional<Path> profile =
          Optional.of(options.string("profile").strip()).filter(d -> !d.isEmpty()).map(Path::of);
      Map<String, Long> pids = new LinkedHashMap<>();
      stack.brokerPid().ifPresent(pid -> pids.put("broker", pid));
      services.forEach((name, service) -> service.pid().ifPresent(pid -> pids.put(name, pid)));
      JfrRecordings idleRecordings = JfrRecordings.start(profile, "idle", pids);
      CpuWindow idleWindow = CpuWindow.open(processes);
      ThreadCpu idleThreads = ThreadCpu.open(pids);
      Thread.sleep(idle);
      Map<String, Object> idleFigures = idleWindow.close();
      ThreadCpu.Threads idleByThread = idleThreads.close(TOP_THREADS);
      idleFigures.put("busiestThreadsCores", idleByThread.busiest());
      idleFigures.put("jitCompilerCores", idleByThread.compiler());
      List<String> idleJfr = idleRecordings.stop();
      if (!idleJfr.isEmpty()) {
        idleFigures.put("jfr", idleJfr);
      }
      Progress.say("idle: cores %s", idleFigures.get("cores"));

      Progress.say(
          "load: %d events/s to %d endpoints for %d s", rate, endpoints, duration.toSeconds());
      JfrRecordings loadRecordings = JfrRecordings.start(profile, "load", pids);
      CpuWindow loadWindow = CpuWindow.open(processes);
      ThreadCpu loadThreads = ThreadCpu.open(pids);
      int sent = load.paced(warmed, events, rate);
      boolean all =
          ThroughputScenario.awaitAll(book, warmed + sent, Duration.ofSeconds(60), "load");
      Map<String, Object> loadFigures = loadWindow.close(book.firstArrivals() - warmed, "Delivery");
      ThreadCpu.Threads loadByThread = loadThreads.close(TOP_THREADS);
      loadFigures.put("busiestThreadsCores", loadByThread.busiest());
      loadFigures.put("jitCompilerCores", loadByThread.compiler());
      List<String> loadJfr = loadRecordings.stop();
      if (!loadJfr.isEmpty()) {
        loadFigures.put("jfr", loadJfr);
      }
      loadFigures.put("eventsSent", sent);
      loadFigures.put("allDelivered", all);
      loadFigures.put("produceFailures", load.failures());
      Progress.say("load: cores %s", loadFigures.get("cores"));

      out.put("idleCoresPerService", pick(idleFigures, SERVICES));
      out.put("idleCoresBroker", pick(idleFigures, List.of("broker")).get("broker"));
      out.put("loadCoresPipeline", pipelineCores(loadFigures));
      out.put(
          "loadCoresPipelineLessJit",
          round3(pipelineCores(loadFigures) - pipelineJit(loadByThread.compiler())));
      out.put(
          "target",
          "idle: each service <= "
              + IDLE_TARGET_CORES
              + " core; load: broker + services <= "
              + LOAD_TARGET_CORES
              + " core");
      out.put("met", met(idleFigures, loadFigures));
      out.put("idle", idleFigures);
      out.put("load", loadFigures);
      out.put("benchJvmHolds", "receivers, load");
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> pick(Map<String, Object> window, List<String> names) {
    Map<String, Object> cores = (Map<String, Object>) window.get("cores");
    Map<String, Object> out = new LinkedHashMap<>();
    names.forEach(name -> out.put(name, cores.get(name)));
    return out;
  }

  /** The pipeline's own cores under load: the broker and the services, not receivers or load. */
  @SuppressWarnings("unchecked")
  private static double pipelineCores(Map<String, Object> window) {
    Map<String, Object> cores = (Map<String, Object>) window.get("cores");
    double sum = 0;
    for (Map.Entry<String, Object> e : cores.entrySet()) {
      if (!e.getKey().equals("benchJvm")
          && !e.getKey().equals("sum")
          && e.getValue() instanceof Number n) {
        sum += n.doubleValue();
      }
    }
    return Math.round(sum * 1000) / 1000.0;
  }

  /** The JIT compilers' cores in the broker and the services (not the bench JVM's). */
  private static double pipelineJit(Map<String, Double> compiler) {
    return compiler.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  private static double round3(double value) {
    return Math.round(value * 1000) / 1000.0;
  }

  private static boolean met(Map<String, Object> idle, Map<String, Object> load) {
    boolean servicesIdle =
        pick(idle, SERVICES).values().stream()
            .allMatch(v -> v instanceof Number n && n.doubleValue() <= IDLE_TARGET_CORES);
    return servicesIdle && pipelineCores(load) <= LOAD_TARGET_CORES;
  }
}
