package io.hookline.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void durationsReadTheUnitsOperatorsTypeAloneOrCombined() {
    assertThat(Durations.parse("250ms")).contains(Duration.ofMillis(250));
    assertThat(Durations.parse("30s")).contains(Duration.ofSeconds(30));
    assertThat(Durations.parse("2w")).contains(Duration.ofDays(14));
    assertThat(Durations.parse("1h30m")).contains(Duration.ofMinutes(90));
    assertThat(Durations.parse(" 7D ")).contains(Duration.ofDays(7));
  }

  @Test
  void aNumberWithoutAUnitOrAnUnknownUnitIsNoDuration() {
    assertThat(Durations.parse("5")).isEmpty();
    assertThat(Durations.parse("5y")).isEmpty();
    assertThat(Durations.parse("ten minutes")).isEmpty();
    assertThat(Durations.parse("99999999999999999999d")).isEmpty();
  }

  @Test
  void durationsPrintShortForHumans() {
    assertThat(Durations.human(Duration.ofMillis(850))).isEqualTo("850 ms");
    assertThat(Durations.human(Duration.ofMillis(2400))).isEqualTo("2.4 s");
    assertThat(Durations.human(Duration.ofSeconds(200))).isEqualTo("3 m 20 s");
    assertThat(Durations.human(Duration.ofMinutes(150))).isEqualTo("2 h 30 m");
  }

  @Test
  void retryTiersUseTheSameGrammar() {
    RetryTiers tiers = RetryTiers.parse("250ms,1h30m*2,1w");

    assertThat(tiers.tiers())
        .extracting(RetryTier::label, RetryTier::delay, RetryTier::attempts)
        .containsExactly(
            tuple("250ms", Duration.ofMillis(250), 1),
            tuple("1h30m", Duration.ofMinutes(90), 2),
            tuple("1w", Duration.ofDays(7), 1));
  }
}
