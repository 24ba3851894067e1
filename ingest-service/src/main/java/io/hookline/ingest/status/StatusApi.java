package io.hookline.ingest.status;

import io.hookline.core.endpoints.EndpointDirectory;
import io.hookline.core.http.HttpCall;
import io.hookline.core.http.HttpProblem;
import io.hookline.core.http.Route;
import io.hookline.ingest.http.ApiRouter;
import io.hookline.ingest.http.PathIds;
import io.hookline.ingest.status.internal.DeliveryStatus;
import io.hookline.schemas.AttemptOutcome;
import io.hookline.schemas.InvalidRecordException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The delivery status routes, behind the API's bearer token:
 *
 * <ul>
 *   <li>{@code GET /v1/events/{id}}: the event's deliveries per endpoint, with their attempts;
 *   <li>{@code GET /v1/endpoints/{id}/attempts?outcome=&limit=}: recent attempts, newest first;
 *   <li>{@code GET /v1/stats?tenant=&hours=}: totals, success rates, percentiles, DLQ size;
 *   <li>{@code GET /v1/internal/status/...}: what this instance's own stores hold, for the other
 *       instances to merge (not for clients).
 * </ul>
 *
 * While the stores are starting or moving, routes answer 503 {@code status_unavailable} with {@code
 * Retry-After: 1}. Thread-safe.
 */
public final class StatusApi {
  static final String SERVED_BY = "Hookline-Served-By";
  private static final int MAX_HOURS = 24 * 366;

  private final StatusView view;
  private final EndpointDirectory directory;
  private final Clock clock;

  public StatusApi(StatusView view, EndpointDirectory directory, Clock clock) {
    this.view = view;
    this.directory = directory;
    this.clock = clock;
  }

  public void register(ApiRouter api) {
    api.add("GET", "/v1/events/{id}", unavailableAs503(this::event));
    api.add("GET", "/v1/endpoints/{id}/attempts", unavailableAs503(this::endpointAttempts));
    api.add("GET", "/v1/stats", unavailableAs503(this::stats));
    api.add(
        "GET",
        "/v1/internal/status/events/{id}",
        unavailableAs503(call -> call.respond(200, view.localEvent(PathIds.require(call)))));
    api.add(
        "GET",
        "/v1/internal/status/endpoints/{id}/attempts",
        unavailableAs503(
            call ->
                call.respond(
                    200,
                    view.localEndpoint(
                        intParam(call, "partition", 0, view.partitionCount() - 1, null),
                        PathIds.require(call),
                        outcome(call),
                        limit(call)))));
    api.add(
        "GET",
        "/v1/internal/status/stats",
        unavailableAs503(
            call ->
                call.respond(
                    200,
                    view.localStats(
                        call.query("tenant"),
                        Instant.ofEpochMilli(longParam(call, "fromMs")),
                        Instant.ofEpochMilli(longParam(call, "toMs"))))));
  }

  private void event(HttpCall call) {
    String id = PathIds.require(call);
    List<DeliveryStatus> deliveries = view.event(id);
    if (deliveries.isEmpty()) {
      throw HttpProblem.notFound(
          "no delivery of event '"
              + id
              + "' is known: it does not exist, matched no endpoint, or has not been attempted"
              + " yet");
    }
    call.respond(200, StatusResponses.EventView.of(id, deliveries));
  }

  private void endpointAttempts(HttpCall call) {
    String id = PathIds.require(call);
    AttemptOutcome outcome = outcome(call);
    int limit = limit(call);
    StatusView.EndpointAnswer answer = view.endpointAttempts(id, outcome, limit);
    if (answer.attempts().isEmpty() && directory.get(id).isEmpty()) {
      throw HttpProblem.notFound("no endpoint " + id);
    }
    call.responseHeader(SERVED_BY, answer.servedBy());
    call.respond(
        200,
        new StatusResponses.EndpointAttemptsView(
            id,
            answer.attempts().stream().map(a -> StatusResponses.AttemptView.of(a, true)).toList()));
  }

  private void stats(HttpCall call) {
    String tenant = call.query("tenant");
    if (tenant != null && tenant.isBlank()) {
      throw HttpProblem.badRequest("'tenant' must not be empty", "tenant");
    }
    int maxHours = (int) Math.min(MAX_HOURS, view.config().retention().toHours());
    int hours = intParam(call, "hours", 1, maxHours, 24);
    Instant to = clock.instant();
    Instant from = to.minus(Duration.ofHours(hours));
    StatusView.StatsAnswer answer = view.stats(tenant, from, to);
    call.respond(200, StatusResponses.StatsView.of(tenant, from, to, answer));
  }

  /** {@code route}, with "not available right now" answered 503 saying when to retry. */
  private static Route unavailableAs503(Route route) {
    return call -> {
      try {
        route.handle(call);
      } catch (StatusUnavailableException e) {
        call.responseHeader("Retry-After", "1");
        throw new HttpProblem(503, "status_unavailable", e.getMessage(), null);
      }
    };
  }

  private static AttemptOutcome outcome(HttpCall call) {
    String raw = call.query("outcome");
    if (raw == null) {
      return null;
    }
    try {
      return AttemptOutcome.fromWire(raw);
    } catch (InvalidRecordException e) {
      throw HttpProblem.badRequest(
          "'outcome' must be one of delivered, retrying, dead, throttled", "outcome");
    }
  }

  private int limit(HttpCall call) {
    int max = view.config().attemptsPerEndpoint();
    return intParam(call, "limit", 1, max, Math.min(50, max));
  }

  private static int intParam(HttpCall call, String name, int min, int max, Integer byDefault) {
    String raw = call.query(name);
    if (raw == null && byDefault != null) {
      return byDefault;
    }
    try {
      int n = Integer.parseInt(raw == null ? "" : raw.strip());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw HttpProblem.badRequest(
        "'" + name + "' must be a whole number between " + min + " and " + max, name);
  }

  private static long longParam(HttpCall call, String name) {
    try {
      return Long.parseLong(call.query().getOrDefault(name, "").strip());
    } catch (NumberFormatException e) {
      throw HttpProblem.badRequest("'" + name + "' must be epoch milliseconds", name);
    }
  }
}
