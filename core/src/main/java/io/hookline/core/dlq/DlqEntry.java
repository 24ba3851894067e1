package io.hookline.core.dlq;

import io.hookline.schemas.DeadLetter;
import io.hookline.schemas.DeadLetterReason;
import io.hookline.schemas.Delivery;
import io.hookline.schemas.SourceRef;
import java.time.Instant;
import java.util.Comparator;

/**
 * A DLQ entry without its payload: what lists, filters and replay plans need, small enough to hold
 * many thousands of. The payload is read again, by {@link DlqEntry#ref}, when it is sent.
 *
 * @param recordTime the DLQ record's timestamp: what {@code --since} and {@code --until} select on
 * @param endpointId the delivery's endpoint; without a delivery (poison, a rejected event) the one
 *     known from where the record was read, or {@code null}
 * @param tenant likewise; the delivery's other fields are {@code null} without one
 * @param replayOf set when the dead delivery was itself a replay
 * @param source without a delivery: where the record was read
 */
public record DlqEntry(
    DlqRef ref,
    Instant recordTime,
    DeadLetterReason reason,
    Instant deadAt,
    String endpointId,
    String tenant,
    String eventType,
    String deliveryId,
    String eventId,
    Integer lastStatus,
    String lastError,
    int attempts,
    SourceRef replayOf,
    SourceRef source) {

  /** The order of lists and replays: by the time each reached the DLQ, then by ref. */
  public static final Comparator<DlqEntry> OLDEST_FIRST =
      Comparator.comparing(DlqEntry::recordTime).thenComparing(DlqEntry::ref);

  /**
   * The entry of {@code dead}, read under {@code key}; {@code eventsTopic} tells an older record
   * without names whether its key is a tenant (it came from the events topic) or an endpoint.
   */
  public static DlqEntry of(
      DlqRef ref, long timestampMs, String key, DeadLetter dead, String eventsTopic) {
    Delivery d = dead.delivery();
    String endpointId = dead.endpointIdOrNull();
    String tenant = dead.tenantOrNull();
    if (d == null && endpointId == null && tenant == null && dead.source() != null) {
      // Written before dead letters named them: the key is what the source topic is keyed by.
      if (dead.source().topic().equals(eventsTopic)) {
        tenant = key;
      } else {
        endpointId = key;
      }
    }
    return new DlqEntry(
        ref,
        Instant.ofEpochMilli(timestampMs),
        dead.reason(),
        dead.deadAt(),
        endpointId,
        tenant,
        d == null ? null : d.eventType(),
        d == null ? null : d.id(),
        d == null ? null : d.eventId(),
        dead.lastStatus(),
        dead.lastError(),
        dead.attempts(),
        d == null ? null : d.replayOf(),
        d == null ? dead.source() : null);
  }

  /**
   * Whether there is a delivery to replay: not for {@code poison}, whose bytes did not parse, nor
   * for a rejected event, which never became a delivery.
   */
  public boolean isReplayable() {
    return deliveryId != null;
  }
}
