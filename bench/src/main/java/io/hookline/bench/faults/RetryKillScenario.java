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
 * {@code bench/run faults retry-kill}: every first attempt is answered 503, so every delivery waits
 * in the first retry tier; the retry-service is killed with SIGKILL while thousands wait there, and
 * started again at once (same instance id, so it fences its predecessor's transaction). Nothing may
 * be lost; it also counts duplicate forwards: forwards beyond one per tier record, which the
 * retry-service's exactly-once hops should keep at 0.
 */
public final class RetryKillScenario implements Scenario {
  @Override
  public String name() {
    return "faults retry-kill";
  }

  @Override
  public String summary() {
    return "SIGKILL the retry-service while thousands wait in a tier: lost, duplicate forwards";
  }

  @Override
  public List<Option> options() {
    return List.of(
        new Option("events", "3000", "events posted (each to every endpoint)"),
        new Option("endpoints", "20", "endpoints, all subscribed to every event"),
        new Option("rate", "25", "events per second"),
        new Option("tiers", "10s,20s,30s", "the retry tiers (HOOKLINE_RETRY_TIERS)"),
        new Option("kills", "2", "SIGKILLs of the retry-service, each followed by a restart"),
        new Option("first-kill-s", "30", "seconds into the load of the first kill"),
        new Option("kill-every-s", "30", "seconds between kills"));
  }

  @Override
  public Map<String, Object> run(Options options) throws Exception {
    int events = options.integer("events", 1);
    int rate = options.integer("rate", 1);
    int kills = options.integer("kills", 0);
    long firstNanos = TimeUnit.SECONDS.toNanos(options.integer("first-kill-s", 1));
    long everyNanos = TimeUnit.SECONDS.toNanos(options.integer("kill-every-s", 1));
    try (FaultStack stack =
        FaultStack.start(
            "retry-kill",
            2,
            options.integer("endpoints", 1),
            Map.of("HOOKLINE_RETRY_TIERS", options.string("tiers")),
            false)) {
      stack.receiver.failFirstAttempts(true);
      ApiLoad load = new ApiLoad(stack.apiBase(), FaultStack.TOKEN, FaultStack.TENANT, "rk");
      long loadStart = System.nanoTime();
      Thread loader = load.start(events, rate);
      List<Map<String, Object>> perKill = new ArrayList<>();
      for (int k = 0; k < kills; k++) {
        Pauses.sleepUntil(loadStart + firstNanos + k * everyNanos);
        long waiting = waitingForSecondAttempt(stack.receiver.arrivals());
        long at = System.nanoTime();
        stack.retry.kill();
        stack.retry.restart();
        Map<String, Object> kill = new LinkedHashMap<>();
        kill.put("atS", Math.round((at - loadStart) / 1e8) / 10.0);
        kill.put("waitingInTierAtKill", waiting);
        kill.put("restartedReadyMs", stack.retry.readyAfterMs());
        perKill.add(kill);
      }
      loader.join();
      Progress.say("load done: %d accepted", load.accepted().cardinality());
      Map<String, Object> out =
          Accounting.settleAndCount(
              stack, load, events, Duration.ofSeconds(45), Duration.ofMinutes(5));
      out.putAll(forwards(stack, ((Number) out.get("expectedDeliveries")).longValue()));
      out.put("kills", perKill);
      out.put("stack", stack.describe());
      return out;
    }
  }

  /** First attempts answered 503 whose second attempt has not arrived: waiting in the tier. */
  private static long waitingForSecondAttempt(List<FaultReceiver.Arrival> arrivals) {
    long failedFirst = arrivals.stream().filter(a -> a.attempt() == 1 && a.status() != 200).count();
    long second = arrivals.stream().filter(a -> a.attempt() == 2).count();
    return failedFirst - second;
  }

  /**
   * Forwards (records of the deliveries topic beyond the fan-out's one per event and endpoint)
   * against records written to the tiers: each tier record is forwarded once, so any excess is a
   * duplicate forward. A delivery deferred by a full lane goes to the first tier again, unchanged,
   * and is forwarded again: that is a new tier record, not a duplicate.
   */
  private static Map<String, Object> forwards(FaultStack stack, long originals) {
    long inDeliveries = Accounting.readAll(stack, List.of("webhooks.deliveries")).size();
    long inTiers = Accounting.readAll(stack, stack.tierTopics()).size();
    long forwards = inDeliveries - originals;
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("tierRecords", inTiers);
    out.put("forwards", forwards);
    out.put("duplicateForwards", forwards - inTiers);
    return out;
  }
}
