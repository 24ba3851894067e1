package io.hookline.ingest.status;

import static io.hookline.ingest.status.StatusQueries.intParam;
import static io.hookline.ingest.status.StatusQueries.limit;
import static io.hookline.ingest.status.StatusQueries.longParam;
import static io.hookline.ingest.status.StatusQueries.outcome;
import static io.hookline.ingest.status.StatusQueries.unavailableAs503;

import io.hookline.core.http.HttpCall;
import io.hookline.ingest.http.ApiRouter;
import io.hookline.ingest.http.PathIds;
import java.time.Instant;

/**
 * The routes the ingest-service instances ask each other, on the peer listener and behind the peer
 * token ({@link StatusConfig#peerToken}), never on the public API: what this instance's own stores
 * hold, by partition, for the asking instance to merge.
 *
 * <ul>
 *   <li>{@code GET /v1/internal/status/events/{id}}: the event's deliveries in the partitions owned
 *       here;
 *   <li>{@code GET /v1/internal/status/endpoints/{id}/attempts?partition=&outcome=&limit=}: one
 *       endpoint's attempts, if its partition is still owned here;
 *   <li>{@code GET /v1/internal/status/stats?tenant=&fromMs=&toMs=&byHour=}: the stats of the
 *       partitions owned here.
 * </ul>
 *
 * <p>Answers 503 {@code status_unavailable} while the stores are starting or a partition moves,
 * which the asking instance retries. Thread-safe.
 */
public final class StatusPeerApi {
  private final StatusView view;

  public StatusPeerApi(StatusView view) {
    this.view = view;
  }

  public void register(ApiRouter peers) {
    peers.add("GET", "/v1/internal/status/events/{id}", unavailableAs503(this::event));
    peers.add(
        "GET", "/v1/internal/status/endpoints/{id}/attempts", unavailableAs503(this::endpoint));
    peers.add("GET", "/v1/internal/status/stats", unavailableAs503(this::stats));
  }

  private void event(HttpCall call) {
    call.respond(200, view.localEvent(PathIds.require(call)));
  }

  private void endpoint(HttpCall call) {
    int partition = intParam(call, "partition", 0, view.partitionCount() - 1, null);
    call.respond(
        200,
        view.localEndpoint(
            partition, PathIds.require(call), outcome(call), limit(call, view.config())));
  }

  private void stats(HttpCall call) {
    String tenant = call.query("tenant");
    Instant from = Instant.ofEpochMilli(longParam(call, "fromMs"));
    Instant to = Instant.ofEpochMilli(longParam(call, "toMs"));
    call.respond(
        200,
        "true".equals(call.query("byHour"))
            ? view.localHourlyStats(tenant, from, to)
            : view.localStats(tenant, from, to));
  }
}
