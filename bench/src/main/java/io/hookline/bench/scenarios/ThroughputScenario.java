package io.hookline.bench.scenarios;

import static io.hookline.bench.scenarios.Common.round1;
import static io.hookline.bench.scenarios.Common.round2;

import io.hookline.bench.Option;
import io.hookline.bench.Options;
import io.hookline.bench.Scenario;
import io.hookline.bench.harness.ArrivalBook;
import io.hookline.bench.harness.BenchEndpoint;
import io.hookline.bench.harness.CpuWindow;
import io.hookline.bench.harness.EventLoad;
import io.hookline.bench.harness.Phase;
import io.hookline.bench.harness.ProcStatus;
import io.hookline.bench.harness.Progress;
import io.hookline.bench.harness.RawSenderProcess;
import io.hookline.bench.harness.Receiver;
import io.hookline.bench.harness.ServiceHandle;
import io.hookline.bench.harness.Stack;
import io.hookline.dispatcher.DispatcherConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * End-to-end deliveries per second (events topic → fan-out → dispatcher → receiver) against the
 * requests per second of the dispatcher's own HTTP sender in a tight loop with the same
 * concurrency, same receiver, no Kafka.
 */
public final class ThroughputScenario implements Scenario {
  private static final double TARGET = 0.5;
  static final Duration PRIME_TIMEOUT = Duration.ofSeconds(120);

  @Override
  public String name() {
    return "throughput";
  }

  @Override
  public String summary() {
    return "end-to-end deliveries/s vs. a raw HttpSender loop (target ratio >= " + TARGET + ")";
  }

  @Override
  public List<Option> options() {
    return List.of(
        new Option("events", "40000", "events produced to the events topic (one delivery each)"),
        new Option("endpoints", "1000", "endpoints, each of its own tenant and receiver port"),
        new Option(
            "warmup-events",
            "20000",
            "events delivered before the measured ones, in both phases, unmeasured: the JVMs'"
                + " compilers are done before the CPU is counted"),
        new Option("payload-bytes", "1024", "size of the body a receiver gets"),
        new Option("timeout-s", "300", "how long each phase may take to deliver everything"),
        Common.RECEIVER_PORTS,
        Common.DISPATCHER,
        Common.DISPATCHER_JVM_OPTS,
        // Each process on its own by default, so that the cost per delivery is told per process.
        Common.defaulting(Common.SERVICES, "process"),
        Common.defaulting(Common.BROKER, "process"),
        Common.MEMORY_LIMITS,
        Common.SETTINGS);
  }

  @Override
  public Map<String, Object> run(Options options) throws Exception {
    int events = options.integer("events", 1000);
    int warmup = options.integer("warmup-events", 0);
    int endpoints = options.integer("endpoints", 1);
    int payloadBytes = options.integer("payload-bytes", 200);
    Duration timeout = Duration.ofSeconds(options.integer("timeout-s", 10));
    Map<String, String> limits = Common.memoryLimits(options);
    Map<String, Object> out = new LinkedHashMap<>();
    try (Stack stack = Stack.start(Common.brokerMode(options));
        Receiver receiver =
            Receiver.start(endpoints, Common.receiverPorts(options), Duration.ZERO)) {
      // Hookline first, on the colder JVM: any warm-up advantage goes to the reference.
      Map<String, Object> pipeline = new LinkedHashMap<>();
      Result hookline =
          pipeline(stack, receiver, events, warmup, payloadBytes, timeout, options, pipeline);
      Map<String, Object> raw = new LinkedHashMap<>();
      double rawRate = raw(hookline, receiver, events, payloadBytes, timeout, raw);
      double ratio = hookline.rate / rawRate;
      out.put("deliveriesPerSecond", round1(hookline.rate));
      out.put("rawRequestsPerSecond", round1(rawRate));
      out.put("ratio", round2(ratio));
      out.put("target", "ratio >= " + TARGET);
      out.put("met", ratio >= TARGET);
      out.put("cost", cost(hookline, raw));
      out.put("receiverPorts", receiver.ports());
      out.put("dispatcher", hookline.dispatcher);
      out.put("ingest", hookline.ingest);
      out.put("retry", hookline.retry);
      if (!limits.isEmpty()) {
        out.put("memoryLimits", limits);
      }
      if (!Common.settings(options).isEmpty()) {
        out.put("settings", Common.settings(options));
      }
      out.put("pipeline", pipeline);
      out.put("raw", raw);
      out.put("benchJvmPeakRssMiB", ProcStatus.peakRssKib(ProcStatus.selfPid()).orElse(0) / 1024);
      stack.brokerPeakRssKib().ifPresent(kib -> out.put("brokerPeakRssMiB", kib / 1024));
      out.put("pipelinePeakRssMiB", peakRss(stack, hookline));
    }
    return out;
  }

  private record Result(
      double rate,
      int warmup,
      Map<String, Object> cpu,
      Map<String, Object> dispatcher,
      Map<String, Object> ingest,
      Map<String, Object> retry,
      DispatcherConfig config,
      Map<String, String> vars,
      List<BenchEndpoint> endpoints) {}

  private static Result pipeline(
      Stack stack,
      Receiver receiver,
      int events,
      int warmup,
      int payloadBytes,
      Duration timeout,
      Options options,
      Map<String, Object> figures)
      throws Exception {
    try (Phase phase = stack.phase("throughput", Common.settings(options))) {
      List<BenchEndpoint> endpoints = BenchEndpoint.writeAll(phase, receiver);
      int prime = receiver.endpoints();
      int primed = prime + warmup;
      ArrivalBook book = new ArrivalBook(phase.tag(), primed + events);
      receiver.listen(book);
      String services = Common.servicesMode(options);
      ServiceHandle retry = phase.startRetry(services, Common.memoryLimitOptions(options, "retry"));
      ServiceHandle ingest =
          phase.startIngest(services, Common.memoryLimitOptions(options, "ingest"));
      ServiceHandle dispatcher =
          phase.startDispatcher(
              Common.dispatcherMode(options), Common.dispatcherJvmOptions(options));
      EventLoad load = new EventLoad(phase, book, receiver.endpoints(), payloadBytes);
      if (!load.prime(prime, PRIME_TIMEOUT)) {
        throw new IllegalStateException("the pipeline did not deliver one event per endpoint");
      }
      if (warmup > 0) {
        Progress.say("hookline: warming up with %,d events", warmup);
        load.burst(prime, warmup);
        if (!awaitAll(book, primed, timeout, "warm-up")) {
          throw new IllegalStateException("the warm-up's events were not all delivered");
        }
      }
      Progress.say(
          "hookline: producing %,d events of ~%d B to %s",
          events, payloadBytes, phase.topics().events());
      long started = System.nanoTime();
      double benchCpuBefore = ProcStatus.selfCpuSeconds();
      Map<String, Supplier<Optional<Double>>> processes = new LinkedHashMap<>();
      processes.put("broker", stack::brokerCpuSeconds);
      processes.put("ingest", CpuWindow.of(ingest));
      processes.put("dispatcher", CpuWindow.of(dispatcher));
      processes.put("retry", CpuWindow.of(retry));
      processes.put("benchJvm", CpuWindow.self());
      CpuWindow cpu = CpuWindow.open(processes);
      Thread producer =
          Thread.ofPlatform().name("bench-load").start(() -> load.burst(primed, events));
      boolean all = awaitAll(book, primed + events, timeout, "hookline");
      producer.join(Duration.ofSeconds(30));
      double wallSeconds = (System.nanoTime() - started) / 1e9;
      long[] arrivals = book.arrivalTimes(primed);
      Map<String, Object> cpuFigures = cpu.close(arrivals.length, "Delivery");
      Map<String, Object> dispatcherFigures = dispatcher.figures();
      Map<String, Object> ingestFigures = ingest.figures();
      Map<String, Object> retryFigures = retry.figures();
      double rate = book.steadyRate(primed, 0.1, 0.9);
      figures.put("events", events);
      figures.put("warmupEvents", warmup);
      figures.put("delivered", arrivals.length);
      figures.put("allDelivered", all);
      figures.put("requestsIncludingDuplicates", book.arrivals() - primed);
      figures.put("produceFailures", load.failures());
      figures.put("steadyDeliveriesPerSecond", round1(rate));
      figures.put("steadyWindow", "between the 10% and the 90% first arrival");
      figures.put("wallSeconds", round1(wallSeconds));
      figures.put("benchJvmCpuSeconds", round1(ProcStatus.selfCpuSeconds() - benchCpuBefore));
      figures.put("benchJvmHolds", benchJvmHolds(stack, services));
      figures.put("cpu", cpuFigures);
      if (arrivals.length > 0) {
        figures.put(
            "firstEventToLastDeliverySeconds",
            round1((arrivals[arrivals.length - 1] - book.sentAt(primed)) / 1e9));
      }
      Progress.say("hookline: %.0f deliveries/s steady", rate);
      return new Result(
          rate,
          warmup,
          cpuFigures,
          dispatcherFigures,
          ingestFigures,
          retryFigures,
          phase.dispatcherConfig(),
          Map.copyOf(phase.vars()),
          endpoints);
    }
  }

  private static double raw(
      Result hookline,
      Receiver receiver,
      int requests,
      int payloadBytes,
      Duration timeout,
      Map<String, Object> figures)
      throws Exception {
    DispatcherConfig config = hookline.config;
    // The dispatcher cannot have more requests in flight than its global cap, nor more than its
    // per-endpoint cap allows across these endpoints.
    int concurrency =
        (int)
            Math.min(
                config.maxInFlight(), (long) config.endpointMaxInFlight() * receiver.endpoints());
    // The same warm-up as the pipeline's, sent as part of the priming range.
    int prime = receiver.endpoints() + hookline.warmup;
    ArrivalBook book = new ArrivalBook("raw", prime + requests);
    receiver.listen(book);
    Progress.say(
        "raw: %,d requests with %,d virtual threads in a sender process, no Kafka",
        requests, concurrency);
    long started = System.nanoTime();
    double benchCpuBefore = ProcStatus.selfCpuSeconds();
    try (RawSenderProcess sender =
        RawSenderProcess.start(
            hookline.vars,
            hookline.endpoints,
            book.idPrefix(),
            prime,
            requests,
            concurrency,
            payloadBytes,
            timeout)) {
      awaitAll(book, prime + requests, timeout, "raw");
      Map<String, Number> counts = sender.await(timeout);
      double rate = book.steadyRate(prime, 0.1, 0.9);
      figures.put("requests", requests);
      figures.put("concurrency", concurrency);
      figures.put(
          "concurrencyFrom",
          "min(HOOKLINE_DISPATCH_MAX_IN_FLIGHT="
              + config.maxInFlight()
              + ", HOOKLINE_DISPATCH_ENDPOINT_MAX_IN_FLIGHT="
              + config.endpointMaxInFlight()
              + " x endpoints)");
      figures.put("delivered", counts.get("delivered").longValue() - prime);
      figures.put("failed", counts.get("failed"));
      figures.put("senderCpuSeconds", counts.get("cpuSeconds"));
      figures.put("senderMeasuredCpuSeconds", counts.get("measuredCpuSeconds"));
      figures.put("benchJvmCpuSeconds", round1(ProcStatus.selfCpuSeconds() - benchCpuBefore));
      figures.put("benchJvmHolds", "broker (idle), receivers");
      figures.put("steadyRequestsPerSecond", round1(rate));
      figures.put("wallSeconds", round1((System.nanoTime() - started) / 1e9));
      Progress.say("raw: %.0f requests/s steady", rate);
      return rate;
    }
  }

  /**
   * The pipeline's processes' peak RSS (each one's VmHWM; their peaks need not coincide, so the sum
   * is an upper bound of what the stack held at once), or what could not be told apart.
   */
  private static Object peakRss(Stack stack, Result hookline) {
    Map<String, Object> out = new LinkedHashMap<>();
    long sum = 0;
    boolean all = stack.brokerPeakRssKib().isPresent();
    if (all) {
      out.put("broker", stack.brokerPeakRssKib().getAsLong() / 1024);
      sum += stack.brokerPeakRssKib().getAsLong() / 1024;
    }
    Map<String, Map<String, Object>> services = new LinkedHashMap<>();
    services.put("ingest", hookline.ingest);
    services.put("dispatcher", hookline.dispatcher);
    services.put("retry", hookline.retry);
    for (Map.Entry<String, Map<String, Object>> service : services.entrySet()) {
      boolean own = "process".equals(service.getValue().get("mode"));
      if (own && service.getValue().get("peakRssMiB") instanceof Number mib) {
        out.put(service.getKey(), mib);
        sum += mib.longValue();
      } else {
        all = false;
      }
    }
    if (!all) {
      return "not every process runs on its own (--broker process --services process)";
    }
    out.put("sum", sum);
    out.put("note", "each process's VmHWM; the sum bounds what the stack held at once");
    return out;
  }

  private static String benchJvmHolds(Stack stack, String services) {
    List<String> parts = new ArrayList<>();
    if (stack.brokerMode().equals("in-process")) {
      parts.add("broker");
    }
    if (services.equals("in-process")) {
      parts.add("ingest (fan-out, status view, health monitor)");
      parts.add("retry-service");
    }
    parts.add("receivers");
    parts.add("load");
    return String.join(", ", parts);
  }

  /**
   * What a delivery costs: the pipeline's CPU milliseconds per delivery, each process and their
   * sum, against the raw phase's per request (the sender and the receivers), and the dispatcher's
   * against the raw sender's (the same HTTP work, without Kafka).
   */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> cost(Result hookline, Map<String, Object> raw) {
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, Object> perDelivery = (Map<String, Object>) hookline.cpu.get("cpuMsPerDelivery");
    out.put("pipelineCpuMsPerDelivery", perDelivery);
    long requests = ((Number) raw.get("delivered")).longValue();
    double sender = ((Number) raw.get("senderMeasuredCpuSeconds")).doubleValue();
    double receivers = ((Number) raw.get("benchJvmCpuSeconds")).doubleValue();
    if (requests > 0) {
      double senderMs = sender * 1000 / requests;
      Map<String, Object> rawPerRequest = new LinkedHashMap<>();
      rawPerRequest.put("sender", round3(senderMs));
      rawPerRequest.put("benchJvm", round3(receivers * 1000 / requests));
      rawPerRequest.put("sum", round3((sender + receivers) * 1000 / requests));
      out.put("rawCpuMsPerRequest", rawPerRequest);
      if (perDelivery.get("dispatcher") instanceof Number dispatcher) {
        out.put("dispatcherToRawSender", round2(dispatcher.doubleValue() / senderMs));
        out.put("dispatcherTarget", "<= 1.3x the raw sender's");
      }
    }
    if (perDelivery.get("sum") instanceof Number sum) {
      out.put("sumTarget", "<= 0.8 ms a delivery, every process counted");
      out.put("sumMet", sum.doubleValue() <= 0.8);
    }
    return out;
  }

  private static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  static boolean awaitAll(ArrivalBook book, int count, Duration timeout, String label)
      throws InterruptedException {
    long[] last = {0, System.nanoTime()};
    return book.await(
        count,
        timeout,
        Duration.ofSeconds(5),
        () -> {
          long now = System.nanoTime();
          long arrived = book.firstArrivals();
          Progress.say(
              "%s: %,d / %,d arrived (%.0f/s)",
              label, arrived, count, (arrived - last[0]) / ((now - last[1]) / 1e9));
          last[0] = arrived;
          last[1] = now;
        });
  }
}
