package io.hookline.cli.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookline.cli.KafkaFixture;
import io.hookline.cli.KafkaSession;
import io.hookline.cli.internal.ProgressBar;
import io.hookline.core.dlq.DlqEntry;
import io.hookline.core.dlq.DlqFailure;
import io.hookline.core.dlq.DlqFilter;
import io.hookline.core.dlq.DlqReader;
import io.hookline.core.dlq.DlqRef;
import io.hookline.core.dlq.Pacer;
import io.hookline.core.dlq.ReplayLedger;
import io.hookline.core.dlq.ReplayPlan;
import io.hookline.core.dlq.Replayer;
import io.hookline.core.dlq.StopSignal;
import io.hookline.schemas.DeadLetter;
import io.hookline.schemas.Delivery;
import io.hookline.schemas.DlqReplay;
import io.hookline.schemas.Json;
import io.hookline.testkit.KafkaCluster;
import io.hookline.testkit.WithKafka;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * The replay's transactions against a real broker, seen as the dispatcher sees deliveries ({@code
 * read_committed}): never open while the replay reads the DLQ, and closed however the run ends.
 *
 * <p>The DLQ is sparse: the wanted entries of {@code ep_a} on one partition, 600 entries of another
 * endpoint between each two. A poll returns at most 500 records, so each wanted entry comes in a
 * read of its own. The replay's clock is frozen, so no commit is ever due to time: only the rules
 * under test can make an entry visible early.
 */
@WithKafka
class ReplayerIT {
  private static final Instant NOW = Instant.now();
  private static final Instant T0 = NOW.minus(Duration.ofMinutes(30));
  private static final int GAP = 600;

  @Test
  void eachReplayedEntryIsVisibleToTheDispatcherBeforeTheReplayReadsOnToTheNext(
      KafkaCluster kafka) {
    Setup s = setUp(kafka, "visible", 3);

    // When the reader hands over an entry, every entry before it must already be committed.
    Replayer.Result r =
        s.replay(
            handler ->
                new Around(handler) {
                  int handled;

                  @Override
                  public boolean handle(DlqRef ref, DeadLetter dead) {
                    int before = handled++;
                    await()
                        .atMost(Duration.ofSeconds(5))
                        .untilAsserted(() -> assertThat(s.f.deliveries()).hasSize(before));
                    return super.handle(ref, dead);
                  }
                });

    assertThat(r.failure()).isEmpty();
    assertThat(r.replayed()).isEqualTo(3);
    s.f.awaitNothingLeftOpen();
    assertThat(s.f.deliveries())
        .extracting(Delivery::replayOf)
        .containsExactlyElementsOf(s.wanted.stream().map(w -> w.on(s.f.topics.dlq())).toList());
    assertThat(ledger(s.f)).containsExactlyInAnyOrderElementsOf(s.wanted);
  }

  @Test
  void aCtrlCWhileTheReplayReadsOnCommitsWhatWasSentAndReportsTheStop(KafkaCluster kafka) {
    Setup s = setUp(kafka, "stop", 3);

    // Ctrl-C lands right after the first entry was sent, before the reader reads on.
    Replayer.Result r =
        s.replay(
            handler ->
                new Around(handler) {
                  @Override
                  public boolean handle(DlqRef ref, DeadLetter dead) {
                    boolean more = super.handle(ref, dead);
                    s.stop.requestStop();
                    return more;
                  }
                });

    assertThat(r.failure()).isEmpty();
    assertThat(r.stopped()).isTrue();
    assertThat(r.replayed()).isEqualTo(1);
    s.f.awaitNothingLeftOpen();
    assertThat(s.f.deliveries())
        .extracting(Delivery::replayOf)
        .containsExactly(s.wanted.get(0).on(s.f.topics.dlq()));
    assertThat(ledger(s.f)).containsExactly(s.wanted.get(0));
  }

  @Test
  void aReadThatFailsAbortsWhatIsOpenAndReportsTheFailure(KafkaCluster kafka) {
    Setup s = setUp(kafka, "fail", 3);
    DlqFailure brokerGone = new DlqFailure("could not read the DLQ: the broker went away");

    // The reader fails right after handing over the first entry, which is sent but not committed.
    Replayer.Result r =
        s.replay(
            handler ->
                new Around(handler) {
                  @Override
                  public boolean handle(DlqRef ref, DeadLetter dead) {
                    super.handle(ref, dead);
                    throw brokerGone;
                  }
                });

    assertThat(r.failure()).containsSame(brokerGone);
    assertThat(r.replayed()).isZero();
    s.f.awaitNothingLeftOpen();
    assertThat(s.f.deliveries()).isEmpty();
    assertThat(ledger(s.f)).isEmpty();
  }

  /** A DLQ with {@code wanted} sparse entries, and what a replay of them needs. */
  private record Setup(
      KafkaFixture f, List<DlqRef> wanted, KafkaSession session, ReplayPlan plan, StopSignal stop) {

    /** Replays the plan with a frozen clock, the reader's handler wrapped by {@code around}. */
    Replayer.Result replay(Function<DlqReader.Handler, DlqReader.Handler> around) {
      Clock frozen = Clock.fixed(NOW, ZoneOffset.UTC);
      DlqReader reader = new DlqReader(session.dlq(), stop);
      try (KafkaProducer<String, byte[]> producer =
          session.transactionalProducer("replay", f.topics.prefix() + "cli-replay")) {
        Replayer replayer =
            new Replayer(
                producer,
                f.topics,
                frozen,
                Pacer.unlimited(frozen),
                stop,
                new ProgressBar(new PrintWriter(Writer.nullWriter()), frozen, false, 0),
                "replay-test",
                "tester",
                false);
        return replayer.replay(
            plan, (wanted, handler) -> reader.fetch(wanted, around.apply(handler)));
      }
    }
  }

  private static Setup setUp(KafkaCluster kafka, String name, int wanted) {
    KafkaFixture f = KafkaFixture.create(kafka, name);
    List<DlqRef> refs = f.sparseOnPartition0(wanted, GAP, T0);
    KafkaSession session = f.session();
    StopSignal stop = new StopSignal();
    DlqFilter onlyA =
        new DlqFilter(
            Set.of("ep_a"), Set.of(), List.of(), Set.of(), Optional.empty(), Optional.empty());
    ReplayPlan plan =
        ReplayPlan.of(
            new DlqReader(session.dlq(), stop),
            ReplayLedger.read(session.dlq(), stop),
            onlyA,
            Long.MAX_VALUE,
            true,
            ids -> {
              throw new AssertionError("a forced plan asks no endpoint");
            });
    assertThat(plan.toSend()).extracting(DlqEntry::ref).containsExactlyElementsOf(refs);
    return new Setup(f, refs, session, plan, stop);
  }

  /** A handler that passes everything on to the replay's; tests override what they watch. */
  private static class Around implements DlqReader.Handler {
    private final DlqReader.Handler inner;

    Around(DlqReader.Handler inner) {
      this.inner = inner;
    }

    @Override
    public boolean handle(DlqRef ref, DeadLetter dead) {
      return inner.handle(ref, dead);
    }

    @Override
    public boolean beforeRead() {
      return inner.beforeRead();
    }
  }

  private static List<DlqRef> ledger(KafkaFixture f) {
    return f.records(f.topics.dlqReplays()).stream()
        .map(r -> Json.read(r.value(), DlqReplay.class).dlq())
        .map(ref -> new DlqRef(ref.partition(), ref.offset()))
        .toList();
  }
}
