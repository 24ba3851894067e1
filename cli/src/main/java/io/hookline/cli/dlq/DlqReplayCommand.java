package io.hookline.cli.dlq;

import io.hookline.cli.CliContext;
import io.hookline.cli.CliFailures;
import io.hookline.cli.ExitCodes;
import io.hookline.cli.KafkaOptions;
import io.hookline.cli.KafkaSession;
import io.hookline.cli.OutputOption;
import io.hookline.cli.internal.ProgressBar;
import io.hookline.core.dlq.DlqFailure;
import io.hookline.core.dlq.DlqRef;
import io.hookline.core.dlq.DlqReplays;
import io.hookline.core.dlq.EndpointGate;
import io.hookline.core.dlq.Pacer;
import io.hookline.core.dlq.ReplayPlan;
import io.hookline.core.dlq.Replayer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hookline dlq replay}: re-publishes the matching DLQ entries to deliveries, each with its
 * ledger entry in the same Kafka transaction, at most {@code --rate} a second.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Send matching dead-letter entries again: each goes back to the deliveries topic under its"
          + " endpoint id, with a fresh attempt count and replayOf set to its DLQ coordinates, so"
          + " it gets the whole retry schedule again. Oldest first.",
      "Each replay is recorded in the compacted ledger topic <prefix>dlq-replays in the same"
          + " Kafka transaction as the delivery: running the same replay again sends nothing"
          + " unless --force. Entries of an endpoint that is disabled or deleted are refused"
          + " (exit code 3) unless --force. Ctrl-C stops between sends; the ledger keeps exactly"
          + " what was sent, so the same command sends the rest later. One replay runs at a time"
          + " per set of topics (this command and the API's POST /v1/dlq/replay alike): starting"
          + " one stops one still running, and nothing is sent twice."
    })
public final class DlqReplayCommand implements Callable<Integer> {
  /** When the progress bar is drawn. */
  enum Progress {
    AUTO,
    ALWAYS,
    NEVER
  }

  @Mixin KafkaOptions kafka;
  @Mixin FilterOptions filters;

  @Parameters(
      arity = "0..*",
      paramLabel = "<ref>",
      converter = DlqRefConverter.class,
      description =
          "Replay exactly these entries (<partition>:<offset>, as `hookline dlq list` shows"
              + " them) instead of those matching filters.")
  List<DlqRef> refs = new ArrayList<>();

  @Option(
      names = "--limit",
      paramLabel = "<n>",
      description = "Replay at most this many (the oldest not yet replayed); default: all.")
  Long limit;

  @Option(
      names = "--dry-run",
      description = "Show what would be sent, and what would be refused; send nothing.")
  boolean dryRun;

  @Option(
      names = "--rate",
      paramLabel = "<per second>",
      description =
          "Send at most this many a second (e.g. 5, or 0.5); default: as fast as Kafka takes them.")
  Double rate;

  @Option(
      names = "--force",
      description =
          "Also send entries the ledger says were replayed, and entries of disabled or deleted"
              + " endpoints.")
  boolean force;

  @Option(
      names = "--progress",
      paramLabel = "auto|always|never",
      defaultValue = "auto",
      description =
          "Draw a progress bar on stderr: auto (default) when stderr is a terminal, always, never."
              + " The final summary is always printed.")
  Progress progress;

  @Mixin OutputOption output;

  @Spec CommandSpec spec;
  private final CliContext context;

  public DlqReplayCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (limit != null && limit < 1) {
      throw new ParameterException(spec.commandLine(), "--limit must be at least 1, was " + limit);
    }
    if (rate != null && !Pacer.isValidRate(rate)) {
      throw new ParameterException(
          spec.commandLine(), "--rate must be a number of sends per second > 0, was " + rate);
    }
    if (!refs.isEmpty() && (filters.isSet() || limit != null)) {
      throw new ParameterException(
          spec.commandLine(),
          "give either refs or filters (--endpoint, --tenant, --type, --reason, --since, --until,"
              + " --limit), not both");
    }
    Instant started = context.clock().instant();
    DlqReplays.Selection selection =
        new DlqReplays.Selection(
            filters.resolve(started), refs, limit == null ? Long.MAX_VALUE : limit, force);
    KafkaSession session = kafka.connect();
    DlqReplays replays =
        new DlqReplays(
            session.dlq(),
            context.clock(),
            context.stop(),
            ids -> EndpointGate.check(session.dlq(), ids));
    ReplayReport report =
        new ReplayReport(
            spec.commandLine().getOut(),
            spec.commandLine().getErr(),
            output.get(),
            session.config().topics());
    if (dryRun) {
      DlqReplays.DryRun dry = replays.dryRun(selection);
      report.dryRun(dry.plan(), dry.ledger(), rate);
      return dry.plan().refused().isEmpty() ? ExitCodes.OK : ExitCodes.PARTIAL;
    }
    // One replay at a time per set of topics: preparing fences a replay still running, and only
    // then is the ledger read, so it holds everything that one sent.
    try (DlqReplays.Prepared prepared = replays.prepare(selection)) {
      ReplayPlan plan = prepared.plan();
      if (plan.toSend().isEmpty()) {
        report.nothingToSend(plan);
        return plan.refused().isEmpty() ? ExitCodes.OK : ExitCodes.PARTIAL;
      }
      AtomicReference<DlqReplays.Sent> sent = new AtomicReference<>();
      context
          .stop()
          .critical(
              () -> {
                sent.set(
                    prepared.send(
                        rate,
                        new ProgressBar(
                            spec.commandLine().getErr(),
                            context.clock(),
                            progress == Progress.ALWAYS
                                || (progress == Progress.AUTO && context.stderrIsTerminal()),
                            plan.toSend().size()),
                        System.getProperty("user.name")));
                DlqReplays.Sent s = sent.get();
                report.replayed(
                    plan,
                    s.result(),
                    s.run(),
                    Duration.between(started, context.clock().instant()));
              });
      Replayer.Result r = sent.get().result();
      if (r.failure().isPresent()) {
        throw cliFailure(replays.failure(sent.get(), AGAIN));
      }
      if (r.stopped()) {
        return ExitCodes.INTERRUPTED;
      }
      return plan.refused().isEmpty() ? ExitCodes.OK : ExitCodes.PARTIAL;
    }
  }

  /** How a failure's message says the replay is resumed. */
  private static final String AGAIN = "the same command";

  /** {@link DlqReplays#failure} as the CLI reports it (a bug passes through as itself). */
  static RuntimeException failure(
      RuntimeException e, String done, Duration openFor, Duration transactionTimeout) {
    return cliFailure(DlqReplays.failure(e, done, openFor, transactionTimeout, AGAIN));
  }

  private static RuntimeException cliFailure(RuntimeException e) {
    return e instanceof DlqFailure f ? CliFailures.of(f) : e;
  }
}
