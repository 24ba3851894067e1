package io.hookline.bench.faults;

import io.hookline.bench.Option;
import io.hookline.bench.Options;
import io.hookline.bench.Scenario;
import io.hookline.bench.harness.Progress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench/run faults scale}: one dispatcher, then three (two started during the load), then
 * one again (the two stopped with SIGTERM, as a scale-down does), under a paced load. Nothing may
 * be lost; it reports duplicates, the longest pause in arrivals after each change, and for how many
 * seconds all three dispatchers delivered together (each one's outcome counter grew).
 */
public final class ScaleScenario implements Scenario {
  private static final String OUTCOMES = "hookline_dispatch_outcomes_total";

  @Override
  public String name() {
    return "faults scale";
  }

  @Override
  public String summary() {
    return "dispatchers 1 -> 3 -> 1 during load: lost, duplicates, pauses, time all three delivered";
  }

  @Override
  public List<Option> options() {
    return List.of(
        new Option("events", "3000", "events posted (each to every endpoint)"),
        new Option("endpoints", "20", "endpoints, all subscribed to every event"),
        new Option("rate", "25", "events per second"),
        new Option("up-at-s", "20", "seconds into the load when two dispatchers are added"),
        new Option("together-s", "40", "seconds the three run together before two are stopped"),
        new Option(
            "pause-window-s", "30", "how long after a change to look for the longest pause"));
  }

  @Override
  public Map<String, Object> run(Options options) throws Exception {
    int events = options.integer("events", 1);
    int rate = options.integer("rate", 1);
    long togetherNanos = TimeUnit.SECONDS.toNanos(options.integer("together-s", 1));
    Duration window = Duration.ofSeconds(options.integer("pause-window-s", 1));
    try (FaultStack stack =
        FaultStack.start("scale", 1, options.integer("endpoints", 1), Map.of(), false)) {
      ApiLoad load = new ApiLoad(stack.apiBase(), FaultStack.TOKEN, FaultStack.TENANT, "sc");
      long loadStart = System.nanoTime();
      Thread loader = load.start(events, rate);
      Pauses.sleepUntil(loadStart + TimeUnit.SECONDS.toNanos(options.integer("up-at-s", 0)));
      long up = System.nanoTime();
      stack.startDispatcher(1);
      stack.startDispatcher(2);
      long allUp = System.nanoTime();
      int together = secondsAllDelivering(stack, allUp + togetherNanos);
      long down = System.nanoTime();
      stack.dispatchers.get(2).terminate();
      stack.dispatchers.get(1).terminate();
      long oneAgain = System.nanoTime();
      Progress.say("two dispatchers stopped in %.1f s", (oneAgain - down) / 1e9);
      loader.join();
      Progress.say("load done: %d accepted", load.accepted().cardinality());
      Map<String, Object> out =
          Accounting.settleAndCount(
              stack, load, events, Duration.ofSeconds(40), Duration.ofMinutes(5));
      List<FaultReceiver.Arrival> arrivals = stack.receiver.arrivals();
      out.put("secondsAllThreeDelivered", together);
      out.put("longestPauseAfterScaleUpMs", Pauses.longestAfter(arrivals, up, window));
      out.put("longestPauseAfterScaleDownMs", Pauses.longestAfter(arrivals, down, window));
      out.put("scaleUpMs", (allUp - up) / 1_000_000);
      out.put("scaleDownMs", (oneAgain - down) / 1_000_000);
      out.put("stack", stack.describe());
      return out;
    }
  }

  /**
   * Until {@code untilNanos}, once a second: whether every dispatcher's outcome counter grew in
   * that second. Returns the seconds in which all did.
   */
  private static int secondsAllDelivering(FaultStack stack, long untilNanos) throws Exception {
    int n = stack.dispatchers.size();
    double[] last = new double[n];
    for (int i = 0; i < n; i++) {
      last[i] = stack.dispatchers.get(i).metric(OUTCOMES, "");
    }
    int seconds = 0;
    long next = System.nanoTime();
    while ((next += TimeUnit.SECONDS.toNanos(1)) <= untilNanos) {
      Pauses.sleepUntil(next);
      boolean all = true;
      for (int i = 0; i < n; i++) {
        double now = stack.dispatchers.get(i).metric(OUTCOMES, "");
        all &= now > last[i];
        last[i] = now;
      }
      seconds += all ? 1 : 0;
    }
    return seconds;
  }
}
