package io.hookline.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HealthTest {

  @Test
  void anObservedPartThatIsDownIsReportedButDoesNotMakeTheServiceUnready() {
    Health health = new Health().check("kafka", () -> true).observe("status-view", () -> false);

    assertThat(health.isReady()).isTrue();
    assertThat(health.evaluate()).containsOnlyKeys("kafka");
    assertThat(health.evaluateObserved()).containsEntry("status-view", false);
  }

  @Test
  void aCheckThatThrowsCountsAsNotReady() {
    Health health =
        new Health()
            .check(
                "broken",
                () -> {
                  throw new IllegalStateException("boom");
                });

    assertThat(health.isReady()).isFalse();
    assertThat(health.evaluate()).containsEntry("broken", false);
  }
}
