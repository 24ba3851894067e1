package io.hookline.ingest.status;

import static io.hookline.ingest.status.StatusQueries.intParam;
import static io.hookline.ingest.status.StatusQueries.limit;
import static io.hookline.ingest.status.StatusQueries.outcome;
import static io.hookline.ingest.status.StatusQueries.unavailableAs503;

import io.hookline.core.endpoints.EndpointDirectory;
import io.hookline.core.http.HttpCall;
import io.hookline.core.http.HttpProblem;
import io.hookline.ingest.http.ApiRouter;
import io.hookline.ingest.http.PathIds;
import io.hookline.ingest.status.internal.DeliveryStatus;
import io.hookline.ingest.status.internal.TenantStats;
import io.hookline.schemas.AttemptOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The delivery status routes, behind the API's bearer token:
 *
 * <ul>
 *   <li>{@code GET /v1/events/{id}}: the event's deliveries per endpoint, with their attempts;
 *   <li>{@code GET /v1/endpoints/{id}/attempts?outcome=&limit=}: recent attempts, newest first;
 *   <li>{@code GET /v1/stats?tenant=&hours=&series=hour}: totals, success rates, percentiles, DLQ
 *       size, and the attempts of each hour.
 * </ul>
 *
 * <p>What each instance's own stores hold, for the others to merge, is on the peer listener ({@link
 * StatusPeerApi}), not here.
 *
 * <p>While the stores are starting or moving, routes answer 503 {@code status_unavailable} with
 * {@code Retry-After: 1}. Thread-safe.
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
    int limit = limit(call, view.config());
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
    String series = call.query("series");
    if (series != null && !series.equals("hour")) {
      throw HttpProblem.badRequest("'series' must be 'hour' (or absent)", "series");
    }
    StatusView.StatsAnswer answer = view.stats(tenant, from, to, series != null);
    List<StatusResponses.HourCounts> byHour = null;
    if (series != null) {
      // Every hour the totals cover, oldest first; an hour without records counts zero.
      byHour = new ArrayList<>();
      long hourMs = Duration.ofHours(1).toMillis();
      long first = Math.floorDiv(from.toEpochMilli() + hourMs - 1, hourMs) * hourMs;
      for (long h = first; h <= to.toEpochMilli(); h += hourMs) {
        Instant start = Instant.ofEpochMilli(h);
        byHour.add(
            StatusResponses.HourCounts.of(
                start, answer.hours().getOrDefault(start, TenantStats.empty())));
      }
    }
    call.respond(200, StatusResponses.StatsView.of(tenant, from, to, answer, byHour));
  }
}
