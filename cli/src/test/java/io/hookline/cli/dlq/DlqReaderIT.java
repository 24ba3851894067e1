package io.hookline.cli.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.cli.KafkaFixture;
import io.hookline.core.dlq.DlqReader;
import io.hookline.core.dlq.DlqRef;
import io.hookline.core.dlq.StopSignal;
import io.hookline.schemas.DeadLetter;
import io.hookline.testkit.KafkaCluster;
import io.hookline.testkit.WithKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** How a replay reads its planned entries again from the DLQ, against a real broker. */
@WithKafka
class DlqReaderIT {
  private static final Instant T0 = Instant.now().minus(Duration.ofMinutes(30));

  /** The consumer's {@code max.poll.records}: the most one poll returns. */
  private static final int MAX_POLL_RECORDS = 500;

  /** Hands every entry to a list; never stops. */
  private static class Collect implements DlqReader.Handler {
    final List<DlqRef> handled = new ArrayList<>();
    int reads;

    @Override
    public boolean handle(DlqRef ref, DeadLetter dead) {
      return handled.add(ref);
    }

    @Override
    public boolean beforeRead() {
      reads++;
      return true;
    }
  }

  @Test
  void aFetchSeeksToEachWantedEntryInsteadOfReadingTheHistoryBetweenThem(KafkaCluster kafka) {
    // Three wanted entries with 2,000 others between each two of them.
    KafkaFixture f = KafkaFixture.create(kafka, "seek");
    List<DlqRef> wanted = f.sparseOnPartition0(3, 2_000, T0);
    DlqReader reader = new DlqReader(f.session().dlq(), new StopSignal());
    Collect handler = new Collect();

    DlqReader.Fetched fetched = reader.fetch(offsets(wanted), handler);

    assertThat(handler.handled).containsExactlyElementsOf(wanted);
    assertThat(fetched.missing()).isEmpty();
    // A poll after a seek starts at the wanted entry: at most one poll's worth per wanted entry,
    // not the 4,000 records between them.
    assertThat(fetched.recordsRead()).isLessThanOrEqualTo(wanted.size() * MAX_POLL_RECORDS);
    // Each poll was announced, so a handler can close what it holds open before it.
    assertThat(handler.reads).isGreaterThanOrEqualTo(wanted.size());
  }

  @Test
  void plannedEntriesGoneToRetentionSinceThePlanAreReportedMissing(KafkaCluster kafka)
      throws Exception {
    KafkaFixture f = KafkaFixture.create(kafka, "gone");
    List<DlqRef> refs =
        f.deadMany(0, List.of("evt_1", "evt_2", "evt_3", "evt_4", "evt_5", "evt_6"), "ep_a", T0);
    DlqRef first = refs.get(0);
    DlqRef last = refs.get(5);
    // Retention takes the oldest half after the plan was made.
    kafka
        .admin()
        .deleteRecords(
            Map.of(
                new TopicPartition(f.topics.dlq(), 0),
                RecordsToDelete.beforeOffset(refs.get(3).offset())))
        .all()
        .get();
    Collect handler = new Collect();

    DlqReader.Fetched fetched =
        new DlqReader(f.session().dlq(), new StopSignal())
            .fetch(offsets(List.of(first, last)), handler);

    assertThat(handler.handled).containsExactly(last);
    assertThat(fetched.missing()).containsExactly(first);
  }

  @Test
  void aStopRequestedWhileFetchingEndsTheFetchWithoutFailingIt(KafkaCluster kafka) {
    KafkaFixture f = KafkaFixture.create(kafka, "stop");
    List<DlqRef> wanted = f.sparseOnPartition0(3, 600, T0);
    StopSignal ctrlC = new StopSignal();
    Collect handler =
        new Collect() {
          @Override
          public boolean handle(DlqRef ref, DeadLetter dead) {
            ctrlC.requestStop(); // Ctrl-C lands just after the first entry was taken
            return super.handle(ref, dead);
          }
        };

    DlqReader.Fetched fetched =
        new DlqReader(f.session().dlq(), ctrlC).fetch(offsets(wanted), handler);

    assertThat(handler.handled).containsExactly(wanted.get(0));
    assertThat(fetched.missing()).isEmpty();
  }

  static SortedMap<Integer, NavigableSet<Long>> offsets(List<DlqRef> refs) {
    SortedMap<Integer, NavigableSet<Long>> out = new TreeMap<>();
    refs.forEach(r -> out.computeIfAbsent(r.partition(), p -> new TreeSet<>()).add(r.offset()));
    return out;
  }
}
