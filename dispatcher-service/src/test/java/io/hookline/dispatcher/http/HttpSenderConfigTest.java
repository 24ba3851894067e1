package io.hookline.dispatcher.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpSenderConfigTest {
  private static final HttpSenderConfig DEFAULTS = HttpSenderConfig.defaults();

  @Test
  void hasTheDocumentedDefaults() {
    assertThat(DEFAULTS.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(DEFAULTS.defaultTimeout()).isEqualTo(Duration.ofSeconds(15));
    assertThat(DEFAULTS.maxConnections()).isEqualTo(1024);
    assertThat(DEFAULTS.maxConnectionsPerRoute()).isEqualTo(64);
    assertThat(DEFAULTS.maxRetryAfter()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void rejectsNonPositiveTimeoutsNamingTheField() {
    assertThatThrownBy(() -> DEFAULTS.withTimeouts(Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("connectTimeout must be positive");
    assertThatThrownBy(() -> DEFAULTS.withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("defaultTimeout must be positive");
  }

  @Test
  void rejectsAPerRouteLimitAboveTheTotal() {
    assertThatThrownBy(
            () ->
                new HttpSenderConfig(
                    Duration.ofSeconds(1), Duration.ofSeconds(1), 10, 11, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxConnectionsPerRoute");
  }
}
