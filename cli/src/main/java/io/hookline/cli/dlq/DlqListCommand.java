package io.hookline.cli.dlq;

import io.hookline.cli.CliContext;
import io.hookline.cli.ExitCodes;
import io.hookline.cli.KafkaOptions;
import io.hookline.cli.KafkaSession;
import io.hookline.cli.OutputOption;
import io.hookline.cli.dlq.internal.EntryViews;
import io.hookline.core.dlq.DlqEntry;
import io.hookline.core.dlq.DlqFilter;
import io.hookline.core.dlq.DlqReader;
import io.hookline.core.dlq.ReplayLedger;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hookline dlq list}: the matching DLQ entries, oldest first. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {
      "List dead-letter entries, oldest first: when, endpoint, tenant, event type, reason, last"
          + " HTTP status, attempts, and whether (when) it was replayed.",
      "REF (<partition>:<offset>) names an entry for `hookline dlq show`."
    })
public final class DlqListCommand implements Callable<Integer> {
  @Mixin KafkaOptions kafka;
  @Mixin FilterOptions filters;

  @Option(
      names = "--limit",
      paramLabel = "<n>",
      defaultValue = "100",
      description = "Show at most this many (default: ${DEFAULT-VALUE}).")
  long limit;

  @Mixin OutputOption output;

  @Spec CommandSpec spec;
  private final CliContext context;

  public DlqListCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (limit < 1) {
      throw new ParameterException(spec.commandLine(), "--limit must be at least 1, was " + limit);
    }
    DlqFilter filter = filters.resolve(context.clock().instant());
    KafkaSession session = kafka.connect();
    DlqReader reader = new DlqReader(session.dlq(), context.stop());
    List<DlqEntry> entries = new ArrayList<>();
    DlqReader.ScanResult scan = reader.scan(filter, limit, entries::add);
    List<DlqEntry> shown = oldestFirst(entries, limit);
    ReplayLedger ledger = ReplayLedger.read(session.dlq(), context.stop());
    PrintWriter out = spec.commandLine().getOut();
    EntryViews.print(out, output.get(), shown, ledger, reader.topic());
    PrintWriter err = spec.commandLine().getErr();
    if (entries.size() > shown.size() || scan.stoppedEarly() > 0) {
      err.println(
          "showing the first "
              + shown.size()
              + " matching entries; there may be more: raise"
              + " --limit or narrow the filters");
    } else if (shown.isEmpty() && !output.isJson()) {
      err.println("no DLQ entries match (" + scan.recordsRead() + " read)");
    }
    warnUnreadable(err, scan);
    return ExitCodes.OK;
  }

  /** Entries of all partitions by the time they reached the DLQ, then by ref; at most {@code n}. */
  public static List<DlqEntry> oldestFirst(List<DlqEntry> entries, long n) {
    return entries.stream().sorted(DlqEntry.OLDEST_FIRST).limit(n).toList();
  }

  static void warnUnreadable(PrintWriter err, DlqReader.ScanResult scan) {
    if (scan.unreadable() > 0) {
      err.println(
          "warning: skipped "
              + scan.unreadable()
              + " DLQ records that are not dead letters (first"
              + " at "
              + scan.firstUnreadable().map(Object::toString).orElse("?")
              + ")");
    }
  }
}
