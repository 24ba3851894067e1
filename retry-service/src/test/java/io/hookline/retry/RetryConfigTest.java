package io.hookline.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookline.core.config.ConfigException;
import io.hookline.core.config.Env;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryConfigTest {

  @Test
  void defaultsToTheDesignsTiersAMaximumAgeOfADayAndARandomInstanceId() {
    RetryConfig a = RetryConfig.fromEnv(Env.of(Map.of()));
    RetryConfig b = RetryConfig.fromEnv(Env.of(Map.of()));

    assertThat(a.kafka().topics().tiers()).hasToString("10s,1m,10m");
    assertThat(a.maxDeliveryAge()).isEqualTo(Duration.ofHours(24));
    assertThat(a.transactionTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(a.groupId()).isEqualTo("webhooks.retry");
    assertThat(a.instanceId()).isNotEqualTo(b.instanceId());
  }

  @Test
  void readsTiersWithRepeatsMaximumAgeAndInstanceIdFromTheEnvironment() {
    RetryConfig config =
        RetryConfig.fromEnv(
            Env.of(
                Map.of(
                    "HOOKLINE_RETRY_TIERS", "10s,1m,10m*3",
                    "HOOKLINE_RETRY_MAX_AGE_MS", "3600000",
                    "HOOKLINE_RETRY_INSTANCE_ID", "retry-0",
                    "HOOKLINE_RETRY_TRANSACTION_TIMEOUT_MS", "5000")));

    assertThat(config.kafka().topics().tiers().totalRetries()).isEqualTo(5);
    assertThat(config.maxDeliveryAge()).isEqualTo(Duration.ofHours(1));
    assertThat(config.instanceId()).isEqualTo("retry-0");
    assertThat(config.transactionTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.describe())
        .containsEntry("retry.maxDeliveryAgeMs", "3600000")
        .containsEntry("retry.instanceId", "retry-0");
  }

  @Test
  void rejectsAMaximumAgeThatIsNotAPositiveNumberOfMilliseconds() {
    assertThatThrownBy(() -> RetryConfig.fromEnv(Env.of(Map.of("HOOKLINE_RETRY_MAX_AGE_MS", "0"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("HOOKLINE_RETRY_MAX_AGE_MS");
    assertThatThrownBy(
            () -> RetryConfig.fromEnv(Env.of(Map.of("HOOKLINE_RETRY_MAX_AGE_MS", "one day"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("HOOKLINE_RETRY_MAX_AGE_MS");
  }

  @Test
  void rejectsAnInstanceIdThatCannotNameATransactionalId() {
    assertThatThrownBy(
            () -> RetryConfig.fromEnv(Env.of(Map.of("HOOKLINE_RETRY_INSTANCE_ID", "pod 1/a"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("HOOKLINE_RETRY_INSTANCE_ID");
  }
}
