package io.hookline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookline.core.dlq.DlqRef;
import io.hookline.core.dlq.StopSignal;
import io.hookline.schemas.Delivery;
import io.hookline.schemas.DlqReplay;
import io.hookline.schemas.Json;
import io.hookline.schemas.RecordHeaders;
import io.hookline.testkit.KafkaCluster;
import io.hookline.testkit.WithKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * {@code hookline dlq replay} against a real broker, with dead letters written as the dispatcher
 * writes them: what it sends, what the ledger remembers, what it refuses, how it paces and stops.
 */
@WithKafka
class DlqReplayIT {
  private static final Instant T0 = Instant.now().minus(Duration.ofMinutes(30));

  @Test
  void aDryRunShowsWhatWouldGoAndSendsNothing(KafkaCluster kafka) {
    KafkaFixture f = KafkaFixture.create(kafka, "dry");
    f.put(KafkaFixture.endpoint("ep_a", true, null));
    List<DlqRef> refs = f.deadMany(List.of("evt_1", "evt_2"), "ep_a", T0);

    Cli.Run run = f.cli("dlq", "replay", "--dry-run");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .contains(refs.get(0).toString(), refs.get(1).toString(), "ep_a", "exhausted")
        .contains("dry run: would replay 2 entries to " + f.topics.deliveries())
        .contains("nothing was sent");
    assertThat(f.records(f.topics.deliveries())).isEmpty();
    assertThat(f.records(f.topics.dlqReplays())).isEmpty();
  }

  @Test
  void aReplaySendsEachEntryOnceAndASecondRunSendsNothingUnlessForced(KafkaCluster kafka) {
    KafkaFixture f = KafkaFixture.create(kafka, "once");
    f.put(KafkaFixture.endpoint("ep_a", true, null));
    List<DlqRef> refs = f.deadMany(List.of("evt_1", "evt_2", "evt_3"), "ep_a", T0);

    Cli.Run first = f.cli("dlq", "replay", "--endpoint", "ep_a");

    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(first.out()).contains("replayed 3 of 3 entries to " + f.topics.deliveries());
    List<ConsumerRecord<byte[], byte[]>> sent = f.records(f.topics.deliveries());
    assertThat(sent).hasSize(3).allSatisfy(r -> assertThat(KafkaFixture.key(r)).isEqualTo("ep_a"));
    assertThat(sent)
        .extracting(
            r ->
                new String(
                    r.headers().lastHeader(RecordHeaders.DELIVERY_ID).value(),
                    StandardCharsets.UTF_8))
        .containsExactly("dlv_evt_1", "dlv_evt_2", "dlv_evt_3");
    List<Delivery> deliveries = f.deliveries();
    assertThat(deliveries).extracting(Delivery::eventId).containsExactly("evt_1", "evt_2", "evt_3");
    assertThat(deliveries)
        .allSatisfy(
            d -> {
              assertThat(d.attempt()).isZero();
              assertThat(d.lastStatus()).isNull();
              assertThat(d.firstAttemptAt()).isNull();
              assertThat(d.createdAt()).isAfter(T0);
              // Latency counts from the replay, as the delivery's age does.
              assertThat(d.acceptedAt()).isEqualTo(d.createdAt());
            });
    assertThat(deliveries)
        .extracting(Delivery::replayOf)
        .containsExactlyElementsOf(refs.stream().map(r -> r.on(f.topics.dlq())).toList());
    List<DlqReplay> ledger =
        f.records(f.topics.dlqReplays()).stream()
            .map(r -> Json.read(r.value(), DlqReplay.class))
            .toList();
    assertThat(ledger)
        .extracting(DlqReplay::dlq)
        .containsExactlyInAnyOrderElementsOf(deliveries.stream().map(Delivery::replayOf).toList());
    assertThat(ledger).allSatisfy(e -> assertThat(e.forced()).isFalse());

    Cli.Run second = f.cli("dlq", "replay", "--endpoint", "ep_a");

    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(second.out())
        .contains("nothing to replay")
        .contains("skipped 3 entries replayed before (--force sends them again)");
    assertThat(f.records(f.topics.deliveries())).hasSize(3);
    assertThat(f.cli("dlq", "list", "-o", "json").out()).doesNotContain("\"replayed\" : false");

    Cli.Run forced = f.cli("dlq", "replay", "--endpoint", "ep_a", "--force", "-o", "json");

    assertThat(forced.exitCode()).as(forced.toString()).isZero();
    assertThat(forced.out()).contains("\"replayed\" : 3");
    assertThat(f.records(f.topics.deliveries())).hasSize(6);
  }

  @Test
  void anEntryNamedByItsRefIsReplayedAloneAndOnlyOnceUnlessForced(KafkaCluster kafka) {
    KafkaFixture f = KafkaFixture.create(kafka, "byref");
    f.put(KafkaFixture.endpoint("ep_a", true, null));
    List<DlqRef> refs = f.deadMany(List.of("evt_1", "evt_2", "evt_3"), "ep_a", T0);

    Cli.Run one = f.cli("dlq", "replay", refs.get(1).toString());

    assertThat(one.exitCode()).as(one.toString()).isZero();
    assertThat(one.out()).contains("replayed 1 of 1 entries to " + f.topics.deliveries());
    assertThat(f.deliveries()).extracting(Delivery::eventId).containsExactly("evt_2");
    assertThat(f.deliveries())
        .extracting(Delivery::replayOf)
        .containsExactly(refs.get(1).on(f.topics.dlq()));

    Cli.Run again = f.cli("dlq", "replay", refs.get(1).toString());

    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.out()).contains("nothing to replay").contains("skipped 1 entries replayed");
    assertThat(f.deliveries()).hasSize(1);

    Cli.Run forced = f.cli("dlq", "replay", "--force", refs.get(1).toString());

    assertThat(forced.exitCode()).as(forced.toString()).isZero();
    assertThat(f.deliveries()).extracting(Delivery::eventId).containsExactly("evt_2", "evt_2");
  }

  @Test
  void aRefThatHoldsNoEntryFailsNamingItAndSendsNothing(KafkaCluster kafka) {
    KafkaFixture f = KafkaFixture.create(kafka, "badref");
    f.put(KafkaFixture.endpoint("ep_a", true, null));
    List<DlqRef> refs = f.deadMany(List.of("evt_1"), "ep_a", T0);
    DlqRef beyond = new DlqRef(refs.get(0).partition(), refs.get(0).offset() + 50);

    Cli.Run run = f.cli("dlq", "replay", refs.get(0).toString(), beyond.toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.FAILURE);
    assertThat(run.err()).contains("no DLQ entry " + beyond);
    assertThat(f.records(f.topics.deliveries())).isEmpty();
  }

  @Test
  void refsAndFiltersTogetherAreRefused(KafkaCluster kafka) {
    KafkaFixture f = KafkaFixture.create(kafka, "refsfilters");

    Cli.Run run = f.cli("dlq", "replay", "--endpoint", "ep_a", "0:1");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("give either refs or filters");
  }

  @Test
  void limitReplaysTheOldestNotYetReplayedAndTheNextRunTakesTheNext(KafkaCluster kafka) {
    KafkaFixture f = KafkaFixture.create(kafka, "limit");
    f.put(KafkaFixture.endpoint("ep_a", true, null));
    for (int i = 1; i <= 4; i++) {
      f.dead("evt_" + i, "ep_a", T0.plusSeconds(i));
    }

    Cli.Run first = f.cli("dlq", "replay", "--limit", "2");
    Cli.Run next = f.cli("dlq", "replay", "--limit", "2");

    assertThat(first.out())
        .contains("replayed 2 of 2")
        .contains("more entries match beyond --limit");
    assertThat(next.out())
        .contains("replayed 2 of 2")
        .contains("skipped 2 entries replayed before");
    assertThat(f.deliveries())
        .extracting(Delivery::eventId)
        .containsExactly("evt_1", "evt_2", "evt_3", "evt_4");
  }

  @Test
  void theRateIsRespectedBetweenEverySend(KafkaCluster kafka) {
    KafkaFixture f = KafkaFixture.create(kafka, "rate");
    f.put(KafkaFixture.endpoint("ep_a", true, null));
    f.deadMany(IntStream.rangeClosed(1, 8).mapToObj(i -> "evt_" + i).toList(), "ep_a", T0);

    Cli.Run run = f.cli("dlq", "replay", "--rate", "10");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    List<Long> times =
        f.records(f.topics.deliveries()).stream().map(ConsumerRecord::timestamp).toList();
    assertThat(times).hasSize(8);
    List<Long> gaps = new ArrayList<>();
    for (int i = 1; i < times.size(); i++) {
      gaps.add(times.get(i) - times.get(i - 1));
    }
    // 10 a second: every send at least 100 ms after the one before it.
    assertThat(gaps).allSatisfy(gap -> assertThat(gap).isGreaterThanOrEqualTo(100));
    System.out.printf(
        "replay --rate 10: gaps %s ms, %.2f/s over %d sends%n",
        gaps, 7_000.0 / (times.get(7) - times.get(0)), times.size());
  }

  @Test
  void entriesOfADisabledOrDeletedEndpointAreRefusedUnlessForced(KafkaCluster kafka) {
    KafkaFixture f = KafkaFixture.create(kafka, "refuse");
    f.put(KafkaFixture.endpoint("ep_on", true, null));
    f.put(KafkaFixture.endpoint("ep_off", false, "disabled by an operator"));
    f.put(KafkaFixture.endpoint("ep_gone", true, null));
    f.delete("ep_gone");
    f.dead("evt_on", "ep_on", T0);
    f.dead("evt_off", "ep_off", T0.plusSeconds(1));
    f.dead("evt_gone", "ep_gone", T0.plusSeconds(2));

    Cli.Run run = f.cli("dlq", "replay");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.PARTIAL);
    assertThat(run.out()).contains("replayed 1 of 1");
    assertThat(run.err())
        .contains("refused 1 entries: endpoint ep_off is disabled (disabled by an operator)")
        .contains("refused 1 entries: endpoint ep_gone is deleted")
        .contains("Enable the endpoint and run the same command again, or use --force");
    assertThat(f.deliveries()).extracting(Delivery::endpointId).containsExactly("ep_on");

    Cli.Run forced = f.cli("dlq", "replay", "--force", "--endpoint", "ep_off,ep_gone");

    assertThat(forced.exitCode()).as(forced.toString()).isZero();
    assertThat(f.deliveries())
        .extracting(Delivery::endpointId)
        .containsExactly("ep_on", "ep_off", "ep_gone");
  }

  @Test
  void ctrlCStopsBetweenSendsWithTheLedgerTrueToWhatWasSent(KafkaCluster kafka) {
    KafkaFixture f = KafkaFixture.create(kafka, "stop");
    f.put(KafkaFixture.endpoint("ep_a", true, null));
    // 100 entries at 5/s would take 20 s: however slow this machine, Ctrl-C lands mid-run.
    int entries = 100;
    f.deadMany(IntStream.rangeClosed(1, entries).mapToObj(i -> "evt_" + i).toList(), "ep_a", T0);
    StopSignal ctrlC = new StopSignal();

    CompletableFuture<Cli.Run> running =
        CompletableFuture.supplyAsync(() -> f.cli(ctrlC, "dlq", "replay", "--rate", "5"));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> f.records(f.topics.deliveries()).size() >= 3);
    ctrlC.requestStop();
    Cli.Run stopped = running.join();

    assertThat(stopped.exitCode()).as(stopped.toString()).isEqualTo(ExitCodes.INTERRUPTED);
    assertThat(stopped.err()).contains("replay stopped (Ctrl-C or SIGTERM) after");
    List<Delivery> sent = f.deliveries();
    List<DlqReplay> ledger =
        f.records(f.topics.dlqReplays()).stream()
            .map(r -> Json.read(r.value(), DlqReplay.class))
            .toList();
    assertThat(sent.size()).isBetween(3, entries - 1);
    assertThat(ledger)
        .extracting(DlqReplay::dlq)
        .containsExactlyInAnyOrderElementsOf(sent.stream().map(Delivery::replayOf).toList());
    assertThat(stopped.out()).contains("replayed " + sent.size() + " of " + entries);

    Cli.Run rest = f.cli("dlq", "replay");

    int left = entries - sent.size();
    assertThat(rest.out()).contains("replayed " + left + " of " + left);
    assertThat(f.deliveries())
        .extracting(Delivery::eventId)
        .doesNotHaveDuplicates()
        .hasSize(entries);
  }

  @Test
  void aSecondReplayStartedMidRunTakesOverAndNothingIsSentTwice(KafkaCluster kafka) {
    KafkaFixture f = KafkaFixture.create(kafka, "two");
    f.put(KafkaFixture.endpoint("ep_a", true, null));
    // 100 entries at 4/s would take 25 s: the first run is still sending, however long the
    // second one takes to start. It stops as soon as the second one starts, so the test does not
    // wait for those 25 s.
    int entries = 100;
    f.deadMany(IntStream.rangeClosed(1, entries).mapToObj(i -> "evt_" + i).toList(), "ep_a", T0);

    // One operator starts a slow replay; another starts the same replay while it runs.
    CompletableFuture<Cli.Run> slow =
        CompletableFuture.supplyAsync(() -> f.cli("dlq", "replay", "--rate", "4"));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> f.records(f.topics.deliveries()).size() >= 3);
    Cli.Run second = f.cli("dlq", "replay");
    Cli.Run first = slow.join();

    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(first.exitCode()).as(first.toString()).isEqualTo(ExitCodes.FAILURE);
    assertThat(first.err())
        .contains("another replay against these topics took over (`hookline dlq replay` or POST");
    List<Delivery> sent = f.deliveries();
    assertThat(sent).extracting(Delivery::eventId).doesNotHaveDuplicates().hasSize(entries);
    assertThat(f.records(f.topics.dlqReplays())).hasSize(entries);
  }
}
