package io.hookline.cli.dlq.internal;

import io.hookline.cli.internal.Output;
import io.hookline.cli.internal.Table;
import io.hookline.core.dlq.DlqEntry;
import io.hookline.core.dlq.DlqViews;
import io.hookline.core.dlq.ReplayLedger;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** How DLQ entries look in {@code dlq list} and {@code dlq replay --dry-run}. */
public final class EntryViews {
  private EntryViews() {}

  /** Prints {@code entries} as a table or JSON array, with whether each was replayed. */
  public static void print(
      PrintWriter out,
      Output output,
      List<DlqEntry> entries,
      ReplayLedger ledger,
      String dlqTopic) {
    if (output == Output.JSON) {
      Output.printJson(out, entries.stream().map(e -> DlqViews.json(e, ledger, dlqTopic)).toList());
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
