package io.hookline.retry.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** When paused tier partitions resume, on a clock the test moves by hand. */
class PauseScheduleTest {
  private static final TopicPartition A = new TopicPartition("t.retry-10s", 0);
  private static final TopicPartition B = new TopicPartition("t.retry-10s", 1);
  private static final TopicPartition C = new TopicPartition("t.retry-1m", 0);
  private final PauseSchedule schedule = new PauseSchedule();
  private long now = 1_000_000;

  @Test
  void aPartitionResumesWhenItsHeadIsDueNotBefore() {
    schedule.pauseUntil(A, now + 10_000);

    now += 9_999;
    assertThat(schedule.takeDue(now)).isEmpty();
    assertThat(schedule.isPaused(A)).isTrue();

    now += 1;
    assertThat(schedule.takeDue(now)).containsExactly(A);
    assertThat(schedule.isPaused(A)).isFalse();
    assertThat(schedule.takeDue(now)).as("taken once").isEmpty();
  }

  @Test
  void thePollWaitsUntilTheNextPartitionIsDueCappedAndNeverNegative() {
    assertThat(schedule.millisUntilNext(now, 100)).as("nothing paused").isEqualTo(100);

    schedule.pauseUntil(A, now + 60_000);
    schedule.pauseUntil(B, now + 40);
    assertThat(schedule.millisUntilNext(now, 100)).isEqualTo(40);

    now += 50;
    assertThat(schedule.millisUntilNext(now, 100)).as("overdue").isZero();
    assertThat(schedule.takeDue(now)).containsExactly(B);
    assertThat(schedule.millisUntilNext(now, 100)).isEqualTo(100);
  }

  @Test
  void aLaterPauseOfThePartitionReplacesTheEarlierOne() {
    schedule.pauseUntil(A, now + 10);
    schedule.pauseUntil(A, now + 500);

    now += 100;
    assertThat(schedule.takeDue(now)).isEmpty();
    assertThat(schedule.size()).isEqualTo(1);
  }

  @Test
  void partitionsNoLongerHeldAreForgotten() {
    schedule.pauseUntil(A, now + 10);
    schedule.pauseUntil(B, now + 10);
    schedule.pauseUntil(C, now + 10);

    schedule.forget(List.of(A));
    schedule.retainOnly(Set.of(B));

    assertThat(schedule.isPaused(A)).isFalse();
    assertThat(schedule.isPaused(C)).isFalse();
    now += 10;
    assertThat(schedule.takeDue(now)).containsExactly(B);
  }
}
