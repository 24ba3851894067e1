package io.hookline.bench.faults;

import io.hookline.bench.Option;
import io.hookline.bench.Options;
import io.hookline.bench.Scenario;
import io.hookline.bench.harness.Progress;
import io.hookline.schemas.RetryTier;
import io.hookline.schemas.RetryTiers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench/run faults receiver-outage}: every receiver answers 503 for longer than the first
 * retry tier, mid-load. Every delivery must still arrive, through the tiers, and none early: each
 * attempt {@code n+1} reaches the receiver no sooner than tier {@code n}'s delay after attempt
 * {@code n}.
 */
public final class ReceiverOutageScenario implements Scenario {
  @Override
  public String name() {
    return "faults receiver-outage";
  }

  @Override
  public String summary() {
    return "receivers answer 503 for longer than the first tier: all delivered, none early";
  }

  @Override
  public List<Option> options() {
    return List.of(
        new Option("events", "2500", "events posted (each to every endpoint)"),
        new Option("endpoints", "20", "endpoints, all subscribed to every event"),
        new Option("rate", "25", "events per second"),
        new Option("tiers", "2s,5s,10s", "the retry tiers (HOOKLINE_RETRY_TIERS)"),
        new Option("outage-s", "15", "seconds the receivers answer 503"),
        new Option("outage-at-s", "20", "seconds into the load of the outage"));
  }

  @Override
  public Map<String, Object> run(Options options) throws Exception {
    int events = options.integer("events", 1);
    int rate = options.integer("rate", 1);
    RetryTiers tiers;
    try {
      tiers = RetryTiers.parse(options.string("tiers"));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("--tiers: " + e.getMessage());
    }
    long outageNanos = TimeUnit.SECONDS.toNanos(options.integer("outage-s", 1));
    if (outageNanos <= tiers.first().delay().toNanos()) {
      throw new IllegalArgumentException("--outage-s must be longer than the first tier");
    }
    try (FaultStack stack =
        FaultStack.start(
            "receiver-outage",
            2,
            options.integer("endpoints", 1),
            Map.of("HOOKLINE_RETRY_TIERS", options.string("tiers")),
            false)) {
      ApiLoad load = new ApiLoad(stack.apiBase(), FaultStack.TOKEN, FaultStack.TENANT, "ro");
      long loadStart = System.nanoTime();
      Thread loader = load.start(events, rate);
      Pauses.sleepUntil(loadStart + TimeUnit.SECONDS.toNanos(options.integer("outage-at-s", 0)));
      long down = System.nanoTime();
      stack.receiver.failing(true);
      Progress.say("receivers answer 503");
      Pauses.sleepUntil(down + outageNanos);
      stack.receiver.failing(false);
      long up = System.nanoTime();
      Progress.say("receivers answer 200 again");
      loader.join();
      Progress.say("load done: %d accepted", load.accepted().cardinality());
      Map<String, Object> out =
          Accounting.settleAndCount(
              stack, load, events, Duration.ofSeconds(40), Duration.ofMinutes(5));
      out.putAll(retryTiming(stack.receiver.arrivals(), tiers));
      out.put("outageMs", (up - down) / 1_000_000);
      out.put("stack", stack.describe());
      return out;
    }
  }

  /**
   * Per (endpoint, event), the gaps between consecutive attempts: those shorter than the tier's
   * delay are early; the largest lateness beyond the delay is reported too.
   */
  private static Map<String, Object> retryTiming(
      List<FaultReceiver.Arrival> arrivals, RetryTiers tiers) {
    Map<String, List<FaultReceiver.Arrival>> byDelivery = new HashMap<>();
    for (FaultReceiver.Arrival a : arrivals) {
      byDelivery.computeIfAbsent(a.endpoint() + "|" + a.eventId(), k -> new ArrayList<>()).add(a);
    }
    long retried = 0;
    long early = 0;
    long maxLateMs = 0;
    int[] perAttempt = new int[tiers.totalRetries() + 2];
    for (List<FaultReceiver.Arrival> attempts : byDelivery.values()) {
      attempts.sort(Comparator.comparingInt(FaultReceiver.Arrival::attempt));
      perAttempt[Math.min(attempts.getLast().attempt(), perAttempt.length - 1)]++;
      for (int i = 1; i < attempts.size(); i++) {
        FaultReceiver.Arrival before = attempts.get(i - 1);
        FaultReceiver.Arrival next = attempts.get(i);
        Optional<RetryTier> tier = tiers.tierAfter(before.attempt());
        if (next.attempt() != before.attempt() + 1 || tier.isEmpty()) {
          continue; // a redelivery of the same attempt, not a retry
        }
        retried++;
        long gap = next.nanoTime() - before.nanoTime();
        long delay = tier.get().delay().toNanos();
        if (gap < delay) {
          early++;
        } else {
          maxLateMs = Math.max(maxLateMs, (gap - delay) / 1_000_000);
        }
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("retries", retried);
    out.put("early", early);
    out.put("maxLatenessMs", maxLateMs);
    Map<String, Integer> finalAttempt = new LinkedHashMap<>();
    for (int i = 1; i < perAttempt.length; i++) {
      finalAttempt.put(String.valueOf(i), perAttempt[i]);
    }
    out.put("deliveriesByLastAttempt", finalAttempt);
    return out;
  }
}
