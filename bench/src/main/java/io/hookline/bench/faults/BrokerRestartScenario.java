package io.hookline.bench.faults;

import io.hookline.bench.Option;
import io.hookline.bench.Options;
import io.hookline.bench.Scenario;
import io.hookline.bench.harness.Progress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench/run faults broker-restart}: the broker is stopped mid-load (SIGTERM, then later
 * SIGKILL), kept down, and started again on the same data; nothing else is touched. The API answers
 * 503 while it is down and the load's client retries (same event id), as a careful client does.
 * Nothing may be lost; it reports, for each stop, how long after the broker answered again new
 * deliveries arrived and the delivery rate was back to half of what it was before.
 */
public final class BrokerRestartScenario implements Scenario {
  @Override
  public String name() {
    return "faults broker-restart";
  }

  @Override
  public String summary() {
    return "stop the broker (SIGTERM, SIGKILL) mid-load and start it again: lost, time to resume";
  }

  @Override
  public List<Option> options() {
    return List.of(
        new Option("events", "4000", "events posted (each to every endpoint)"),
        new Option("endpoints", "20", "endpoints, all subscribed to every event"),
        new Option("rate", "25", "events per second"),
        new Option("dispatchers", "2", "dispatcher processes"),
        new Option("stops", "term,kill", "how the broker is stopped, in order: term or kill"),
        new Option("down-s", "30", "seconds the broker stays down each time"),
        new Option("first-stop-s", "20", "seconds into the load of the first stop"),
        new Option("gap-s", "25", "seconds from the broker's return to the next stop"));
  }

  @Override
  public Map<String, Object> run(Options options) throws Exception {
    int events = options.integer("events", 1);
    int rate = options.integer("rate", 1);
    List<String> stops = List.of(options.string("stops").split(","));
    for (String s : stops) {
      if (!s.equals("term") && !s.equals("kill")) {
        throw new IllegalArgumentException("--stops takes term or kill, comma-separated: " + s);
      }
    }
    long downNanos = TimeUnit.SECONDS.toNanos(options.integer("down-s", 1));
    long firstNanos = TimeUnit.SECONDS.toNanos(options.integer("first-stop-s", 1));
    long gapNanos = TimeUnit.SECONDS.toNanos(options.integer("gap-s", 1));
    try (FaultStack stack =
        FaultStack.start(
            "broker-restart",
            options.integer("dispatchers", 1),
            options.integer("endpoints", 1),
            Map.of(),
            false)) {
      ApiLoad load = new ApiLoad(stack.apiBase(), FaultStack.TOKEN, FaultStack.TENANT, "br");
      long loadStart = System.nanoTime();
      Thread loader = load.start(events, rate);
      List<long[]> restarts = new ArrayList<>(); // {stoppedNanos, backNanos, restartMs}
      long due = loadStart + firstNanos;
      for (String how : stops) {
        Pauses.sleepUntil(due);
        long stopped = System.nanoTime();
        stack.broker.stop(how.equals("kill"));
        Progress.say("broker stopped with %s", how.equals("kill") ? "SIGKILL" : "SIGTERM");
        Pauses.sleepUntil(stopped + downNanos);
        long starting = System.nanoTime();
        stack.broker.restart();
        long back = System.nanoTime();
        Progress.say("broker back after %.1f s of start", (back - starting) / 1e9);
        restarts.add(new long[] {stopped, back, (back - starting) / 1_000_000});
        due = back + gapNanos;
      }
      loader.join();
      Progress.say("load done: %d accepted", load.accepted().cardinality());
      Map<String, Object> out =
          Accounting.settleAndCount(
              stack, load, events, Duration.ofSeconds(40), Duration.ofMinutes(5));
      List<FaultReceiver.Arrival> arrivals = stack.receiver.arrivals();
      List<Map<String, Object>> perStop = new ArrayList<>();
      long slowest = 0;
      for (int i = 0; i < restarts.size(); i++) {
        long[] r = restarts.get(i);
        double before = Pauses.ratePerSecond(arrivals, r[0] - TimeUnit.SECONDS.toNanos(10), r[0]);
        long firstNew = Pauses.firstNewDeliveryAfter(arrivals, r[1]);
        long rateBack = Pauses.rateBackAfter(arrivals, r[1], before / 2);
        slowest = Math.max(slowest, firstNew < 0 ? Long.MAX_VALUE : firstNew);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("signal", stops.get(i).equals("kill") ? "SIGKILL" : "SIGTERM");
        s.put("atS", Math.round((r[0] - loadStart) / 1e8) / 10.0);
        s.put("downMs", (r[1] - r[0]) / 1_000_000);
        s.put("brokerStartMs", r[2]);
        s.put("firstNewDeliveryAfterBackMs", firstNew);
        s.put("halfRateAfterBackMs", rateBack);
        s.put("deliveriesPerSecondBefore", Math.round(before));
        perStop.add(s);
      }
      out.put("stops", perStop);
      out.put("slowestResumeAfterBackMs", slowest == Long.MAX_VALUE ? -1 : slowest);
      out.put("stack", stack.describe());
      return out;
    }
  }
}
