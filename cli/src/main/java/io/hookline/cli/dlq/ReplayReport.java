package io.hookline.cli.dlq;

import io.hookline.cli.dlq.internal.EntryViews;
import io.hookline.cli.internal.Output;
import io.hookline.core.dlq.DlqReader;
import io.hookline.core.dlq.ReplayLedger;
import io.hookline.core.dlq.ReplayPlan;
import io.hookline.core.dlq.ReplaySummary;
import io.hookline.core.dlq.Replayer;
import io.hookline.schemas.Durations;
import io.hookline.schemas.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * What {@code dlq replay} tells the operator: the summary (always, on stdout, as text or JSON) and
 * the refusals and stops (on stderr, where a script's JSON parser does not trip over them).
 */
final class ReplayReport {
  private final PrintWriter out;
  private final PrintWriter err;
  private final Output output;
  private final Topics topics;

  ReplayReport(PrintWriter out, PrintWriter err, Output output, Topics topics) {
    this.out = out;
    this.err = err;
    this.output = output;
    this.topics = topics;
  }

  void dryRun(ReplayPlan plan, ReplayLedger ledger, Double rate) {
    if (output == Output.JSON) {
      Output.printJson(out, ReplaySummary.dryRun(plan, ledger, topics.dlq()));
    } else {
      if (!plan.toSend().isEmpty()) {
        EntryViews.print(out, output, plan.toSend(), ledger, topics.dlq());
        out.println();
      }
      String pace =
          rate == null || plan.toSend().isEmpty()
              ? ""
              : String.format(
                  Locale.ROOT,
                  " at %s/s (about %s)",
                  rate,
                  Durations.human(
                      Duration.ofMillis((long) ((plan.toSend().size() - 1) / rate * 1000))));
      out.println(
          "dry run: would replay "
              + plan.toSend().size()
              + " entries to "
              + topics.deliveries()
              + pace
              + "; nothing was sent");
      skipped(plan);
    }
    refusals(plan);
  }

  void nothingToSend(ReplayPlan plan) {
    if (output == Output.JSON) {
      Output.printJson(out, ReplaySummary.nothingToSend(plan));
    } else {
      out.println(
          plan.refused().isEmpty()
              ? "nothing to replay: no matching entry is waiting to be replayed"
              : "nothing replayed: every matching entry waiting to be replayed was refused");
      skipped(plan);
    }
    refusals(plan);
  }

  void replayed(ReplayPlan plan, Replayer.Result r, String run, Duration took) {
    if (output == Output.JSON) {
      Output.printJson(out, ReplaySummary.ran(plan, r, run, took));
    } else {
      // n sends paced 1/rate apart span n - 1 intervals: that is the rate they went at.
      double seconds = r.sending().toMillis() / 1000.0;
      String pace =
          r.replayed() > 1 && seconds > 0
              ? String.format(Locale.ROOT, ", %.1f/s", (r.replayed() - 1) / seconds)
              : "";
      out.println(
          "replayed "
              + r.replayed()
              + " of "
              + plan.toSend().size()
              + " entries to "
              + topics.deliveries()
              + " (sending "
              + Durations.human(r.sending())
              + pace
              + "; "
              + Durations.human(took)
              + " in all), run "
              + run);
      skipped(plan);
      if (!r.missing().isEmpty()) {
        out.println(
            "not sent: "
                + r.missing().size()
                + " planned entries were gone from the DLQ"
                + " (retention): "
                + r.missing());
      }
    }
    refusals(plan);
    if (r.uncertain() > 0) {
      err.println(
          "uncertain: the commit of the last "
              + r.uncertain()
              + " entries timed out; Kafka may"
              + " still have committed them. `hookline dlq list` shows which were replayed.");
    }
    if (r.stopped()) {
      err.println(
          "replay stopped (Ctrl-C or SIGTERM) after "
              + r.replayed()
              + " of "
              + plan.toSend().size()
              + " entries: the ledger records exactly those; the same command sends the rest.");
    }
    out.flush();
    err.flush();
  }

  private void skipped(ReplayPlan plan) {
    if (plan.alreadyReplayed() > 0) {
      out.println(
          "skipped "
              + plan.alreadyReplayed()
              + " entries replayed before (--force sends them"
              + " again)");
    }
    if (plan.poison() > 0) {
      out.println(
          "skipped "
              + plan.poison()
              + " entries without a delivery to replay (poison, or events rejected by the"
              + " fan-out; see `hookline dlq show`)");
    }
    if (plan.beyondLimit()) {
      out.println("more entries match beyond --limit: run the command again for the next ones");
    }
    DlqReader.ScanResult scan = plan.scan();
    if (scan.unreadable() > 0) {
      err.println(
          "warning: skipped " + scan.unreadable() + " DLQ records that are not dead letters");
    }
  }

  private void refusals(ReplayPlan plan) {
    plan.refused()
        .forEach(
            (endpoint, why) ->
                err.println(
                    "refused "
                        + why.entries()
                        + " entries: "
                        + why.reason()
                        + ". Enable the endpoint and run the same command again, or use --force."));
  }
}
