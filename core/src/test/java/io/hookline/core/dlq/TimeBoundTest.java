package io.hookline.core.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeBoundTest {
  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

  @Test
  void aDurationCountsBackFromNow() {
    assertThat(TimeBound.parse("2h").resolve(NOW)).isEqualTo(Instant.parse("2026-11-22T10:00:00Z"));
    assertThat(TimeBound.parse("30m").resolve(NOW))
        .isEqualTo(Instant.parse("2026-11-22T11:30:00Z"));
    assertThat(TimeBound.parse("7d").resolve(NOW)).isEqualTo(Instant.parse("2026-11-15T12:00:00Z"));
    assertThat(TimeBound.parse("1h30m").resolve(NOW))
        .isEqualTo(Instant.parse("2026-11-22T10:30:00Z"));
  }

  @Test
  void anRfc3339TimestampIsThatInstantWhateverItsOffset() {
    assertThat(TimeBound.parse("2026-11-22T10:00:00Z").resolve(NOW))
        .isEqualTo(Instant.parse("2026-11-22T10:00:00Z"));
    assertThat(TimeBound.parse("2026-11-22T12:00:00+02:00").resolve(NOW))
        .isEqualTo(Instant.parse("2026-11-22T10:00:00Z"));
    assertThat(TimeBound.parse("2026-11-22 10:00:00.5z").resolve(NOW))
        .isEqualTo(Instant.parse("2026-11-22T10:00:00.500Z"));
    assertThat(TimeBound.parse("2026-11-22").resolve(NOW))
        .isEqualTo(Instant.parse("2026-11-22T00:00:00Z"));
  }

  @Test
  void anythingElseNamesBothForms() {
    for (String bad : new String[] {"yesterday", "2h ago", "-1h", "2026-13-01T00:00:00Z", "10"}) {
      assertThatThrownBy(() -> TimeBound.parse(bad))
          .hasMessageContaining("'" + bad + "'")
          .hasMessageContaining("30m, 2h, 7d")
          .hasMessageContaining("RFC 3339");
    }
  }
}
