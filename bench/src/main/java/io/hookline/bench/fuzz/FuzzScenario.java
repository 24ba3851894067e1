package io.hookline.bench.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookline.bench.Option;
import io.hookline.bench.Options;
import io.hookline.bench.Scenario;
import io.hookline.bench.faults.FaultStacks;
import io.hookline.bench.harness.Progress;
import io.hookline.schemas.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.sessions.JqwikSession;

/**
 * {@code bench/run fuzz}: generated malformed requests ({@link MalformedRequests}) against a real
 * ingest-service on a real broker, each on a connection of its own: nine in ten to the API, one in
 * ten to the status peer listener. It counts answers that break the API's promise: a 5xx, an error
 * whose body is not a JSON error, a connection held past the server's read timeout; and, after all
 * of them, a valid request must still succeed.
 */
public final class FuzzScenario implements Scenario {
  private static final int SAMPLES = 8;

  @Override
  public String name() {
    return "fuzz";
  }

  @Override
  public String summary() {
    return "malformed requests to every API route: 5xx, non-JSON errors, held connections";
  }

  @Override
  public List<Option> options() {
    return List.of(
        new Option("requests", "10000", "malformed requests sent"),
        new Option("concurrency", "16", "requests in flight at once"),
        new Option("seed", "1", "the generator's seed: the same seed sends the same requests"),
        new Option(
            "read-timeout-ms",
            "2000",
            "the server's read timeout (HOOKLINE_HTTP_SERVER_READ_TIMEOUT_MS)"));
  }

  @Override
  public Map<String, Object> run(Options options) throws Exception {
    int requests = options.integer("requests", 1);
    int concurrency = options.integer("concurrency", 1);
    long seed = Long.parseLong(options.string("seed"));
    Duration readTimeout = Duration.ofMillis(options.integer("read-timeout-ms", 100));
    // The server may take the read timeout plus a scheduling tick to give up; more is "held".
    Duration heldAfter = readTimeout.plusSeconds(2);
    Duration wait = readTimeout.plusSeconds(5);
    try (FaultStacks.Api api =
        FaultStacks.apiOnly(
            "fuzz",
            Map.of(
                "HOOKLINE_HTTP_SERVER_READ_TIMEOUT_MS", String.valueOf(readTimeout.toMillis())))) {
      Tally tally = new Tally();
      long started = System.nanoTime();
      // One request in ten goes to the status peer listener, with its own routes and token.
      int toPeers = requests / 10;
      storm(
          tally,
          new Storm(MalformedRequests.API_ROUTES, api.token(), api.port()),
          api,
          requests - toPeers,
          concurrency,
          seed,
          heldAfter,
          wait);
      storm(
          tally,
          new Storm(MalformedRequests.PEER_ROUTES, api.peerToken(), api.peerPort()),
          api,
          toPeers,
          concurrency,
          // Its own sequence, not a replay of the API storm's.
          seed + 1,
          heldAfter,
          wait);
      double seconds = (System.nanoTime() - started) / 1e9;
      Map<String, Object> out = tally.result();
      out.put("seconds", Math.round(seconds * 10) / 10.0);
      out.put("validAfter", validAfter(api));
      return out;
    }
  }

  /** Which routes, with which token, to which port. */
  private record Storm(List<MalformedRequests.Route> routes, String token, int port) {}

  /** Sends {@code requests} malformed requests of {@code storm}, {@code concurrency} at once. */
  private static void storm(
      Tally tally,
      Storm storm,
      FaultStacks.Api api,
      int requests,
      int concurrency,
      long seed,
      Duration heldAfter,
      Duration wait) {
    // jqwik's generators run inside a session, which belongs to one thread: that thread
    // generates, the workers send, a bounded queue between them.
    BlockingQueue<MalformedRequests.Malformed> queue = new ArrayBlockingQueue<>(concurrency * 4);
    MalformedRequests.Malformed end = new MalformedRequests.Malformed("end", "", "", new byte[0]);
    try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
      workers.execute(
          () ->
              JqwikSession.run(
                  () -> {
                    MalformedRequests generator =
                        new MalformedRequests(
                            storm.routes(), storm.token(), api.tenant(), api.endpointId());
                    Random random = new Random(seed);
                    try {
                      for (int n = 0; n < requests; n++) {
                        queue.put(generator.next(random));
                        if (n > 0 && n % 2_000 == 0) {
                          Progress.say("%d requests sent to port %d", n, storm.port());
                        }
                      }
                      for (int w = 0; w < concurrency; w++) {
                        queue.put(end);
                      }
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }));
      for (int w = 0; w < concurrency; w++) {
        workers.execute(
            () -> {
              try {
                for (var m = queue.take(); m != end; m = queue.take()) {
                  try {
                    tally.add(m, RawExchange.send(storm.port(), m.bytes(), wait), heldAfter, wait);
                  } catch (Exception e) {
                    tally.failed(m, e);
                  }
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
      }
    }
  }

  /** A valid event and a liveness probe after the storm: both must succeed. */
  private static Map<String, Object> validAfter(FaultStacks.Api api) throws Exception {
    String event =
        "{\"tenant\":\"" + api.tenant() + "\",\"type\":\"fuzz.done\",\"data\":{\"ok\":true}}";
    byte[] body = event.getBytes(StandardCharsets.UTF_8);
    String head =
        "POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
            + "Authorization: Bearer "
            + api.token()
            + "\r\nContent-Type: application/json\r\n"
            + "Content-Length: "
            + body.length
            + "\r\n\r\n";
    byte[] bytes = new byte[head.length() + body.length];
    System.arraycopy(head.getBytes(StandardCharsets.US_ASCII), 0, bytes, 0, head.length());
    System.arraycopy(body, 0, bytes, head.length(), body.length);
    RawExchange posted = RawExchange.send(api.port(), bytes, Duration.ofSeconds(15));
    RawExchange health =
        RawExchange.send(
            api.port(),
            "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII),
            Duration.ofSeconds(15));
    Map<String, Object> out = new TreeMap<>();
    out.put("postEventStatus", posted.status());
    out.put("healthzStatus", health.status());
    out.put("ok", posted.status() == 202 && health.status() == 200);
    return out;
  }

  /** What the answers were; thread-safe. */
  private static final class Tally {
    private final AtomicLong sent = new AtomicLong();
    private final Map<String, AtomicLong> statuses = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> kinds = new ConcurrentHashMap<>();
    private final AtomicLong fiveXx = new AtomicLong();
    private final AtomicLong nonJson = new AtomicLong();
    private final AtomicLong held = new AtomicLong();
    private final AtomicLong closedUnanswered = new AtomicLong();
    private final Map<String, AtomicLong> closedKinds = new ConcurrentHashMap<>();
    private final AtomicLong clientErrors = new AtomicLong();
    private final List<String> samples = new ArrayList<>();

    void add(MalformedRequests.Malformed m, RawExchange x, Duration heldAfter, Duration wait) {
      sent.incrementAndGet();
      kinds.computeIfAbsent(m.kind(), k -> new AtomicLong()).incrementAndGet();
      String status = x.status() == RawExchange.NO_ANSWER ? "none" : String.valueOf(x.status());
      statuses.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
      if (x.answeredAfterMs() > heldAfter.toMillis()) {
        held.incrementAndGet();
        sample("held " + x.answeredAfterMs() + " ms", m, x);
      }
      if (x.status() >= 500) {
        fiveXx.incrementAndGet();
        sample("5xx", m, x);
      } else if (x.status() >= 400 && !m.method().equals("HEAD") && !isJsonError(x)) {
        nonJson.incrementAndGet();
        sample("non-JSON error", m, x);
      } else if (x.status() == RawExchange.NO_ANSWER && !x.timedOut(wait)) {
        closedUnanswered.incrementAndGet();
        closedKinds.computeIfAbsent(m.kind(), k -> new AtomicLong()).incrementAndGet();
        sample("closed without an answer", m, x);
      }
    }

    void failed(MalformedRequests.Malformed m, Exception e) {
      clientErrors.incrementAndGet();
      synchronized (samples) {
        if (samples.size() < SAMPLES * 2) {
          samples.add("client error " + e + ": " + m.kind() + " " + m.method() + " " + m.target());
        }
      }
    }

    private static boolean isJsonError(RawExchange x) {
      if (x.contentType() == null || !x.contentType().toLowerCase().contains("json")) {
        return false;
      }
      try {
        JsonNode body = Json.mapper().readTree(x.body());
        return body != null && body.isObject() && body.has("error");
      } catch (IOException e) {
        return false;
      }
    }

    private void sample(String what, MalformedRequests.Malformed m, RawExchange x) {
      synchronized (samples) {
        if (samples.size() < SAMPLES * 2) {
          String body = new String(x.body(), StandardCharsets.UTF_8);
          samples.add(
              what
                  + ": "
                  + m.kind()
                  + " "
                  + shown(m)
                  + " -> "
                  + x.status()
                  + " "
                  + x.contentType()
                  + " "
                  + (body.length() > 120 ? body.substring(0, 120) : body));
        }
      }
    }

    /** The request line, or for broken framing the first bytes as they were sent. */
    private static String shown(MalformedRequests.Malformed m) {
      if (!m.kind().equals("framing")) {
        return m.method() + " " + m.target();
      }
      return Json.writeString(
          new String(m.bytes(), 0, Math.min(40, m.bytes().length), StandardCharsets.ISO_8859_1));
    }

    Map<String, Object> result() {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("requests", sent.get());
      out.put("fiveXx", fiveXx.get());
      out.put("nonJsonErrors", nonJson.get());
      out.put("heldPastReadTimeout", held.get());
      out.put("closedWithoutAnswer", closedUnanswered.get());
      out.put("closedWithoutAnswerByKind", sorted(closedKinds));
      out.put("clientErrors", clientErrors.get());
      out.put("statuses", sorted(statuses));
      out.put("kinds", sorted(kinds));
      synchronized (samples) {
        out.put("samples", List.copyOf(samples));
      }
      return out;
    }

    private static Map<String, Long> sorted(Map<String, AtomicLong> counts) {
      Map<String, Long> out = new TreeMap<>();
      counts.forEach((k, v) -> out.put(k, v.get()));
      return out;
    }
  }
}
