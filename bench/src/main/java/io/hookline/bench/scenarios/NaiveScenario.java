package io.hookline.bench.scenarios;

import static io.hookline.bench.scenarios.Common.round1;

import io.hookline.bench.Option;
import io.hookline.bench.Options;
import io.hookline.bench.Scenario;
import io.hookline.bench.harness.ArrivalBook;
import io.hookline.bench.harness.BenchEndpoint;
import io.hookline.bench.harness.EventLoad;
import io.hookline.bench.harness.FanOutWatch;
import io.hookline.bench.harness.Phase;
import io.hookline.bench.harness.Progress;
import io.hookline.bench.harness.Receiver;
import io.hookline.bench.harness.Receiver.Behaviour;
import io.hookline.bench.harness.ServiceHandle;
import io.hookline.bench.harness.Stack;
import io.hookline.bench.reference.NaiveConsumer;
import io.hookline.bench.reference.Senders;
import io.hookline.dispatcher.http.HttpSender;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hookline against the design users start from (one record at a time, synchronous POST, commit
 * after each), both draining a backlog of deliveries with the isolation scenario's mix of slow and
 * refusing endpoints, for the same measured window: healthy deliveries per second.
 */
public final class NaiveScenario implements Scenario {
  private static final double TARGET = 10;

  @Override
  public String name() {
    return "naive";
  }

  @Override
  public String summary() {
    return "healthy deliveries/s vs. a one-record-at-a-time consumer on the isolation load"
        + " (target ratio >= "
        + (int) TARGET
        + ")";
  }

  @Override
  public List<Option> options() {
    return List.of(
        new Option("endpoints", "1000", "endpoints, each of its own tenant and receiver port"),
        new Option("backlog", "40000", "events waiting (one delivery each) when Hookline starts"),
        new Option(
            "naive-backlog", "2000", "events waiting for the naive consumer (it gets through few)"),
        new Option("duration-s", "20", "the measured window, from the first healthy delivery"),
        new Option("slow-percent", "10", "endpoints that answer only after --slow-ms"),
        new Option("slow-ms", "5000", "how long slow endpoints take to answer"),
        new Option("refused-percent", "5", "endpoints whose port refuses connections"),
        new Option("payload-bytes", "1024", "size of the body a receiver gets"),
        Common.RECEIVER_PORTS,
        Common.DISPATCHER,
        Common.DISPATCHER_JVM_OPTS,
        Common.MEMORY_LIMITS);
  }

  @Override
  public Map<String, Object> run(Options options) throws Exception {
    int endpoints = options.integer("endpoints", 20);
    Duration window = Duration.ofSeconds(options.integer("duration-s", 1));
    Behaviour[] layout =
        Common.degraded(
            endpoints, options.integer("slow-percent", 0), options.integer("refused-percent", 0));
    Duration slow = Duration.ofMillis(options.integer("slow-ms", 1));
    int payload = options.integer("payload-bytes", 200);
    Map<String, Object> out = new LinkedHashMap<>();
    try (Stack stack = Stack.start();
        Receiver receiver = Receiver.start(endpoints, Common.receiverPorts(options), slow)) {
      receiver.behave(layout);
      Map<String, Object> hookline = new LinkedHashMap<>();
      Map<String, Object> naive = new LinkedHashMap<>();
      double hooklineRate =
          phase(
              stack,
              receiver,
              "hookline",
              options.integer("backlog", 100),
              window,
              payload,
              layout,
              hookline,
              (phase, written) -> {
                phase.startRetry();
                ServiceHandle dispatcher =
                    phase.startDispatcher(
                        Common.dispatcherMode(options), Common.dispatcherJvmOptions(options));
                return () -> hookline.put("dispatcher", dispatcher.figures());
              });
      double naiveRate =
          phase(
              stack,
              receiver,
              "naive",
              options.integer("naive-backlog", 100),
              window,
              payload,
              layout,
              naive,
              (phase, written) -> startNaive(phase, written, window, naive));
      double ratio = hooklineRate / naiveRate;
      out.put("hooklineHealthyPerSecond", round1(hooklineRate));
      out.put("naiveHealthyPerSecond", round1(naiveRate));
      out.put("ratio", round1(ratio));
      out.put("target", "ratio >= " + (int) TARGET);
      out.put("met", ratio >= TARGET);
      out.put("hookline", hookline);
      out.put("naive", naive);
    }
    return out;
  }

  /** Starts whatever consumes the phase's deliveries; returns what to do once the window ends. */
  private interface Consumers {
    Runnable start(Phase phase, List<BenchEndpoint> endpoints) throws Exception;
  }

  private static Runnable startNaive(
      Phase phase, List<BenchEndpoint> endpoints, Duration window, Map<String, Object> figures) {
    HttpSender sender = phase.own(Senders.likeTheDispatcher(phase.dispatcherConfig()));
    NaiveConsumer naive = new NaiveConsumer(phase, sender, endpoints);
    // Bounded by itself too: the window, time to join the group, and one slow request.
    Duration limit = window.plusSeconds(60);
    Thread thread = Thread.ofPlatform().name("bench-naive").start(() -> naive.run(limit));
    return () -> {
      naive.stop();
      try {
        thread.join(Duration.ofSeconds(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      figures.put("processed", naive.processed());
      figures.put("delivered", naive.delivered());
    };
  }

  /**
   * One phase: a backlog of events fanned out to deliveries first, then the consumer started, and
   * the healthy endpoints' first deliveries counted over {@code window} from the first of them.
   */
  private static double phase(
      Stack stack,
      Receiver receiver,
      String name,
      int backlog,
      Duration window,
      int payload,
      Behaviour[] layout,
      Map<String, Object> figures,
      Consumers consumers)
      throws Exception {
    try (Phase phase = stack.phase(name, Map.of())) {
      List<BenchEndpoint> endpoints = BenchEndpoint.writeAll(phase, receiver);
      ArrivalBook book = new ArrivalBook(phase.tag(), backlog);
      receiver.listen(book);
      phase.startIngest();
      Progress.say("%s: fanning out a backlog of %,d events", name, backlog);
      EventLoad load = new EventLoad(phase, book, receiver.endpoints(), payload);
      load.burst(0, backlog);
      if (!FanOutWatch.awaitFannedOut(phase, Duration.ofSeconds(180))) {
        throw new IllegalStateException(name + ": the fan-out did not finish within 180 s");
      }
      Runnable finish = consumers.start(phase, endpoints);
      if (!book.await(1, Duration.ofSeconds(60), Duration.ofSeconds(5), () -> {})) {
        throw new IllegalStateException(name + ": nothing was delivered within 60 s");
      }
      // The measured window: it ends early only if the whole backlog has arrived.
      ThroughputScenario.awaitAll(book, backlog, window.plusSeconds(1), name);
      finish.run();
      long healthyEvents = 0;
      long first = Long.MAX_VALUE;
      for (int seq = 0; seq < backlog; seq++) {
        if (layout[seq % layout.length] == Behaviour.HEALTHY) {
          healthyEvents++;
          long t = book.firstArrivalAt(seq);
          first = t == 0 ? first : Math.min(first, t);
        }
      }
      long end = first + window.toNanos();
      long inWindow = 0;
      long healthyArrived = 0;
      for (int seq = 0; seq < backlog; seq++) {
        long t = book.firstArrivalAt(seq);
        if (t != 0 && layout[seq % layout.length] == Behaviour.HEALTHY) {
          healthyArrived++;
          inWindow += t <= end ? 1 : 0;
        }
      }
      double rate = inWindow / (window.toNanos() / 1e9);
      figures.put("backlog", backlog);
      figures.put("healthyDeliveredInWindow", inWindow);
      figures.put("windowSeconds", window.toSeconds());
      figures.put("healthyPerSecond", round1(rate));
      // If every healthy delivery arrived inside the window, the backlog bounded the figure.
      figures.put("backlogExhausted", healthyArrived == healthyEvents && inWindow == healthyEvents);
      figures.put("slowRequests", receiver.arrivals(Behaviour.SLOW));
      Progress.say("%s: %.1f healthy deliveries/s", name, rate);
      return rate;
    }
  }
}
