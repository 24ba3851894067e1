package io.hookline.dispatcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {
  private final TopicPartition p0 = new TopicPartition("deliveries", 0);
  private final OffsetTracker tracker = new OffsetTracker();
  private static final java.util.function.Function<TopicPartition, Long> NO_POSITION = tp -> null;

  @Test
  void commitsOnlyTheContiguousPrefixOfFinishedRecords() {
    tracker.assign(p0);
    var t10 = tracker.track(p0, 10);
    var t11 = tracker.track(p0, 11);
    var t12 = tracker.track(p0, 12);

    tracker.complete(t11);
    tracker.complete(t12);
    assertThat(tracker.committable(NO_POSITION).get(p0).offset()).isEqualTo(10);

    tracker.complete(t10);
    assertThat(tracker.committable(NO_POSITION)).containsEntry(p0, new OffsetAndMetadata(13));
  }

  @Test
  void offersEachAdvanceOnlyOnce() {
    tracker.assign(p0);
    tracker.complete(tracker.track(p0, 0));

    assertThat(tracker.committable(NO_POSITION)).containsEntry(p0, new OffsetAndMetadata(1));
    assertThat(tracker.committable(NO_POSITION)).isEmpty();
  }

  @Test
  void aCompletionFromAnEarlierAssignmentIsIgnored() {
    tracker.assign(p0);
    var old = tracker.track(p0, 5);
    tracker.assign(p0); // revoked and assigned again: earlier work is not ours to report
    var fresh = tracker.track(p0, 5);

    tracker.complete(old);

    assertThat(tracker.pending(p0)).isEqualTo(1);
    tracker.complete(fresh);
    assertThat(tracker.pending(p0)).isZero();
  }

  @Test
  void anOffsetCountsAsCommittedOnlyOnceKafkaConfirmsIt() {
    tracker.assign(p0);
    tracker.complete(tracker.track(p0, 0));
    var sent = tracker.committable(NO_POSITION);
    assertThat(sent).containsEntry(p0, new OffsetAndMetadata(1));
    assertThat(tracker.committable(NO_POSITION)).isEmpty(); // on its way: not sent twice

    tracker.commitFailed(sent);

    // Nothing else happened on the partition: the failed commit is offered again…
    assertThat(tracker.committable(NO_POSITION)).containsEntry(p0, new OffsetAndMetadata(1));
    // …and a revoke or shutdown commits it whatever is on its way.
    assertThat(tracker.finished(java.util.List.of(p0), NO_POSITION))
        .containsEntry(p0, new OffsetAndMetadata(1));
    tracker.commitSucceeded(java.util.Map.of(p0, new OffsetAndMetadata(1)));
    assertThat(tracker.finished(java.util.List.of(p0), NO_POSITION)).isEmpty();
  }

  @Test
  void aCaughtUpPartitionCommitsTheConsumerPositionPastTransactionMarkers() {
    tracker.assign(p0);
    tracker.complete(tracker.track(p0, 7));

    // The last record is at 7; a commit marker of its transaction sits at 8.
    assertThat(tracker.committable(tp -> 9L)).containsEntry(p0, new OffsetAndMetadata(9));
  }

  @Test
  void anUnfinishedRecordHoldsTheCommitAtItselfWhateverThePosition() {
    tracker.assign(p0);
    tracker.track(p0, 7);

    assertThat(tracker.committable(tp -> 9L)).containsEntry(p0, new OffsetAndMetadata(7));
  }

  @Test
  void workOfARevokedPartitionKnowsItIsAbandoned() {
    tracker.assign(p0);
    var ticket = tracker.track(p0, 3);

    tracker.forget(p0);

    assertThat(ticket.isAbandoned()).isTrue();
  }

  @Test
  void aCommitNamesWhatIsFinishedBeyondTheFirstUnfinishedRecordAndTheNextOwnerSkipsIt() {
    tracker.assign(p0);
    var t10 = tracker.track(p0, 10);
    tracker.complete(tracker.track(p0, 11));
    tracker.track(p0, 12); // in flight
    tracker.complete(tracker.track(p0, 13));

    OffsetAndMetadata commit = tracker.committable(NO_POSITION).get(p0);
    assertThat(commit.offset()).isEqualTo(10);
    assertThat(commit.metadata()).startsWith(FinishedAhead.PREFIX);

    // A crash; the next owner is assigned the partition with that commit.
    OffsetTracker next = new OffsetTracker();
    next.assign(p0, commit);
    assertThat(next.finishedEarlier(p0, 10)).isFalse(); // unfinished: delivered again
    assertThat(next.finishedEarlier(p0, 11)).isTrue();
    assertThat(next.finishedEarlier(p0, 12)).isFalse(); // was in flight: delivered again
    assertThat(next.finishedEarlier(p0, 13)).isTrue();
    assertThat(next.finishedEarlier(p0, 14)).isFalse();
    tracker.complete(t10);
  }

  @Test
  void moreFinishedWorkBehindTheSameUnfinishedRecordIsCommittedAgain() {
    tracker.assign(p0);
    tracker.track(p0, 0);
    tracker.complete(tracker.track(p0, 1));
    String first = tracker.committable(NO_POSITION).get(p0).metadata();
    tracker.commitSucceeded(java.util.Map.of(p0, new OffsetAndMetadata(0, first)));

    tracker.complete(tracker.track(p0, 2));

    OffsetAndMetadata again = tracker.committable(NO_POSITION).get(p0);
    assertThat(again.offset()).isZero();
    assertThat(again.metadata()).isNotEqualTo(first);
  }

  @Test
  void aCommitWithForeignOrNoMetadataSkipsNothing() {
    tracker.assign(p0, new OffsetAndMetadata(5, "not ours"));
    assertThat(tracker.finishedEarlier(p0, 6)).isFalse();
    tracker.assign(p0, new OffsetAndMetadata(5, ""));
    assertThat(tracker.finishedEarlier(p0, 6)).isFalse();
  }
}
