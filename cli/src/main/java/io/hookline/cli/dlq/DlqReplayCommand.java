package io.hookline.cli.dlq;

import io.hookline.cli.CliContext;
import io.hookline.cli.CliFailure;
import io.hookline.cli.CliFailures;
import io.hookline.cli.ExitCodes;
import io.hookline.cli.KafkaOptions;
import io.hookline.cli.KafkaSession;
import io.hookline.cli.OutputOption;
import io.hookline.cli.internal.ProgressBar;
import io.hookline.core.dlq.DlqFailure;
import io.hookline.core.dlq.DlqFilter;
import io.hookline.core.dlq.DlqReader;
import io.hookline.core.dlq.EndpointGate;
import io.hookline.core.dlq.Pacer;
import io.hookline.core.dlq.ReplayLedger;
import io.hookline.core.dlq.ReplayPlan;
import io.hookline.core.dlq.Replayer;
import io.hookline.core.kafka.TopicProvisioner;
import io.hookline.core.kafka.TopicSpec;
import io.hookline.schemas.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
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
          + " per set of topics: starting one stops one still running, and nothing is sent twice."
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
  private DlqFilter filter;

  public DlqReplayCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (limit != null && limit < 1) {
      throw new ParameterException(spec.commandLine(), "--limit must be at least 1, was " + limit);
    }
    if (rate != null && !(rate > 0 && rate <= 1_000_000)) {
      throw new ParameterException(
          spec.commandLine(), "--rate must be a number of sends per second > 0, was " + rate);
    }
    Instant started = context.clock().instant();
    filter = filters.resolve(started);
    KafkaSession session = kafka.connect();
    DlqReader reader = new DlqReader(session.dlq(), context.stop());
    ReplayReport report =
        new ReplayReport(
            spec.commandLine().getOut(),
            spec.commandLine().getErr(),
            output.get(),
            session.config().topics());
    if (dryRun) {
      ReplayLedger ledger = ReplayLedger.read(session.dlq(), context.stop());
      ReplayPlan plan = plan(session, reader, ledger);
      report.dryRun(plan, ledger, rate);
      return plan.refused().isEmpty() ? ExitCodes.OK : ExitCodes.PARTIAL;
    }
    ensureLedgerTopic(session);
    requireTopic(session, session.config().topics().deliveries());
    // One replay at a time per set of topics: starting this producer fences a replay still
    // running, and only then is the ledger read, so it holds everything that one sent.
    KafkaProducer<String, byte[]> producer =
        session.transactionalProducer("replay", transactionalId(session));
    try {
      ReplayPlan plan = plan(session, reader, ReplayLedger.read(session.dlq(), context.stop()));
      if (plan.toSend().isEmpty()) {
        report.nothingToSend(plan);
        return plan.refused().isEmpty() ? ExitCodes.OK : ExitCodes.PARTIAL;
      }
      return send(session, reader, producer, plan, report, started);
    } finally {
      producer.close(Duration.ofSeconds(5));
    }
  }

  /** The transactional id every replay against these topics shares. */
  static String transactionalId(KafkaSession session) {
    return session.config().topics().prefix() + "cli-replay";
  }

  private ReplayPlan plan(KafkaSession session, DlqReader reader, ReplayLedger ledger) {
    return ReplayPlan.of(
        reader,
        ledger,
        filter,
        limit == null ? Long.MAX_VALUE : limit,
        force,
        ids -> EndpointGate.check(session.dlq(), ids));
  }

  private int send(
      KafkaSession session,
      DlqReader reader,
      KafkaProducer<String, byte[]> producer,
      ReplayPlan plan,
      ReplayReport report,
      Instant started) {
    String run = "replay-" + UUID.randomUUID().toString().substring(0, 8);
    AtomicReference<Replayer.Result> result = new AtomicReference<>();
    context
        .stop()
        .critical(
            () -> {
              Replayer replayer =
                  new Replayer(
                      producer,
                      session.config().topics(),
                      context.clock(),
                      rate == null
                          ? Pacer.unlimited(context.clock())
                          : Pacer.perSecond(rate, context.clock()),
                      context.stop(),
                      new ProgressBar(
                          spec.commandLine().getErr(),
                          context.clock(),
                          progress == Progress.ALWAYS
                              || (progress == Progress.AUTO && context.stderrIsTerminal()),
                          plan.toSend().size()),
                      run,
                      System.getProperty("user.name"),
                      force);
              result.set(replayer.replay(reader, plan));
              report.replayed(
                  plan, result.get(), run, Duration.between(started, context.clock().instant()));
            });
    Replayer.Result r = result.get();
    if (r.failure().isPresent()) {
      throw failure(
          r.failure().get(),
          r.replayed() + " of " + plan.toSend().size() + " entries were replayed and recorded",
          r.openAtFailure(),
          session.transactionTimeout());
    }
    if (r.stopped()) {
      return ExitCodes.INTERRUPTED;
    }
    return plan.refused().isEmpty() ? ExitCodes.OK : ExitCodes.PARTIAL;
  }

  /**
   * What to tell the operator about a replay that {@code e} ended after {@code done}. A fenced
   * producer means another replay took over, unless the transaction had been open for at least
   * {@code transactionTimeout} ({@code openFor}, measured from before the broker started its own
   * clock): then the broker aborted it, which fences the producer the same way.
   */
  static RuntimeException failure(
      RuntimeException e, String done, Duration openFor, Duration transactionTimeout) {
    String rest = ". The ledger is exact: the same command sends only the rest.";
    boolean fenced =
        e instanceof ProducerFencedException || e instanceof InvalidProducerEpochException;
    if (fenced && openFor.compareTo(transactionTimeout) >= 0) {
      return new CliFailure(
          "Kafka aborted the replay's open transaction after "
              + Durations.human(openFor)
              + " (longer than transaction.timeout.ms, "
              + Durations.human(transactionTimeout)
              + "): nothing of it is visible; "
              + done
              + rest,
          ExitCodes.FAILURE,
          e);
    }
    if (fenced) {
      return new CliFailure(
          "another `hookline dlq replay` against these topics took over (one runs at a time): "
              + done
              + "; the other run sends what it selected of the rest",
          ExitCodes.FAILURE,
          e);
    }
    if (e instanceof DlqFailure read) {
      e = CliFailures.of(read);
    }
    if (e instanceof CliFailure read) {
      return new CliFailure(
          "replay failed after " + done + ": " + read.getMessage() + rest, read.exitCode(), e);
    }
    if (e instanceof KafkaException) {
      return new CliFailure(
          "replay failed after "
              + done
              + ": "
              + KafkaSession.failure("Kafka", e).getMessage()
              + rest,
          ExitCodes.FAILURE,
          e);
    }
    return e; // a bug: the handler reports it with its stack trace at debug level
  }

  private static void ensureLedgerTopic(KafkaSession session) {
    String ledger = session.config().topics().dlqReplays();
    try {
      new TopicProvisioner(session.config())
          .ensure(
              TopicSpec.pipeline(session.config()).stream()
                  .filter(s -> s.name().equals(ledger))
                  .toList());
    } catch (RuntimeException e) {
      throw KafkaSession.failure("could not create the replay ledger topic " + ledger, e);
    }
  }

  private static void requireTopic(KafkaSession session, String topic) {
    try (KafkaConsumer<String, byte[]> probe = session.reader("probe")) {
      session.partitionsOf(probe, topic);
    }
  }
}
