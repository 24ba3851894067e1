package io.hookline.dispatcher.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {
  private static final Instant NOW = Instant.parse("2015-10-21T07:00:00Z");
  private static final Duration MAX = Duration.ofHours(1);

  @Test
  void readsDeltaSeconds() {
    assertThat(RetryAfter.parse(" 90 ", NOW, MAX)).contains(Duration.ofSeconds(90));
    assertThat(RetryAfter.parse("0", NOW, MAX)).contains(Duration.ZERO);
  }

  @Test
  void readsAnHttpDateRelativeToNow() {
    assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:28:00 GMT", NOW, MAX))
        .contains(Duration.ofMinutes(28));
  }

  @Test
  void capsLongDelaysIncludingAbsurdlyLongOnes() {
    assertThat(RetryAfter.parse("7200", NOW, MAX)).contains(MAX);
    assertThat(RetryAfter.parse("99999999999999999999999", NOW, MAX)).contains(MAX);
    assertThat(RetryAfter.parse("Fri, 21 Oct 2016 07:28:00 GMT", NOW, MAX)).contains(MAX);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"-1", "1.5", "later", "Wed, 21 Oct 2015 06:00:00 GMT", "2015-10-21"})
  void ignoresMissingNegativePastAndGarbageValues(String value) {
    assertThat(RetryAfter.parse(value, NOW, MAX)).isEmpty();
  }
}
