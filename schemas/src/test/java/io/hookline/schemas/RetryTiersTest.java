package io.hookline.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryTiersTest {

  @Test
  void parsesTheDefaultSchedule() {
    RetryTiers tiers = RetryTiers.defaults();

    assertThat(tiers.tiers()).extracting(RetryTier::label).containsExactly("10s", "1m", "10m");
    assertThat(tiers.tiers().get(1).delay()).isEqualTo(Duration.ofMinutes(1));
    assertThat(tiers.totalRetries()).isEqualTo(3);
  }

  @Test
  void aRepeatedTierServesSeveralRetriesBeforeTheDlq() {
    RetryTiers tiers = RetryTiers.parse("10s, 1m, 10m*3");

    assertThat(tiers.tierAfter(1).orElseThrow().label()).isEqualTo("10s");
    assertThat(tiers.tierAfter(2).orElseThrow().label()).isEqualTo("1m");
    assertThat(tiers.tierAfter(3).orElseThrow().label()).isEqualTo("10m");
    assertThat(tiers.tierAfter(5).orElseThrow().label()).isEqualTo("10m");
    assertThat(tiers.tierAfter(6)).isEmpty();
    assertThat(tiers.toString()).isEqualTo("10s,1m,10m*3");
  }

  @Test
  void retryAfterPicksTheSmallestTierAtLeastThatLong() {
    RetryTiers tiers = RetryTiers.defaults();

    assertThat(tiers.smallestAtLeast(Duration.ofSeconds(5)).label()).isEqualTo("10s");
    assertThat(tiers.smallestAtLeast(Duration.ofSeconds(30)).label()).isEqualTo("1m");
    assertThat(tiers.smallestAtLeast(Duration.ofHours(2)).label()).isEqualTo("10m");
  }

  @Test
  void aBadTierNamesItselfAndTheExpectedForm() {
    assertThatThrownBy(() -> RetryTiers.parse("10s,ten minutes"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'ten minutes'")
        .hasMessageContaining("e.g. 10s");
  }

  @Test
  void tierTopicsCarryThePrefixAndLabel() {
    Topics topics = new Topics("t1.", RetryTiers.parse("1s,2s,3s"));

    assertThat(topics.retryTopics()).containsExactly("t1.retry-1s", "t1.retry-2s", "t1.retry-3s");
    assertThat(topics.all())
        .contains("t1.events", "t1.dlq", "t1.attempts", "t1.endpoints", "t1.dlq-replays");
  }

  @Test
  void retryAfterOnlyLengthensTheWaitAndNeverChangesHowManyAttemptsAreMade() {
    RetryTiers tiers = RetryTiers.parse("10s,1m,10m");
    java.util.Optional<Duration> fifty = java.util.Optional.of(Duration.ofSeconds(50));

    assertThat(tiers.tierAfter(1, fifty).orElseThrow().label()).isEqualTo("1m"); // lengthened
    assertThat(tiers.tierAfter(2, fifty).orElseThrow().label()).isEqualTo("1m");
    assertThat(tiers.tierAfter(3, fifty).orElseThrow().label()).isEqualTo("10m"); // not shortened
    assertThat(tiers.tierAfter(4, fifty)).isEmpty(); // four attempts, as without Retry-After
    assertThat(tiers.tierAfter(1, java.util.Optional.of(Duration.ofHours(5))).orElseThrow().label())
        .isEqualTo("10m");
    assertThat(tiers.tierAfter(2, java.util.Optional.empty()).orElseThrow().label())
        .isEqualTo("1m");
  }
}
