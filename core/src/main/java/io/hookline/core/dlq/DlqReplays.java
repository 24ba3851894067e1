package io.hookline.core.dlq;

import io.hookline.core.kafka.TopicProvisioner;
import io.hookline.core.kafka.TopicSpec;
import io.hookline.schemas.Durations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;

/**
 * A replay of DLQ entries from start to end, the one implementation behind {@code hookline dlq
 * replay} and the API's {@code POST /v1/dlq/replay}: the selection (a filter, or refs), the dry
 * run, one replay at a time per set of topics (every replay's transactional producer has the same
 * id, so starting one fences one still running, wherever it runs), the ledger read only after that,
 * the plan, the send, and what to say when it fails. Blocking; one thread per replay.
 */
public final class DlqReplays {
  /** Which entries: those matching {@code filter}, or exactly {@code refs} when there are any. */
  public record Selection(DlqFilter filter, List<DlqRef> refs, long limit, boolean force) {
    public Selection {
      refs = List.copyOf(refs);
    }
  }

  /** What a dry run found: the plan, and the ledger it was made against. */
  public record DryRun(ReplayPlan plan, ReplayLedger ledger) {
    public ReplaySummary summary(String dlqTopic) {
      return ReplaySummary.dryRun(plan, ledger, dlqTopic);
    }
  }

  /** A replay that ran. */
  public record Sent(ReplayPlan plan, Replayer.Result result, String run, Duration took) {
    public ReplaySummary summary() {
      return ReplaySummary.ran(plan, result, run, took);
    }
  }

  private final DlqKafka kafka;
  private final Clock clock;
  private final StopSignal stop;
  private final Function<Set<String>, EndpointGate> gate;

  /**
   * Replays through {@code kafka}; {@code gate} judges the endpoints of a plan ({@link
   * EndpointGate#check} reads the endpoints topic, a service passes its own directory).
   */
  public DlqReplays(
      DlqKafka kafka, Clock clock, StopSignal stop, Function<Set<String>, EndpointGate> gate) {
    this.kafka = kafka;
    this.clock = clock;
    this.stop = stop;
    this.gate = gate;
  }

  /** A fresh run id, {@code replay-} and 8 hex digits: what the ledger records of a run. */
  public static String newRunId() {
    return "replay-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** The transactional id every replay against these topics shares, CLI and API alike. */
  public static String transactionalId(DlqKafka kafka) {
    return kafka.config().topics().prefix() + "cli-replay";
  }

  /** What a replay of {@code selection} would send and refuse; sends nothing. */
  public DryRun dryRun(Selection selection) {
    ReplayLedger ledger = ReplayLedger.read(kafka, stop);
    return new DryRun(plan(selection, new DlqReader(kafka, stop), ledger), ledger);
  }

  /**
   * Takes the replay over for these topics (fencing one still running), then plans {@code
   * selection} against the ledger as that one left it. Close the result.
   */
  public Prepared prepare(Selection selection) {
    ensureLedgerTopic();
    requireTopic(kafka.config().topics().deliveries());
    KafkaProducer<String, byte[]> producer =
        kafka.transactionalProducer("replay", transactionalId(kafka));
    try {
      DlqReader reader = new DlqReader(kafka, stop);
      ReplayPlan plan = plan(selection, reader, ReplayLedger.read(kafka, stop));
      return new Prepared(producer, reader, plan, selection.force());
    } catch (RuntimeException e) {
      producer.close(Duration.ofSeconds(5));
      throw e;
    }
  }

  /** A planned replay holding the replay's producer. */
  public final class Prepared implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final DlqReader reader;
    private final ReplayPlan plan;
    private final boolean force;

    private Prepared(
        KafkaProducer<String, byte[]> producer, DlqReader reader, ReplayPlan plan, boolean force) {
      this.producer = producer;
      this.reader = reader;
      this.plan = plan;
      this.force = force;
    }

    public ReplayPlan plan() {
      return plan;
    }

    /**
     * Sends the plan, at most {@code rate} a second (null: as fast as Kafka takes them), recording
     * {@code user} in the ledger. {@link Sent#result} says how it ended; {@link #failure} words a
     * failure.
     */
    public Sent send(Double rate, ReplayProgress progress, String user) {
      return send(newRunId(), rate, progress, user);
    }

    /** {@link #send(Double, ReplayProgress, String)} as the run {@code run}. */
    public Sent send(String run, Double rate, ReplayProgress progress, String user) {
      Instant started = clock.instant();
      Replayer replayer =
          new Replayer(
              producer,
              kafka.config().topics(),
              clock,
              rate == null ? Pacer.unlimited(clock) : Pacer.perSecond(rate, clock),
              stop,
              progress,
              run,
              user,
              force);
      Replayer.Result result = replayer.replay(reader, plan);
      return new Sent(plan, result, run, Duration.between(started, clock.instant()));
    }

    @Override
    public void close() {
      producer.close(Duration.ofSeconds(5));
    }
  }

  private ReplayPlan plan(Selection s, DlqReader reader, ReplayLedger ledger) {
    if (!s.refs().isEmpty()) {
      return ReplayPlan.ofEntries(
          reader.entries(s.refs()), reader.topic(), ledger, s.force(), gate);
    }
    return ReplayPlan.of(reader, ledger, s.filter(), s.limit(), s.force(), gate);
  }

  /**
   * What to tell the operator about {@code sent}'s failure: after what was done, whether another
   * replay took over or Kafka aborted the transaction, and that {@code again} (the same command,
   * the same request) sends only the rest. Call only when it failed.
   */
  public RuntimeException failure(Sent sent, String again) {
    Replayer.Result r = sent.result();
    return failure(
        r.failure().orElseThrow(),
        r.replayed() + " of " + sent.plan().toSend().size() + " entries were replayed and recorded",
        r.openAtFailure(),
        kafka.transactionTimeout(),
        again);
  }

  /**
   * What to tell the operator about a replay that {@code e} ended after {@code done}. A fenced
   * producer means another replay took over, unless the transaction had been open for at least
   * {@code transactionTimeout} ({@code openFor}, measured from before the broker started its own
   * clock): then the broker aborted it, which fences the producer the same way. A {@link
   * DlqFailure}, or {@code e} itself when it is neither Kafka's nor the DLQ's (a bug).
   */
  public static RuntimeException failure(
      RuntimeException e,
      String done,
      Duration openFor,
      Duration transactionTimeout,
      String again) {
    String rest = ". The ledger is exact: " + again + " sends only the rest.";
    boolean fenced =
        e instanceof ProducerFencedException || e instanceof InvalidProducerEpochException;
    if (fenced && openFor.compareTo(transactionTimeout) >= 0) {
      return new DlqFailure(
          DlqFailure.Kind.FAILED,
          "Kafka aborted the replay's open transaction after "
              + Durations.human(openFor)
              + " (longer than transaction.timeout.ms, "
              + Durations.human(transactionTimeout)
              + "): nothing of it is visible; "
              + done
              + rest,
          e);
    }
    if (fenced) {
      return new DlqFailure(
          DlqFailure.Kind.FAILED,
          "another replay against these topics took over (`hookline dlq replay` or POST"
              + " /v1/dlq/replay; one runs at a time): "
              + done
              + "; the other run sends what it selected of the rest",
          e);
    }
    if (e instanceof DlqFailure read) {
      return new DlqFailure(
          read.kind(), "replay failed after " + done + ": " + read.getMessage() + rest, e);
    }
    if (e instanceof KafkaException) {
      return new DlqFailure(
          DlqFailure.Kind.FAILED,
          "replay failed after " + done + ": " + DlqKafka.failure("Kafka", e).getMessage() + rest,
          e);
    }
    return e; // a bug: the caller reports it with its stack trace
  }

  private void ensureLedgerTopic() {
    String ledger = kafka.config().topics().dlqReplays();
    try {
      new TopicProvisioner(kafka.config())
          .ensure(
              TopicSpec.pipeline(kafka.config()).stream()
                  .filter(s -> s.name().equals(ledger))
                  .toList());
    } catch (RuntimeException e) {
      throw DlqKafka.failure("could not create the replay ledger topic " + ledger, e);
    }
  }

  private void requireTopic(String topic) {
    try (KafkaConsumer<String, byte[]> probe = kafka.reader("probe")) {
      kafka.partitionsOf(probe, topic);
    }
  }
}
