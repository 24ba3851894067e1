package io.hookline.bench.scenarios;

import static io.hookline.bench.scenarios.Common.round2;

import io.hookline.bench.Option;
import io.hookline.bench.Options;
import io.hookline.bench.Scenario;
import io.hookline.bench.harness.ApiEventLoad;
import io.hookline.bench.harness.ArrivalBook;
import io.hookline.bench.harness.BenchEndpoint;
import io.hookline.bench.harness.DeliveryWatch;
import io.hookline.bench.harness.Percentiles;
import io.hookline.bench.harness.Phase;
import io.hookline.bench.harness.Progress;
import io.hookline.bench.harness.Receiver;
import io.hookline.bench.harness.ServiceHandle;
import io.hookline.bench.harness.Stack;
import io.hookline.bench.harness.TopicScan;
import io.hookline.schemas.Attempt;
import io.hookline.schemas.AttemptOutcome;
import io.hookline.schemas.InvalidRecordException;
import io.hookline.schemas.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Acceptance-to-delivery latency: events posted through the API, each to one endpoint, first as
 * fast as {@code --clients} callers can (the maximum rate the pipeline delivers), then paced at
 * fractions of that rate. Latency runs from the 202 to the request's arrival at the receiver, and
 * is split into stages: the fan-out (202 until the delivery is readable on the deliveries topic,
 * read committed), the dispatcher's queue (until its attempt started, from the attempt record) and
 * the HTTP request (until it arrived). Every process runs on its own; the bench JVM holds the
 * receivers, the load and the watch on the deliveries topic.
 */
public final class LatencyScenario implements Scenario {
  private static final int TARGET_LEVEL = 50;
  private static final double TARGET_P50_MS = 50;
  private static final double TARGET_P99_MS = 250;

  @Override
  public String name() {
    return "latency";
  }

  @Override
  public String summary() {
    return "202-to-arrival latency at 25/50/75 % of the maximum rate, by stage (target at "
        + TARGET_LEVEL
        + " %: p50 <= "
        + (int) TARGET_P50_MS
        + " ms, p99 <= "
        + (int) TARGET_P99_MS
        + " ms)";
  }

  @Override
  public List<Option> options() {
    return List.of(
        new Option("endpoints", "200", "endpoints, each of its own tenant and receiver port"),
        new Option("levels", "25,50,75", "loads, in percent of the measured maximum rate"),
        new Option("max-s", "20", "seconds of the closed-loop load that measures the maximum"),
        new Option("clients", "64", "concurrent callers of the closed-loop load"),
        new Option(
            "settle-s",
            "20",
            "seconds left alone after the maximum (the status view catches up on its attempts)"),
        new Option("duration-s", "30", "seconds of each paced level"),
        new Option("warmup-s", "5", "first seconds of each level left out of the figures"),
        new Option("payload-bytes", "1024", "size of the body a receiver gets"),
        Common.RECEIVER_PORTS,
        Common.SETTINGS);
  }

  @Override
  public Map<String, Object> run(Options options) throws Exception {
    int endpoints = options.integer("endpoints", 1);
    List<Integer> levels =
        Arrays.stream(options.string("levels").split(","))
            .map(String::strip)
            .map(Integer::parseInt)
            .toList();
    Duration maxWindow = Duration.ofSeconds(options.integer("max-s", 1));
    Duration duration = Duration.ofSeconds(options.integer("duration-s", 1));
    Duration warmup = Duration.ofSeconds(options.integer("warmup-s", 0));
    int clients = options.integer("clients", 1);
    Map<String, Object> out = new LinkedHashMap<>();
    try (Stack stack = Stack.start("process");
        Receiver receiver =
            Receiver.start(endpoints, Common.receiverPorts(options), Duration.ZERO);
        Phase phase = stack.phase("latency", Common.settings(options))) {
      BenchEndpoint.writeAll(phase, receiver);
      // Room for the closed loop at up to 10,000 events/s and each level at the maximum.
      int capacity = endpoints + (int) (10_000 * maxWindow.toSeconds() * (1 + levels.size()));
      ArrivalBook book = new ArrivalBook(phase.tag(), capacity);
      receiver.listen(book);
      phase.startRetry("process", List.of());
      ServiceHandle ingest = phase.startIngest("process", List.of());
      ServiceHandle dispatcher = phase.startDispatcher("process", List.of());
      ApiEventLoad load =
          new ApiEventLoad(
              "http://127.0.0.1:" + ingest.opsPort(),
              book,
              endpoints,
              options.integer("payload-bytes", 1024));
      try (DeliveryWatch watch = DeliveryWatch.start(phase, book)) {
        load.paced(0, endpoints, 100);
        if (!ThroughputScenario.awaitAll(
            book, endpoints, ThroughputScenario.PRIME_TIMEOUT, "prime")) {
          throw new IllegalStateException("the pipeline did not deliver one event per endpoint");
        }

        Progress.say(
            "maximum: %d callers post as fast as they are answered for %d s",
            clients, maxWindow.toSeconds());
        int posted = load.closed(endpoints, clients, maxWindow);
        int next = endpoints + posted;
        ThroughputScenario.awaitAll(book, next, Duration.ofSeconds(60), "maximum");
        double max = book.steadyRate(endpoints, 0.1, 0.9);
        Progress.say("maximum: %.0f deliveries/s (one per event)", max);
        // A pause, not a synchronisation: the status view's catching up on the maximum's
        // attempts would otherwise take CPU from the first level.
        Thread.sleep(Duration.ofSeconds(options.integer("settle-s", 0)));
        out.put("maxEventsPerSecond", Math.round(max));
        out.put("maxNote", "deliveries/s of the closed-loop load, 10th to 90th percentile");

        List<Map<String, Object>> figures = new ArrayList<>();
        for (int level : levels) {
          double rate = max * level / 100.0;
          int count = (int) Math.min(book.capacity() - next, rate * duration.toSeconds());
          Progress.say("level %d %%: %.0f events/s for %d s", level, rate, duration.toSeconds());
          int sent = load.paced(next, count, rate);
          boolean all =
              ThroughputScenario.awaitAll(
                  book, next + sent, Duration.ofSeconds(60), "level " + level + " %");
          int first = next + (int) Math.min(sent, rate * warmup.toSeconds());
          Map<String, Object> f =
              levelFigures(phase, book, watch, load, first, next + sent, level, rate);
          f.put("allArrived", all);
          figures.add(f);
          Progress.say("level %d %%: %s", level, f.get("latency"));
          next += sent;
        }
        out.put("levels", figures);
        Map<String, Object> atTarget =
            figures.stream()
                .filter(f -> (int) f.get("levelPercent") == TARGET_LEVEL)
                .findFirst()
                .orElse(null);
        out.put(
            "target",
            "at "
                + TARGET_LEVEL
                + " %: p50 <= "
                + (int) TARGET_P50_MS
                + " ms, p99 <= "
                + (int) TARGET_P99_MS
                + " ms");
        out.put("met", atTarget != null && met(atTarget));
        out.put("apiFailures", load.failures());
        out.put("lateStarts", load.lateStarts());
      }
      out.put("ingest", ingest.figures());
      out.put("dispatcher", dispatcher.figures());
      out.put("benchJvmHolds", "receivers, load, deliveries watch");
      if (!Common.settings(options).isEmpty()) {
        out.put("settings", Common.settings(options));
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static boolean met(Map<String, Object> level) {
    Map<String, Object> latency = (Map<String, Object>) level.get("latency");
    return (double) latency.get("p50Ms") <= TARGET_P50_MS
        && (double) latency.get("p99Ms") <= TARGET_P99_MS;
  }

  /**
   * The latency of events {@code [first, end)} and its stages. An event that never arrived counts
   * with the time it has waited until now and is reported as missing.
   */
  private static Map<String, Object> levelFigures(
      Phase phase,
      ArrivalBook book,
      DeliveryWatch watch,
      ApiEventLoad load,
      int first,
      int end,
      int level,
      double rate) {
    long[] attemptStarted = attemptStarts(phase, book, first, end);
    int n = Math.max(0, end - first);
    long[] total = new long[n];
    long[] api = new long[n];
    long[] fanOut = new long[n];
    long[] queue = new long[n];
    long[] http = new long[n];
    int counted = 0;
    int staged = 0;
    int missing = 0;
    long now = book.now();
    for (int seq = first; seq < end; seq++) {
      long accepted = book.sentAt(seq);
      if (accepted == 0) {
        continue; // refused by the API: counted in apiFailures
      }
      long arrived = book.firstArrivalAt(seq);
      if (arrived == 0) {
        missing++;
        arrived = now;
      }
      api[counted] = accepted - load.postedAt(seq);
      total[counted++] = Math.max(0, arrived - accepted);
      long seen = watch.seenAt(seq);
      long started = attemptStarted[seq - first];
      if (seen != 0 && started != 0 && book.firstArrivalAt(seq) != 0) {
        fanOut[staged] = Math.max(0, seen - accepted);
        queue[staged] = Math.max(0, started - seen);
        http[staged++] = Math.max(0, arrived - Math.max(started, seen));
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("levelPercent", level);
    out.put("eventsPerSecond", Math.round(rate));
    Map<String, Object> latency = Percentiles.of(Arrays.copyOf(total, counted)).nanosAsMillis();
    latency.put("missing", missing);
    out.put("latency", latency);
    out.put("apiResponse", Percentiles.of(Arrays.copyOf(api, counted)).nanosAsMillis());
    Map<String, Object> stages = new LinkedHashMap<>();
    double fanOutMean = mean(fanOut, staged);
    double queueMean = mean(queue, staged);
    double httpMean = mean(http, staged);
    double sum = fanOutMean + queueMean + httpMean;
    stages.put("fanOut", stage(fanOut, staged, fanOutMean, sum));
    stages.put("dispatcherQueue", stage(queue, staged, queueMean, sum));
    stages.put("http", stage(http, staged, httpMean, sum));
    stages.put(
        "note",
        "fanOut: 202 until the delivery was read (read committed) from the deliveries topic;"
            + " dispatcherQueue: until the attempt started (its record's startedAt); http: until"
            + " the request arrived. Means and their shares; "
            + staged
            + " deliveries with all three times");
    out.put("stages", stages);
    return out;
  }

  private static Map<String, Object> stage(long[] values, int n, double mean, double sum) {
    Map<String, Object> out = Percentiles.of(Arrays.copyOf(values, n)).nanosAsMillis();
    out.put("meanMs", Math.round(mean / 100_000.0) / 10.0);
    out.put("share", sum <= 0 ? 0 : round2(mean / sum));
    return out;
  }

  private static double mean(long[] values, int n) {
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += values[i];
    }
    return n == 0 ? 0 : sum / n;
  }

  /**
   * When the delivered attempt of each event {@code [first, end)} started, from the attempts topic,
   * in the book's nanoseconds (0 where none was found). The attempt records' wall-clock times are
   * turned into the book's monotonic ones with one offset taken now.
   */
  private static long[] attemptStarts(Phase phase, ArrivalBook book, int first, int end) {
    Instant wall = Instant.now();
    long bookNow = book.now();
    long wallNanos = wall.getEpochSecond() * 1_000_000_000L + wall.getNano();
    long[] out = new long[Math.max(0, end - first)];
    String prefix = book.idPrefix();
    List<ConsumerRecord<String, byte[]>> records =
        TopicScan.read(
            phase,
            phase.topics().attempts(),
            r -> true,
            end, // every event before end delivered once; fewer, and the scan ends at its timeout
            Duration.ofSeconds(30));
    for (ConsumerRecord<String, byte[]> r : records) {
      try {
        Attempt a = Json.read(r.value(), Attempt.class);
        if (a.outcome() != AttemptOutcome.DELIVERED || !a.eventId().startsWith(prefix)) {
          continue;
        }
        int seq = Integer.parseInt(a.eventId(), prefix.length(), a.eventId().length(), 10);
        if (seq >= first && seq < end) {
          Instant s = a.startedAt();
          long startedWall = s.getEpochSecond() * 1_000_000_000L + s.getNano();
          out[seq - first] = bookNow - (wallNanos - startedWall);
        }
      } catch (InvalidRecordException | NumberFormatException e) {
        // not one of the book's
      }
    }
    return out;
  }
}
