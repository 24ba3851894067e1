package io.hookline.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class KafkaReachabilityTest {
  private final AtomicLong now = new AtomicLong();
  private final KafkaReachability.Verdict verdict =
      new KafkaReachability.Verdict(Duration.ofSeconds(5), now::get);

  private void at(long seconds) {
    now.set(Duration.ofSeconds(seconds).toNanos());
  }

  @Test
  void aFewFailedProbesShorterThanTheGraceDoNotTakeTheServiceOutOfReadiness() {
    at(0);
    verdict.succeeded();
    at(2);
    verdict.failed();
    at(4);
    verdict.failed();
    assertThat(verdict.reachable()).isTrue();

    at(5);
    verdict.succeeded();
    at(9);
    assertThat(verdict.failed()).isFalse();
    assertThat(verdict.reachable()).isTrue();
  }

  @Test
  void failuresSpanningTheGraceMakeItUnreachableAndOneSuccessMakesItReachableAgain() {
    at(0);
    verdict.succeeded();
    at(3);
    verdict.failed();
    at(6);
    assertThat(verdict.failed()).isTrue(); // the spell starts here, once
    at(7);
    assertThat(verdict.failed()).isFalse();
    assertThat(verdict.reachable()).isFalse();

    at(8);
    assertThat(verdict.succeeded()).isTrue();
    assertThat(verdict.reachable()).isTrue();
  }

  @Test
  void aProbeThatHangsDoesNotKeepItReachable() {
    at(0);
    verdict.succeeded();
    at(6); // no probe has ended since: one is stuck
    assertThat(verdict.reachable()).isFalse();
  }
}
