package io.hookline.dispatcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {
  private final TopicPartition p0 = new TopicPartition("deliveries", 0);
  private final OffsetTracker tracker = new OffsetTracker();

  @Test
  void commitsOnlyTheContiguousPrefixOfFinishedRecords() {
    tracker.assign(p0);
    var t10 = tracker.track(p0, 10);
    var t11 = tracker.track(p0, 11);
    var t12 = tracker.track(p0, 12);

    tracker.complete(t11);
    tracker.complete(t12);
    assertThat(tracker.committable()).containsEntry(p0, new OffsetAndMetadata(10));

    tracker.complete(t10);
    assertThat(tracker.committable()).containsEntry(p0, new OffsetAndMetadata(13));
  }

  @Test
  void offersEachAdvanceOnlyOnce() {
    tracker.assign(p0);
    tracker.complete(tracker.track(p0, 0));

    assertThat(tracker.committable()).containsEntry(p0, new OffsetAndMetadata(1));
    assertThat(tracker.committable()).isEmpty();
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
}
