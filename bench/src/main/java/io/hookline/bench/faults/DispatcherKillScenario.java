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
 * {@code bench/run faults dispatcher-kill}: dispatchers in their own processes; one is killed with
 * SIGKILL several times during a paced load and started again at once (same instance id). Nothing
 * may be lost; it reports the duplicates each kill caused (against the delivery rate just before
 * it: how many seconds of throughput were redelivered) and the longest pause in arrivals at any
 * endpoint after each kill.
 */
public final class DispatcherKillScenario implements Scenario {
  @Override
  public String name() {
    return "faults dispatcher-kill";
  }

  @Override
  public String summary() {
    return "SIGKILL a dispatcher during load and restart it: lost, duplicates per kill, pauses";
  }

  @Override
  public List<Option> options() {
    return List.of(
        new Option("events", "5000", "events posted (each to every endpoint)"),
        new Option("endpoints", "20", "endpoints, all subscribed to every event"),
        new Option("rate", "25", "events per second"),
        new Option("dispatchers", "2", "dispatcher processes"),
        new Option("kills", "3", "SIGKILLs of dispatcher 0, each followed by a restart"),
        new Option("first-kill-s", "20", "seconds into the load of the first kill"),
        new Option(
            "kill-every-s",
            "25",
            "seconds between kills, and at least between a restart being ready and the next kill"),
        new Option("pause-window-s", "90", "how long after a kill to look for the longest pause"),
        new Option(
            "aot", "true", "start dispatchers from an AOT cache of a training run (JDK 25+)"));
  }

  @Override
  public Map<String, Object> run(Options options) throws Exception {
    int events = options.integer("events", 1);
    int endpoints = options.integer("endpoints", 1);
    int rate = options.integer("rate", 1);
    int kills = options.integer("kills", 0);
    long firstKillNanos = TimeUnit.SECONDS.toNanos(options.integer("first-kill-s", 1));
    long everyNanos = TimeUnit.SECONDS.toNanos(options.integer("kill-every-s", 1));
    Duration window = Duration.ofSeconds(options.integer("pause-window-s", 1));
    try (FaultStack stack =
        FaultStack.start(
            "dispatcher-kill",
            options.integer("dispatchers", 1),
            endpoints,
            Map.of(),
            Boolean.parseBoolean(options.string("aot")))) {
      ApiLoad load = new ApiLoad(stack.apiBase(), FaultStack.TOKEN, FaultStack.TENANT, "dk");
      long loadStart = System.nanoTime();
      Thread loader = load.start(events, rate);
      List<long[]> killTimes = new ArrayList<>(); // {killNanos, readyMs}
      long lastReady = loadStart;
      for (int k = 0; k < kills; k++) {
        long due = Math.max(loadStart + firstKillNanos + k * everyNanos, lastReady + everyNanos);
        Pauses.sleepUntil(due);
        long at = System.nanoTime();
        stack.dispatchers.get(0).kill();
        ServiceProcess again = stack.startDispatcher(0);
        lastReady = System.nanoTime();
        killTimes.add(new long[] {at, again.readyAfterMs()});
      }
      loader.join();
      Progress.say("load done: %d accepted", load.accepted().cardinality());
      Map<String, Object> out =
          Accounting.settleAndCount(
              stack, load, events, Duration.ofSeconds(40), Duration.ofMinutes(5));
      List<FaultReceiver.Arrival> arrivals = stack.receiver.arrivals();
      List<Map<String, Object>> perKill = new ArrayList<>();
      long longest = 0;
      double rateSum = 0;
      for (long[] kill : killTimes) {
        long pause = Pauses.longestAfter(arrivals, kill[0], window);
        double before =
            Pauses.ratePerSecond(arrivals, kill[0] - TimeUnit.SECONDS.toNanos(10), kill[0]);
        longest = Math.max(longest, pause);
        rateSum += before;
        Map<String, Object> k = new LinkedHashMap<>();
        k.put("atS", Math.round((kill[0] - loadStart) / 1e8) / 10.0);
        k.put("longestPauseMs", pause);
        k.put("restartedReadyMs", kill[1]);
        k.put("deliveriesPerSecondBefore", Math.round(before));
        perKill.add(k);
      }
      long duplicates = ((Number) out.get("duplicates")).longValue();
      double perKillDuplicates = kills == 0 ? 0 : (double) duplicates / kills;
      double meanRate = kills == 0 ? 0 : rateSum / kills;
      out.put("kills", perKill);
      out.put("duplicatesPerKill", Math.round(perKillDuplicates));
      out.put(
          "secondsOfThroughputRedeliveredPerKill",
          meanRate == 0 ? null : Math.round(perKillDuplicates / meanRate * 100) / 100.0);
      out.put("longestPauseMs", longest);
      out.put("stack", stack.describe());
      return out;
    }
  }
}
