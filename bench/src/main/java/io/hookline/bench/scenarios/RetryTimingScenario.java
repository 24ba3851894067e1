package io.hookline.bench.scenarios;

import static io.hookline.bench.scenarios.Common.round1;
import static io.hookline.bench.scenarios.Common.round2;

import io.hookline.bench.Option;
import io.hookline.bench.Options;
import io.hookline.bench.Scenario;
import io.hookline.bench.harness.BackgroundLoad;
import io.hookline.bench.harness.Percentiles;
import io.hookline.bench.harness.Phase;
import io.hookline.bench.harness.Progress;
import io.hookline.bench.harness.ServiceHandle;
import io.hookline.bench.harness.Stack;
import io.hookline.bench.harness.TopicReadiness;
import io.hookline.bench.harness.TopicScan;
import io.hookline.bench.reference.CopyLoop;
import io.hookline.core.kafka.TopicProvisioner;
import io.hookline.core.kafka.TopicSpec;
import io.hookline.schemas.Delivery;
import io.hookline.schemas.Json;
import io.hookline.schemas.RecordHeaders;
import io.hookline.schemas.RetryTier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The retry-service alone on one tier: deliveries written straight to the tier topic, forwards read
 * back from the deliveries topic. A forward is early if its timestamp is before the tier record's
 * log-append time plus the tier's delay; lateness is how far after that it came. The reference is
 * the same transactional hop with no delay, on the same broker, same records.
 */
public final class RetryTimingScenario implements Scenario {
  private static final long TARGET_P99_MS = 1000;

  @Override
  public String name() {
    return "retry-timing";
  }

  @Override
  public String summary() {
    return "retry-service: early forwards (must be 0), lateness (target p99 <= "
        + TARGET_P99_MS
        + " ms), forwards/s vs. a no-delay transactional copy";
  }

  @Override
  public List<Option> options() {
    return List.of(
        new Option("deliveries", "10000", "deliveries written to the tier topic"),
        new Option(
            "warmup-deliveries",
            "20000",
            "deliveries through the tier, and through the reference copy, before the measured"
                + " ones, unmeasured: the JIT compiles the forwarding path then"),
        new Option("tier", "10s", "the one retry tier (HOOKLINE_RETRY_TIERS)"),
        new Option("endpoints", "1000", "distinct endpoint ids (record keys)"),
        new Option("payload-bytes", "1024", "size of each delivery's payload"),
        Common.SERVICES,
        Common.MEMORY_LIMITS,
        Common.BACKGROUND_LOAD);
  }

  @Override
  public Map<String, Object> run(Options options) throws Exception {
    int count = options.integer("deliveries", 1);
    int warmup = options.integer("warmup-deliveries", 1);
    int endpoints = options.integer("endpoints", 1);
    String payload = "{\"pad\":\"" + "x".repeat(options.integer("payload-bytes", 20) - 10) + "\"}";
    Map<String, Object> out = new LinkedHashMap<>();
    BackgroundLoad background = BackgroundLoad.start(options.string("background-load"));
    try (background;
        Stack stack = Stack.start();
        Phase phase =
            stack.phase("retry", Map.of("HOOKLINE_RETRY_TIERS", options.string("tier")))) {
      RetryTier tier = phase.topics().tiers().first();
      long delayMs = tier.delay().toMillis();
      String tierTopic = phase.topics().retry(tier);
      Records records = new Records(phase, endpoints, payload);
      ServiceHandle retry =
          phase.startRetry(
              Common.servicesMode(options), Common.memoryLimitOptions(options, "retry"));

      Progress.say("retry: warming up with %,d deliveries through %s", warmup, tierTopic);
      records.hop(tierTopic, phase.topics().deliveries(), "warm", warmup, tier.delay());
      Progress.say("retry: %,d deliveries through %s", count, tierTopic);
      Hop hop = records.hop(tierTopic, phase.topics().deliveries(), "m", count, tier.delay());

      long[] lateness = new long[hop.forwardedAt.size()];
      int early = 0;
      int i = 0;
      for (Map.Entry<String, Long> f : hop.forwardedAt.entrySet()) {
        long due = hop.appendedAt.get(f.getKey()) + delayMs;
        lateness[i++] = f.getValue() - due;
        early += f.getValue() < due ? 1 : 0;
      }
      Percentiles late = Percentiles.of(lateness);

      // The reference: the same records through a no-delay transactional hop.
      String in = phase.topics().prefix() + "bench-ref-in";
      String out2 = phase.topics().prefix() + "bench-ref-out";
      int partitions = phase.kafka().partitions();
      new TopicProvisioner(phase.kafka())
          .ensure(
              List.of(
                  new TopicSpec(
                      in,
                      partitions,
                      Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime")),
                  new TopicSpec(out2, partitions, Map.of())));
      TopicReadiness.await(phase.kafka(), List.of(in, out2));
      Hop copy;
      CopyLoop loop = new CopyLoop(phase, in, out2).start();
      try {
        Progress.say("reference: warming up a no-delay transactional copy");
        records.hop(in, out2, "refwarm", warmup, Duration.ZERO);
        Progress.say("reference: %,d deliveries through the copy", count);
        copy = records.hop(in, out2, "ref", count, Duration.ZERO);
      } finally {
        loop.close();
      }
      long[] transit = new long[copy.forwardedAt.size()];
      i = 0;
      for (Map.Entry<String, Long> f : copy.forwardedAt.entrySet()) {
        transit[i++] = f.getValue() - copy.appendedAt.get(f.getKey());
      }
      Percentiles floor = Percentiles.of(transit);

      out.put("retry", retry.figures());
      out.put("early", early);
      out.put("forwarded", hop.forwardedAt.size());
      out.put("latenessP50Ms", late.p50());
      out.put("latenessP99Ms", late.p99());
      out.put("latenessMaxMs", late.max());
      out.put("forwardsPerSecond", round1(hop.perSecond()));
      out.put("referenceTransitP50Ms", floor.p50());
      out.put("referenceTransitP99Ms", floor.p99());
      out.put("referenceTransitMaxMs", floor.max());
      out.put("referenceCopiesPerSecond", round1(copy.perSecond()));
      out.put("forwardsToCopiesRatio", round2(hop.perSecond() / copy.perSecond()));
      out.put("target", "early == 0 and latenessP99Ms <= " + TARGET_P99_MS);
      out.put("met", early == 0 && hop.forwardedAt.size() == count && late.p99() <= TARGET_P99_MS);
      out.put("tier", tier.label());
      out.put("lateness", late.asMillis());
      out.put("referenceTransit", floor.asMillis());
      out.put("appendsPerSecond", round1(hop.appendsPerSecond()));
      out.put(
          "rateNote",
          "forwards can only come as fast as records become due, i.e. as fast as they were"
              + " appended; compare forwardsPerSecond with appendsPerSecond and the reference");
    }
    out.putAll(background.figures());
    return out;
  }

  /** Delivery id → log-append time in the source, and → timestamp of its forward, in ms. */
  private record Hop(Map<String, Long> appendedAt, Map<String, Long> forwardedAt) {
    double perSecond() {
      return rate(forwardedAt);
    }

    double appendsPerSecond() {
      return rate(appendedAt);
    }

    private static double rate(Map<String, Long> times) {
      long first = times.values().stream().mapToLong(Long::longValue).min().orElse(0);
      long last = times.values().stream().mapToLong(Long::longValue).max().orElse(0);
      return last == first ? Double.NaN : (times.size() - 1) * 1000.0 / (last - first);
    }
  }

  /** Writes deliveries to a source topic and reads them back from where they are forwarded. */
  private static final class Records {
    private final Phase phase;
    private final int endpoints;
    private final String payload;
    private final KafkaProducer<String, byte[]> producer;

    Records(Phase phase, int endpoints, String payload) {
      this.phase = phase;
      this.endpoints = endpoints;
      this.payload = payload;
      this.producer = phase.producer("bench-tier");
    }

    Hop hop(String from, String to, String tag, int count, Duration delay) {
      String prefix = "dlv_" + tag + "_";
      Instant now = Instant.now();
      for (int i = 0; i < count; i++) {
        String endpoint = "ep_" + (i % endpoints);
        Delivery d =
            Delivery.fresh(
                    prefix + i,
                    "evt_" + tag + "_" + i,
                    endpoint,
                    "t",
                    "bench.tick",
                    payload,
                    now,
                    now)
                .afterFailedAttempt(now, 503, "HTTP 503");
        producer.send(new ProducerRecord<>(from, endpoint, Json.write(d)));
      }
      producer.flush();
      Duration timeout = delay.plusSeconds(120);
      Map<String, Long> forwarded = new HashMap<>();
      for (ConsumerRecord<String, byte[]> r :
          TopicScan.read(phase, to, r -> idOf(r).startsWith(prefix), count, timeout)) {
        forwarded.putIfAbsent(idOf(r), r.timestamp());
      }
      Map<String, Long> appended = new HashMap<>();
      for (ConsumerRecord<String, byte[]> r :
          TopicScan.read(
              phase, from, rec -> idOf(rec).startsWith(prefix), count, Duration.ofSeconds(60))) {
        appended.put(idOf(r), r.timestamp());
      }
      if (forwarded.size() < count) {
        Progress.say("only %,d of %,d forwarded within %s", forwarded.size(), count, timeout);
      }
      return new Hop(appended, forwarded);
    }

    private static String idOf(ConsumerRecord<String, byte[]> record) {
      var header = record.headers().lastHeader(RecordHeaders.DELIVERY_ID);
      return header != null
          ? new String(header.value(), StandardCharsets.UTF_8)
          : Json.read(record.value(), Delivery.class).id();
    }
  }
}
