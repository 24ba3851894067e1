package io.hookline.ingest.status;

import io.hookline.ingest.status.internal.DeliveryState;
import io.hookline.ingest.status.internal.DeliveryStatus;
import io.hookline.ingest.status.internal.LatencyHistogram;
import io.hookline.ingest.status.internal.TenantStats;
import io.hookline.schemas.Attempt;
import io.hookline.schemas.AttemptOutcome;
import io.hookline.schemas.DeadLetterReason;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** The JSON the status routes answer with. Absent fields are omitted, as everywhere in the API. */
public final class StatusResponses {
  private StatusResponses() {}

  /** One attempt record; {@code eventId}/{@code deliveryId} only where the context lacks them. */
  public record AttemptView(
      String eventId,
      String deliveryId,
      int attempt,
      Instant startedAt,
      long durationMs,
      AttemptOutcome outcome,
      Integer statusCode,
      String error,
      String responseSnippet,
      String next) {
    static AttemptView of(Attempt a, boolean withIds) {
      return new AttemptView(
          withIds ? a.eventId() : null,
          withIds ? a.deliveryId() : null,
          a.attempt(),
          a.startedAt(),
          a.durationMs(),
          a.outcome(),
          a.statusCode(),
          a.error(),
          a.responseSnippet(),
          a.next());
    }
  }

  public record DeadLetterView(
      DeadLetterReason reason, Instant deadAt, Integer lastStatus, String lastError) {}

  /**
   * One delivery of an event: its state, its attempt records oldest first (the last {@value
   * DeliveryStatus#MAX_KEPT}; {@code attemptRecords} counts all), and its dead letter if any.
   */
  public record DeliveryView(
      String endpointId,
      String deliveryId,
      DeliveryState state,
      int attemptRecords,
      List<AttemptView> attempts,
      DeadLetterView deadLetter) {
    static DeliveryView of(DeliveryStatus d) {
      return new DeliveryView(
          d.endpointId(),
          d.deliveryId(),
          d.state(),
          d.recordsSeen(),
          d.attempts().stream().map(a -> AttemptView.of(a, false)).toList(),
          d.dead() == null
              ? null
              : new DeadLetterView(
                  d.dead().reason(),
                  d.dead().deadAt(),
                  d.dead().lastStatus(),
                  d.dead().lastError()));
    }
  }

  /** {@code GET /v1/events/{id}}: how many deliveries are in each state, and each delivery. */
  public record EventView(
      String id, String tenant, Map<String, Long> states, List<DeliveryView> deliveries) {
    static EventView of(String id, List<DeliveryStatus> deliveries) {
      Map<String, Long> states = new TreeMap<>();
      deliveries.stream()
          .map(DeliveryStatus::state)
          .filter(Objects::nonNull)
          .forEach(state -> states.merge(state.wire(), 1L, Long::sum));
      return new EventView(
          id,
          deliveries.get(0).tenant(),
          states,
          deliveries.stream().map(DeliveryView::of).toList());
    }
  }

  /** {@code GET /v1/endpoints/{id}/attempts}: newest first. */
  public record EndpointAttemptsView(String endpointId, List<AttemptView> data) {}

  /** Attempt records by outcome; {@code successRate} = delivered / (all but throttled). */
  public record AttemptCounts(
      long total, long delivered, long retrying, long dead, long throttled, Double successRate) {
    static AttemptCounts of(TenantStats s) {
      long attempted = s.delivered() + s.retrying() + s.dead();
      return new AttemptCounts(
          attempted + s.throttled(),
          s.delivered(),
          s.retrying(),
          s.dead(),
          s.throttled(),
          StatsView.ratio(s.delivered(), attempted));
    }
  }

  /** One hour of {@code ?series=hour}: the attempts of the hour starting at {@code from}. */
  public record HourCounts(Instant from, AttemptCounts attempts) {
    static HourCounts of(Instant from, TenantStats s) {
      return new HourCounts(from, AttemptCounts.of(s));
    }
  }

  /** Deliveries that reached an end; {@code successRate} = delivered / (delivered + dead). */
  public record DeliveryCounts(long delivered, long dead, Double successRate) {}

  public record Percentiles(long count, Long p50, Long p90, Long p99) {
    static Percentiles of(LatencyHistogram h) {
      return new Percentiles(h.count(), h.percentile(0.5), h.percentile(0.9), h.percentile(0.99));
    }
  }

  /** Records in the DLQ topic now (all tenants); absent when the broker did not say in time. */
  public record DlqView(Long records) {}

  /**
   * {@code GET /v1/stats}: counts of the hours starting in {@code [from, to]}. {@code
   * requestDurationMs}: the HTTP exchange of each attempt. {@code deliveryLatencyMs}: from the
   * acceptance of a delivery's event (a replay's time, for a replay) to the end of its successful
   * attempt; from its first attempt for attempt records that do not carry the acceptance time.
   * {@code series}, with {@code ?series=hour}: the attempts of each of those hours, oldest first.
   */
  public record StatsView(
      String tenant,
      Instant from,
      Instant to,
      AttemptCounts attempts,
      DeliveryCounts deliveries,
      Percentiles requestDurationMs,
      Percentiles deliveryLatencyMs,
      DlqView dlq,
      List<HourCounts> series) {
    static StatsView of(
        String tenant,
        Instant from,
        Instant to,
        StatusView.StatsAnswer answer,
        List<HourCounts> series) {
      TenantStats s = answer.stats();
      long ended = s.deliveriesDelivered() + s.deliveriesDead();
      return new StatsView(
          tenant,
          from,
          to,
          AttemptCounts.of(s),
          new DeliveryCounts(
              s.deliveriesDelivered(), s.deliveriesDead(), ratio(s.deliveriesDelivered(), ended)),
          Percentiles.of(s.requestMs()),
          Percentiles.of(s.deliveryMs()),
          new DlqView(answer.dlqRecords().isPresent() ? answer.dlqRecords().getAsLong() : null),
          series);
    }

    static Double ratio(long part, long whole) {
      return whole == 0 ? null : Math.round(10_000.0 * part / whole) / 10_000.0;
    }
  }
}
