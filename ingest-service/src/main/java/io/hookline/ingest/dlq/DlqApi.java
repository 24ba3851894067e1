package io.hookline.ingest.dlq;

import io.hookline.core.dlq.DlqDetail;
import io.hookline.core.dlq.DlqFailure;
import io.hookline.core.dlq.DlqFilter;
import io.hookline.core.dlq.DlqKafka;
import io.hookline.core.dlq.DlqReader;
import io.hookline.core.dlq.DlqRef;
import io.hookline.core.dlq.DlqReplays;
import io.hookline.core.dlq.DlqViews;
import io.hookline.core.dlq.EndpointGate;
import io.hookline.core.dlq.Pacer;
import io.hookline.core.dlq.ReplayLedger;
import io.hookline.core.dlq.StopSignal;
import io.hookline.core.endpoints.EndpointDirectory;
import io.hookline.core.http.HttpCall;
import io.hookline.core.http.HttpProblem;
import io.hookline.core.http.Route;
import io.hookline.ingest.http.ApiRouter;
import io.hookline.ingest.http.Bodies;
import io.hookline.ingest.http.QueryParams;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The DLQ in the API, the same reading, ledger and replay as {@code hookline dlq}:
 *
 * <ul>
 *   <li>{@code GET /v1/dlq}: entries matching the CLI's filters, oldest first, a page at a time;
 *   <li>{@code GET /v1/dlq/{ref}}: one entry in full, with its attempts and replay record;
 *   <li>{@code POST /v1/dlq/replay}: a replay by filters or refs, or its dry run;
 *   <li>{@code GET /v1/dlq/replays/{run}}: a replay's progress, and its summary once it ended.
 * </ul>
 *
 * A replay that ends within {@link #ANSWER_WITHIN} is answered 200 with its summary; a longer one
 * 202 with its run id, and goes on. Kafka failing answers 503 with what failed. Thread-safe.
 */
public final class DlqApi implements AutoCloseable {
  /** How long a replay request waits for the replay to end before answering 202. */
  static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);

  static final int MAX_PAGE = 500;
  private static final int MAX_REFS = 1000;
  private static final Set<String> LIST_PARAMS =
      Set.of("endpoint", "tenant", "type", "reason", "since", "until", "limit", "cursor");

  /** The body of {@code POST /v1/dlq/replay}. */
  record ReplayBody(
      List<String> endpoint,
      List<String> tenant,
      List<String> type,
      List<String> reason,
      String since,
      String until,
      List<String> refs,
      Long limit,
      Boolean dryRun,
      Double rate,
      Boolean force) {}

  private final DlqKafka kafka;
  private final EndpointDirectory directory;
  private final Clock clock;
  private final int maxBodyBytes;
  private final ReplayRuns runs;
  private final StopSignal stop = new StopSignal();

  public DlqApi(DlqKafka kafka, EndpointDirectory directory, Clock clock, int maxBodyBytes) {
    this.kafka = kafka;
    this.directory = directory;
    this.clock = clock;
    this.maxBodyBytes = maxBodyBytes;
    this.runs = new ReplayRuns(this::replays, clock);
  }

  public void register(ApiRouter api) {
    api.add("GET", "/v1/dlq", failuresAnswered(this::list));
    api.add("GET", "/v1/dlq/{ref}", failuresAnswered(this::show));
    api.add("POST", "/v1/dlq/replay", failuresAnswered(this::replay));
    api.add("GET", "/v1/dlq/replays/{run}", this::run);
  }

  private DlqReplays replays(StopSignal runStop) {
    return new DlqReplays(kafka, clock, runStop, ids -> EndpointGate.of(directory, ids));
  }

  private void list(HttpCall call) {
    for (String name : call.query().keySet()) {
      if (!LIST_PARAMS.contains(name)) {
        throw HttpProblem.badRequest(
            "unknown query parameter '" + name + "'; known: " + String.join(", ", sorted()), name);
      }
    }
    DlqQuery query =
        new DlqQuery(
            DlqQuery.values(call.query("endpoint")),
            DlqQuery.values(call.query("tenant")),
            DlqQuery.values(call.query("type")),
            DlqQuery.values(call.query("reason")),
            call.query("since"),
            call.query("until"));
    DlqFilter filter = query.resolve(clock.instant());
    int limit = QueryParams.integer(call, "limit", 1, MAX_PAGE, 50);
    String filterKey = filterKey(call);
    Map<Integer, Long> from = Map.of();
    String cursor = call.query("cursor");
    if (cursor != null) {
      from = Cursor.read(cursor, filterKey);
    }
    DlqReader reader = new DlqReader(kafka, stop);
    DlqReader.Page page = reader.page(filter, from, limit);
    ReplayLedger ledger = ReplayLedger.read(kafka, stop);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put(
        "data",
        page.entries().stream().map(e -> DlqViews.json(e, ledger, reader.topic())).toList());
    answer.put("nextCursor", page.next().map(n -> Cursor.write(n, filterKey)).orElse(null));
    if (page.scan().unreadable() > 0) {
      answer.put("unreadable", page.scan().unreadable());
    }
    call.respond(200, answer);
  }

  private static List<String> sorted() {
    return LIST_PARAMS.stream().sorted().toList();
  }

  /** The filter parameters as given: a cursor is good only with the filters it was made for. */
  private static String filterKey(HttpCall call) {
    StringBuilder key = new StringBuilder();
    for (String name : List.of("endpoint", "tenant", "type", "reason", "since", "until")) {
      key.append(name).append('=').append(call.query().getOrDefault(name, "")).append('&');
    }
    return Integer.toHexString(key.toString().hashCode());
  }

  private void show(HttpCall call) {
    DlqRef ref = ref(call.pathParam("ref"), "ref");
    call.respond(200, DlqDetail.read(kafka, stop, ref).view());
  }

  private void replay(HttpCall call) throws IOException, InterruptedException {
    ReplayBody body = Bodies.bind(Bodies.object(call, maxBodyBytes), ReplayBody.class, "");
    DlqQuery query =
        new DlqQuery(
            body.endpoint(), body.tenant(), body.type(), body.reason(), body.since(), body.until());
    List<DlqRef> refs = new ArrayList<>();
    if (body.refs() != null) {
      if (body.refs().isEmpty()) {
        throw HttpProblem.badRequest(
            "'refs' must name at least one entry; leave it out to replay by filters", "refs");
      }
      if (body.refs().size() > MAX_REFS) {
        throw HttpProblem.badRequest("'refs' may name at most " + MAX_REFS + " entries", "refs");
      }
      for (int i = 0; i < body.refs().size(); i++) {
        refs.add(ref(body.refs().get(i), "refs[" + i + "]"));
      }
      if (!query.isEmpty() || body.limit() != null) {
        throw HttpProblem.badRequest(
            "give either 'refs' or filters (endpoint, tenant, type, reason, since, until, limit),"
                + " not both",
            "refs");
      }
    }
    if (body.limit() != null && body.limit() < 1) {
      throw HttpProblem.badRequest("'limit' must be at least 1", "limit");
    }
    Double rate = body.rate();
    if (rate != null && !Pacer.isValidRate(rate)) {
      throw HttpProblem.badRequest(
          "'rate' must be a number of sends per second > 0 (e.g. 5, or 0.5)", "rate");
    }
    DlqReplays.Selection selection =
        new DlqReplays.Selection(
            query.resolve(clock.instant()),
            refs,
            body.limit() == null ? Long.MAX_VALUE : body.limit(),
            Boolean.TRUE.equals(body.force()));
    if (Boolean.TRUE.equals(body.dryRun())) {
      call.respond(200, replays(stop).dryRun(selection).summary(kafka.config().topics().dlq()));
      return;
    }
    ReplayRuns.Run run = runs.start(selection, rate, "api");
    if (run.await(ANSWER_WITHIN)) {
      if (run.failure().isPresent()) {
        throw problem(run.failure().get());
      }
      call.respond(200, run.summary().orElseThrow());
      return;
    }
    call.responseHeader("Location", "/v1/dlq/replays/" + run.id);
    call.respond(202, run.view());
  }

  private void run(HttpCall call) {
    String id = call.pathParam("run");
    ReplayRuns.Run run =
        runs.find(id)
            .orElseThrow(
                () ->
                    HttpProblem.notFound(
                        "no replay run "
                            + (id.matches("replay-[0-9a-f]{8}") ? id : "with that id")
                            + " is known on this instance (the last "
                            + ReplayRuns.KEPT
                            + " runs are kept, until it restarts)"));
    call.respond(200, run.view());
  }

  private static DlqRef ref(String raw, String field) {
    if (raw == null) {
      throw HttpProblem.badRequest("'" + field + "' must be a DLQ ref, not null", field);
    }
    try {
      return DlqRef.parse(raw);
    } catch (IllegalArgumentException e) {
      throw HttpProblem.badRequest(
          "'" + field + "' must be a DLQ ref <partition>:<offset>, e.g. 3:42", field);
    }
  }

  /** A DLQ failure as the API answers it: 404 when what was asked for is not there, else 503. */
  private static HttpProblem problem(DlqFailure e) {
    return switch (e.kind()) {
      case NOT_FOUND -> new HttpProblem(404, "not_found", e.getMessage(), null);
      case STOPPED -> new HttpProblem(503, "stopping", "the service is stopping", null);
      case FAILED -> new HttpProblem(503, "dlq_unavailable", e.getMessage(), null);
    };
  }

  private static Route failuresAnswered(ThrowingRoute route) {
    return call -> {
      try {
        route.handle(call);
      } catch (DlqFailure e) {
        throw problem(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new HttpProblem(503, "stopping", "the service is stopping", null);
      }
    };
  }

  @FunctionalInterface
  private interface ThrowingRoute {
    void handle(HttpCall call) throws IOException, InterruptedException;
  }

  /**
   * Stops a replay running here between sends (what it sent stays committed and recorded), and
   * reads in flight.
   */
  @Override
  public void close() {
    stop.requestStop();
    runs.close();
  }

  /** Where the next page starts, opaque to callers: per partition the next offset, and whose. */
  static final class Cursor {
    private Cursor() {}

    static String write(Map<Integer, Long> next, String filterKey) {
      StringBuilder s = new StringBuilder(filterKey);
      new TreeMap<>(next).forEach((p, o) -> s.append(',').append(p).append(':').append(o));
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(s.toString().getBytes(StandardCharsets.UTF_8));
    }

    static Map<Integer, Long> read(String cursor, String filterKey) {
      try {
        String[] parts =
            new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(",");
        if (!parts[0].equals(filterKey)) {
          throw HttpProblem.badRequest(
              "'cursor' belongs to other filters: page on with the filters it came with", "cursor");
        }
        Map<Integer, Long> out = new HashMap<>();
        for (int i = 1; i < parts.length; i++) {
          DlqRef at = DlqRef.parse(parts[i]);
          out.put(at.partition(), at.offset());
        }
        return out;
      } catch (IllegalArgumentException e) {
        throw HttpProblem.badRequest("'cursor' is not one this API gave", "cursor");
      }
    }
  }
}
