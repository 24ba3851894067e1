package io.hookline.core.dlq;

import io.hookline.schemas.DlqReplay;
import java.time.Instant;
import java.util.Optional;

/**
 * DLQ entries as JSON, the same in {@code hookline dlq list --output json}, {@code dlq replay
 * --dry-run --output json} and the API's {@code GET /v1/dlq}.
 */
public final class DlqViews {
  private DlqViews() {}

  /** One entry: where it is, what died, why, and whether (when) it was replayed. */
  public record EntryJson(
      String ref,
      int partition,
      long offset,
      Instant deadAt,
      String endpointId,
      String tenant,
      String eventType,
      String reason,
      Integer lastStatus,
      String lastError,
      int attempts,
      String deliveryId,
      String eventId,
      String replayOf,
      String source,
      boolean replayed,
      Instant replayedAt) {}

  public static EntryJson json(DlqEntry e, boolean replayed, Optional<DlqReplay> replay) {
    return new EntryJson(
        e.ref().toString(),
        e.ref().partition(),
        e.ref().offset(),
        e.deadAt(),
        e.endpointId(),
        e.tenant(),
        e.eventType(),
        e.reason().wire(),
        e.lastStatus(),
        e.lastError(),
        e.attempts(),
        e.deliveryId(),
        e.eventId(),
        e.replayOf() == null ? null : e.replayOf().toString(),
        e.source() == null ? null : e.source().toString(),
        replayed,
        replay.map(DlqReplay::replayedAt).orElse(null));
  }

  /** {@code e} as JSON, with what {@code ledger} (of {@code dlqTopic}) says of its replay. */
  public static EntryJson json(DlqEntry e, ReplayLedger ledger, String dlqTopic) {
    return json(e, ledger.contains(e.ref().on(dlqTopic)), ledger.find(e.ref().on(dlqTopic)));
  }
}
