package io.hookline.ingest.status.internal;

import io.hookline.schemas.Attempt;
import io.hookline.schemas.AttemptOutcome;

/**
 * Counts of one tenant over one hour in one partition (or, merged, over any span and set of
 * partitions). Immutable; merging adds.
 *
 * @param delivered attempts that ended 2xx
 * @param retrying failed attempts followed by a retry
 * @param dead failed attempts after which the delivery went to the DLQ
 * @param throttled deferrals of a full endpoint lane (no request was made)
 * @param deliveriesDelivered deliveries that reached {@code delivered}
 * @param deliveriesDead dead letters of deliveries (whatever the reason, attempted or not)
 * @param requestMs duration of every HTTP attempt (throttled deferrals excluded)
 * @param deliveryMs from a delivery's first attempt record to the end of its successful attempt
 */
public record TenantStats(
    long delivered,
    long retrying,
    long dead,
    long throttled,
    long deliveriesDelivered,
    long deliveriesDead,
    LatencyHistogram requestMs,
    LatencyHistogram deliveryMs) {

  public static TenantStats empty() {
    return new TenantStats(0, 0, 0, 0, 0, 0, LatencyHistogram.empty(), LatencyHistogram.empty());
  }

  /**
   * This with one attempt record counted.
   *
   * @param deliveredAfterMs when this attempt delivered the delivery: how long after its first
   *     attempt record; otherwise negative
   */
  TenantStats plus(Attempt a, long deliveredAfterMs) {
    AttemptOutcome o = a.outcome();
    LatencyHistogram requests =
        o == AttemptOutcome.THROTTLED ? requestMs : requestMs.plus(a.durationMs());
    boolean newlyDelivered = deliveredAfterMs >= 0;
    return new TenantStats(
        delivered + (o == AttemptOutcome.DELIVERED ? 1 : 0),
        retrying + (o == AttemptOutcome.RETRYING ? 1 : 0),
        dead + (o == AttemptOutcome.DEAD ? 1 : 0),
        throttled + (o == AttemptOutcome.THROTTLED ? 1 : 0),
        deliveriesDelivered + (newlyDelivered ? 1 : 0),
        deliveriesDead,
        requests,
        newlyDelivered ? deliveryMs.plus(deliveredAfterMs) : deliveryMs);
  }

  TenantStats plusDeadDelivery() {
    return new TenantStats(
        delivered,
        retrying,
        dead,
        throttled,
        deliveriesDelivered,
        deliveriesDead + 1,
        requestMs,
        deliveryMs);
  }

  public TenantStats merge(TenantStats o) {
    return new TenantStats(
        delivered + o.delivered,
        retrying + o.retrying,
        dead + o.dead,
        throttled + o.throttled,
        deliveriesDelivered + o.deliveriesDelivered,
        deliveriesDead + o.deliveriesDead,
        requestMs.merge(o.requestMs),
        deliveryMs.merge(o.deliveryMs));
  }
}
