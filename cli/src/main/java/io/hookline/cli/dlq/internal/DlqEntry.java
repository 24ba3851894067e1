package io.hookline.cli.dlq.internal;

import io.hookline.cli.dlq.DlqRef;
import io.hookline.schemas.DeadLetter;
import io.hookline.schemas.DeadLetterReason;
import io.hookline.schemas.Delivery;
import io.hookline.schemas.SourceRef;
import java.time.Instant;

/**
 * A DLQ entry without its payload: what lists, filters and replay plans need, small enough to hold
 * many thousands of. The payload is read again, by {@link DlqEntry#ref}, when it is sent.
 *
 * @param recordTime the DLQ record's timestamp: what {@code --since} and {@code --until} select on
 * @param endpointId the delivery's endpoint; for {@code poison}, the record's key (may be null)
 * @param tenant {@code null} for poison, likewise the delivery's other fields
 * @param replayOf set when the dead delivery was itself a replay
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
    SourceRef replayOf) {

  public static DlqEntry of(DlqRef ref, long timestampMs, String key, DeadLetter dead) {
    Delivery d = dead.delivery();
    return new DlqEntry(
        ref,
        Instant.ofEpochMilli(timestampMs),
        dead.reason(),
        dead.deadAt(),
        d == null ? key : d.endpointId(),
        d == null ? null : d.tenant(),
        d == null ? null : d.eventType(),
        d == null ? null : d.id(),
        d == null ? null : d.eventId(),
        dead.lastStatus(),
        dead.lastError(),
        dead.attempts(),
        d == null ? null : d.replayOf());
  }

  /** Whether there is a delivery to replay: not for {@code poison}, whose bytes did not parse. */
  public boolean isReplayable() {
    return deliveryId != null;
  }
}
