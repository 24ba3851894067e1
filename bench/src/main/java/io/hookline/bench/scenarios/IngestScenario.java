package io.hookline.bench.scenarios;

import static io.hookline.bench.scenarios.Common.round1;
import static io.hookline.bench.scenarios.Common.round2;

import io.hookline.bench.Option;
import io.hookline.bench.Options;
import io.hookline.bench.Scenario;
import io.hookline.bench.harness.ArrivalBook;
import io.hookline.bench.harness.BenchEndpoint;
import io.hookline.bench.harness.EventLoad;
import io.hookline.bench.harness.FanOutWatch;
import io.hookline.bench.harness.Phase;
import io.hookline.bench.harness.Progress;
import io.hookline.bench.harness.Stack;
import io.hookline.bench.harness.TopicCount;
import io.hookline.bench.harness.Wrk;
import io.hookline.bench.reference.BareProducerServer;
import io.hookline.bench.reference.CopyLoop;
import io.hookline.core.crypto.SecretBox;
import io.hookline.core.kafka.KafkaClients;
import io.hookline.core.signing.WebhookSecret;
import io.hookline.ingest.IngestService;
import io.hookline.schemas.Endpoint;
import io.hookline.schemas.Json;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The ingest-service under load. First its API: {@code POST /v1/events} with wrk at full speed,
 * against a bare producer behind the same HTTP server (same producer settings, 202 once Kafka
 * acknowledged, no auth, parsing or validation) as the reference, so that the ratio is Hookline's
 * own overhead; also {@code POST /v1/events/validate} (Hookline's work without Kafka) and {@code
 * POST /v1/events/batch} with 100 events a request. Then its fan-out: a backlog of events each
 * matching {@code --fanout-endpoints} endpoints, turned into deliveries, against a transactional
 * copy that writes the same number of records with no lookups.
 */
public final class IngestScenario implements Scenario {
  private static final Duration WARMUP = Duration.ofSeconds(5);
  private static final Duration FAN_OUT_TIMEOUT = Duration.ofMinutes(5);
  private static final int BATCH = 100;
  private static final double TARGET_RATIO = 0.7;
  private static final double TARGET_P99_MS = 50;

  @Override
  public String name() {
    return "ingest";
  }

  @Override
  public String summary() {
    return "POST /v1/events with wrk vs. a bare producer behind the same server (target ratio >= "
        + TARGET_RATIO
        + ", p99 <= "
        + (int) TARGET_P99_MS
        + " ms), validate and batch routes; fan-out deliveries/s vs. a transactional copy";
  }

  @Override
  public List<Option> options() {
    return List.of(
        new Option("duration-s", "20", "how long wrk loads each route (after a 5 s warm-up)"),
        new Option("connections", "64", "wrk's concurrent connections"),
        new Option("threads", "2", "wrk's threads"),
        new Option("payload-bytes", "1024", "size of each event's body"),
        new Option("fanout-events", "20000", "events in the fan-out backlog"),
        new Option("fanout-endpoints", "10", "endpoints each fan-out event matches"));
  }

  @Override
  public Map<String, Object> run(Options options) throws Exception {
    if (!Wrk.available()) {
      throw new IllegalArgumentException(
          "the ingest scenario needs wrk on the PATH (Debian: apt-get install wrk)");
    }
    Duration duration = Duration.ofSeconds(options.integer("duration-s", 1));
    int payloadBytes = options.integer("payload-bytes", 200);
    Map<String, Object> out = new LinkedHashMap<>();
    try (Stack stack = Stack.start()) {
      Map<String, Object> api = api(stack, options, duration, payloadBytes);
      out.putAll(api);
      out.put("fanOut", fanOut(stack, options, payloadBytes));
    }
    return out;
  }

  private static Map<String, Object> api(
      Stack stack, Options options, Duration duration, int payloadBytes) throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    try (Phase phase = stack.phase("ingest", Map.of())) {
      // The tenant's one endpoint subscribes to another event type: the API accepts the events
      // (the tenant exists) and the fan-out reads them but writes nothing, so the figures are the
      // API's and Kafka's, not the fan-out's (measured on its own below).
      writeEndpoints(phase, "bench-api", 1, List.of("bench.other"));
      IngestService ingest = phase.startIngest();
      String base = "http://127.0.0.1:" + ingest.port();
      String body =
          "{\"tenant\":\"bench-api\",\"type\":\"bench.tick\",\"data\":{\"pad\":\""
              + "x".repeat(Math.max(0, payloadBytes - 70))
              + "\"}}";
      Wrk wrk = posting(body, options);
      Wrk batchWrk = posting(batchBody(body, BATCH), options);
      String bareTopic = phase.topics().prefix() + "bench-bare-events";
      phase.createTopic(bareTopic);
      BareProducerServer bare = phase.own(BareProducerServer.start(phase, bareTopic));
      String bareBase = "http://127.0.0.1:" + bare.port();
      Progress.say("api: warming up each route for %d s", WARMUP.toSeconds());
      wrk.run(bareBase + "/v1/events", WARMUP);
      wrk.run(base + "/v1/events/validate", WARMUP);
      wrk.run(base + "/v1/events", WARMUP);
      batchWrk.run(base + "/v1/events/batch", WARMUP);
      long before = TopicCount.records(phase.kafka(), phase.topics().events());

      Progress.say(
          "reference: wrk on a bare producer behind the same server for %d s",
          duration.toSeconds());
      Map<String, Object> reference = wrk.run(bareBase + "/v1/events", duration);
      Progress.say("reference: %.0f requests/s", (double) reference.get("requestsPerSecond"));
      Progress.say("validate: wrk on POST /v1/events/validate for %d s", duration.toSeconds());
      Map<String, Object> validate = wrk.run(base + "/v1/events/validate", duration);
      Progress.say("validate: %.0f requests/s", (double) validate.get("requestsPerSecond"));
      Progress.say("hookline: wrk on POST /v1/events for %d s", duration.toSeconds());
      Map<String, Object> events = wrk.run(base + "/v1/events", duration);
      Progress.say("hookline: %.0f events/s accepted", (double) events.get("requestsPerSecond"));
      Progress.say(
          "batch: wrk on POST /v1/events/batch (%d events each) for %d s",
          BATCH, duration.toSeconds());
      Map<String, Object> batch = batchWrk.run(base + "/v1/events/batch", duration);
      double batchEvents = (double) batch.get("requestsPerSecond") * BATCH;
      Progress.say("batch: %.0f events/s accepted", batchEvents);
      long written = TopicCount.records(phase.kafka(), phase.topics().events()) - before;
      long accepted =
          (long) events.get("requests")
              - (long) events.get("non2xx")
              + ((long) batch.get("requests") - (long) batch.get("non2xx")) * BATCH;
      for (Map<String, Object> run : List.of(reference, validate, events, batch)) {
        if ((long) run.get("non2xx") > 0) {
          throw new IllegalStateException("some requests were refused: " + run);
        }
      }

      double ratio =
          (double) events.get("requestsPerSecond") / (double) reference.get("requestsPerSecond");
      out.put("acceptedEventsPerSecond", events.get("requestsPerSecond"));
      out.put("acceptedP99Ms", events.get("p99Ms"));
      out.put("referenceRequestsPerSecond", reference.get("requestsPerSecond"));
      out.put("referenceP99Ms", reference.get("p99Ms"));
      out.put("referenceNote", "a bare producer (same settings) behind the same HTTP server");
      out.put("ratio", round2(ratio));
      out.put("target", "ratio >= " + TARGET_RATIO + ", p99 <= " + TARGET_P99_MS + " ms");
      out.put(
          "met",
          ratio >= TARGET_RATIO && ((Number) events.get("p99Ms")).doubleValue() <= TARGET_P99_MS);
      out.put("validateRequestsPerSecond", validate.get("requestsPerSecond"));
      out.put(
          "validateRatio",
          round2(
              (double) events.get("requestsPerSecond")
                  / (double) validate.get("requestsPerSecond")));
      out.put("batchEventsPerSecond", round1(batchEvents));
      out.put("batchP99Ms", batch.get("p99Ms"));
      out.put("batchSize", BATCH);
      out.put("events", events);
      out.put("reference", reference);
      out.put("validate", validate);
      out.put("batch", batch);
      // Every 202 was acknowledged by Kafka first, so the topic holds at least that many more.
      out.put("acceptedResponses", accepted);
      out.put("eventsWrittenToKafka", written);
      out.put("everyAcceptedEventIsInKafka", written >= accepted);
    }
    return out;
  }

  private static Map<String, Object> fanOut(Stack stack, Options options, int payloadBytes)
      throws Exception {
    int events = options.integer("fanout-events", 1);
    int matches = options.integer("fanout-endpoints", 1);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("events", events);
    out.put("endpointsPerEvent", matches);
    try (Phase phase = stack.phase("fanout", Map.of())) {
      writeEndpoints(phase, "t0", matches, List.of());
      IngestService ingest = phase.startIngest();
      EventLoad load = new EventLoad(phase, new ArrivalBook("fw", 100), 1, payloadBytes);
      // A warm-up batch, fanned out completely, before the measured backlog.
      load.burst(0, 100);
      if (!FanOutWatch.awaitFannedOut(phase, FAN_OUT_TIMEOUT) || !ingest.isFanOutRunning()) {
        throw new IllegalStateException("the fan-out did not process the warm-up events");
      }
      long before = TopicCount.records(phase.kafka(), phase.topics().deliveries());
      Progress.say("hookline: fan-out of %,d events x %d endpoints", events, matches);
      EventLoad backlog = new EventLoad(phase, new ArrivalBook("fo", events), 1, payloadBytes);
      long started = System.nanoTime();
      backlog.burst(0, events);
      if (!FanOutWatch.awaitFannedOut(phase, FAN_OUT_TIMEOUT)) {
        throw new IllegalStateException("the fan-out did not finish within " + FAN_OUT_TIMEOUT);
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      long deliveries = TopicCount.records(phase.kafka(), phase.topics().deliveries()) - before;
      double rate = deliveries / seconds;
      Progress.say("hookline: %.0f deliveries/s written by the fan-out", rate);

      String copyTopic = phase.topics().prefix() + "bench-copy";
      phase.createTopic(copyTopic);
      long copyBefore = TopicCount.records(phase.kafka(), phase.topics().events());
      Progress.say("reference: transactional copy of the events topic x %d", matches);
      long copyStarted = System.nanoTime();
      double copySeconds;
      try (CopyLoop copy = new CopyLoop(phase, phase.topics().events(), copyTopic, matches)) {
        copy.start();
        if (!copy.awaitCopied(copyBefore, FAN_OUT_TIMEOUT)) {
          throw new IllegalStateException("the copy did not finish within " + FAN_OUT_TIMEOUT);
        }
        copySeconds = (System.nanoTime() - copyStarted) / 1e9;
      }
      double copyRate = (double) copyBefore * matches / copySeconds;
      Progress.say("reference: %.0f records/s written by the copy", copyRate);
      out.put("deliveries", deliveries);
      out.put("deliveriesPerSecond", round1(rate));
      out.put("seconds", round1(seconds));
      out.put("referenceRecordsPerSecond", round1(copyRate));
      out.put("referenceNote", "same events, each copied " + matches + " times in transactions");
      out.put("ratio", round2(rate / copyRate));
      out.put("measuredUntil", "the fan-out's committed offsets reach the end of the events topic");
    }
    return out;
  }

  /** wrk POSTing {@code body} with the API token, with the scenario's threads and connections. */
  private static Wrk posting(String body, Options options) throws IOException {
    return Wrk.posting(
        body, Stack.API_TOKEN, options.integer("threads", 1), options.integer("connections", 1));
  }

  /** {@code {"events":[event, event, ...]}}: {@code count} copies of one event's JSON. */
  private static String batchBody(String event, int count) {
    return "{\"events\":[" + String.join(",", Collections.nCopies(count, event)) + "]}";
  }

  /**
   * {@code count} endpoints of {@code tenant}, subscribed to {@code eventTypes} (empty: all),
   * written as the ingest API would.
   */
  private static void writeEndpoints(Phase phase, String tenant, int count, List<String> eventTypes)
      throws Exception {
    SecretBox box = phase.secretBox();
    Instant now = Instant.now();
    try (KafkaProducer<String, byte[]> producer =
        KafkaClients.producer(phase.kafka(), "bench-endpoints")) {
      for (int i = 0; i < count; i++) {
        String id = "ep_" + phase.tag() + "_fan" + i;
        Endpoint endpoint =
            BenchEndpoint.sealed(
                box,
                id,
                tenant,
                "http://127.0.0.1:9/hooks/" + i,
                "bench endpoint " + i,
                eventTypes,
                WebhookSecret.generate(),
                now);
        producer
            .send(new ProducerRecord<>(phase.topics().endpoints(), id, Json.write(endpoint)))
            .get();
      }
    }
  }
}
