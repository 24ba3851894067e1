package io.hookline.cli.dlq.internal;

import io.hookline.cli.internal.Output;
import io.hookline.cli.internal.Table;
import io.hookline.core.dlq.DlqEntry;
import io.hookline.core.dlq.ReplayLedger;
import io.hookline.schemas.DlqReplay;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** How DLQ entries look in {@code dlq list} and {@code dlq replay --dry-run}. */
public final class EntryViews {
  private EntryViews() {}

  /** One entry for {@code --output json}. */
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

  /** Prints {@code entries} as a table or JSON array, with whether each was replayed. */
  public static void print(
      PrintWriter out,
      Output output,
      List<DlqEntry> entries,
      ReplayLedger ledger,
      String dlqTopic) {
    if (output == Output.JSON) {
      Output.printJson(
          out,
          entries.stream()
              .map(
                  e ->
                      json(
                          e,
                          ledger.contains(e.ref().on(dlqTopic)),
                          ledger.find(e.ref().on(dlqTopic))))
              .toList());
      return;
    }
    Table table =
        new Table(
            "REF",
            "WHEN",
            "ENDPOINT",
            "TENANT",
            "TYPE",
            "REASON",
            "STATUS",
            "ATTEMPTS",
            "REPLAYED",
            "SOURCE");
    for (DlqEntry e : entries) {
      String replayed =
          !ledger.contains(e.ref().on(dlqTopic))
              ? "no"
              : ledger.find(e.ref().on(dlqTopic)).map(r -> time(r.replayedAt())).orElse("yes");
      table.row(
          e.ref(),
          time(e.deadAt()),
          e.endpointId(),
          e.tenant(),
          e.eventType(),
          e.reason().wire(),
          e.lastStatus(),
          e.attempts(),
          replayed,
          e.source());
    }
    table.print(out);
  }

  /** RFC 3339, UTC, to the second: {@code 2026-11-22T10:15:30Z}. */
  public static String time(Instant t) {
    return t == null ? null : t.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
