package io.hookline.cli.dlq;

import io.hookline.cli.CliContext;
import io.hookline.cli.ExitCodes;
import io.hookline.cli.KafkaOptions;
import io.hookline.cli.KafkaSession;
import io.hookline.cli.OutputOption;
import io.hookline.cli.internal.Output;
import io.hookline.cli.internal.Table;
import io.hookline.core.dlq.DlqEntry;
import io.hookline.core.dlq.DlqFilter;
import io.hookline.core.dlq.DlqReader;
import io.hookline.core.dlq.ReplayLedger;
import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code hookline dlq stats}: how many entries, by reason, endpoint and hour. */
@Command(
    name = "stats",
    mixinStandardHelpOptions = true,
    description =
        "Count dead-letter entries by reason, by endpoint and by hour (UTC, when they reached the"
            + " DLQ), and how many were replayed.")
public final class DlqStatsCommand implements Callable<Integer> {
  /** Endpoints shown in the table; JSON has them all. */
  static final int TOP_ENDPOINTS = 20;

  @Mixin KafkaOptions kafka;
  @Mixin FilterOptions filters;

  @Mixin OutputOption output;

  @Spec CommandSpec spec;
  private final CliContext context;

  public DlqStatsCommand(CliContext context) {
    this.context = context;
  }

  /** The counts, as {@code --output json} shows them. */
  record Stats(
      long total,
      long replayed,
      long recordsRead,
      Map<String, Long> byReason,
      Map<String, Long> byEndpoint,
      Map<String, Long> byHour) {}

  @Override
  public Integer call() {
    DlqFilter filter = filters.resolve(context.clock().instant());
    KafkaSession session = kafka.connect();
    DlqReader reader = new DlqReader(session.dlq(), context.stop());
    ReplayLedger ledger = ReplayLedger.read(session.dlq(), context.stop());
    Map<String, Long> byReason = new TreeMap<>();
    Map<String, Long> byEndpoint = new HashMap<>();
    Map<String, Long> byHour = new TreeMap<>();
    long[] totals = new long[2];
    DlqReader.ScanResult scan =
        reader.scan(
            filter,
            Long.MAX_VALUE,
            (DlqEntry e) -> {
              totals[0]++;
              if (ledger.contains(e.ref().on(reader.topic()))) {
                totals[1]++;
              }
              byReason.merge(e.reason().wire(), 1L, Long::sum);
              byEndpoint.merge(e.endpointId() == null ? "-" : e.endpointId(), 1L, Long::sum);
              byHour.merge(e.recordTime().truncatedTo(ChronoUnit.HOURS).toString(), 1L, Long::sum);
              return false;
            });
    Stats stats =
        new Stats(totals[0], totals[1], scan.recordsRead(), byReason, byCount(byEndpoint), byHour);
    PrintWriter out = spec.commandLine().getOut();
    if (output.isJson()) {
      Output.printJson(out, stats);
    } else {
      print(out, stats);
    }
    DlqListCommand.warnUnreadable(spec.commandLine().getErr(), scan);
    return ExitCodes.OK;
  }

  private static Map<String, Long> byCount(Map<String, Long> counts) {
    Map<String, Long> sorted = new LinkedHashMap<>();
    counts.entrySet().stream()
        .sorted(
            Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return sorted;
  }

  private static void print(PrintWriter out, Stats stats) {
    out.println(
        stats.total()
            + " DLQ entries match, "
            + stats.replayed()
            + " of them replayed ("
            + stats.recordsRead()
            + " records read)");
    if (stats.total() == 0) {
      return;
    }
    out.println();
    Table reasons = new Table("REASON", "ENTRIES");
    stats.byReason().forEach(reasons::row);
    reasons.print(out);
    out.println();
    Table endpoints = new Table("ENDPOINT", "ENTRIES");
    stats.byEndpoint().entrySet().stream()
        .limit(TOP_ENDPOINTS)
        .forEach(e -> endpoints.row(e.getKey(), e.getValue()));
    endpoints.print(out);
    if (stats.byEndpoint().size() > TOP_ENDPOINTS) {
      out.println(
          "… and "
              + (stats.byEndpoint().size() - TOP_ENDPOINTS)
              + " more endpoints (--output json lists all)");
    }
    out.println();
    Table hours = new Table("HOUR (UTC)", "ENTRIES");
    stats.byHour().forEach(hours::row);
    hours.print(out);
  }
}
