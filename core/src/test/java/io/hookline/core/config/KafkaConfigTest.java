package io.hookline.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaConfigTest {

  @Test
  void defaultsMatchTheDesign() {
    KafkaConfig config = KafkaConfig.fromEnv(Env.of(Map.of()));

    assertThat(config.bootstrap()).isEqualTo("localhost:9092");
    assertThat(config.topics().deliveries()).isEqualTo("webhooks.deliveries");
    assertThat(config.topics().retryTopics())
        .containsExactly("webhooks.retry-10s", "webhooks.retry-1m", "webhooks.retry-10m");
    assertThat(config.partitions()).isEqualTo(12);
    assertThat(config.replicationFactor()).isEmpty();
  }

  @Test
  void kafkaClientPropertiesComeFromPrefixedVariables() {
    KafkaConfig config =
        KafkaConfig.fromEnv(
            Env.of(
                Map.of(
                    "HOOKLINE_KAFKA_BOOTSTRAP", "k1:9093",
                    "HOOKLINE_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                    "HOOKLINE_KAFKA_SASL_JAAS_CONFIG", "user=\"a\" password=\"hunter2\"")));

    assertThat(config.bootstrap()).isEqualTo("k1:9093");
    assertThat(config.clientProperties())
        .containsEntry("security.protocol", "SASL_SSL")
        .containsKey("sasl.jaas.config")
        .doesNotContainKey("bootstrap");
  }

  @Test
  void theEffectiveConfigMasksSecrets() {
    KafkaConfig config =
        KafkaConfig.fromEnv(
            Env.of(Map.of("HOOKLINE_KAFKA_SASL_JAAS_CONFIG", "password=\"hunter2\"")));

    assertThat(config.describe().toString()).doesNotContain("hunter2").contains("****");
  }

  @Test
  void badValuesNameTheirVariable() {
    assertThatThrownBy(
            () -> KafkaConfig.fromEnv(Env.of(Map.of("HOOKLINE_TOPIC_PARTITIONS", "many"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("HOOKLINE_TOPIC_PARTITIONS");
    assertThatThrownBy(() -> KafkaConfig.fromEnv(Env.of(Map.of("HOOKLINE_RETRY_TIERS", "soon"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("HOOKLINE_RETRY_TIERS");
  }

  @Test
  void onlyHooklineVariablesAreRead() {
    Env env = Env.of(Map.of("PATH", "/bin", "HOOKLINE_X", "1"));

    assertThat(env.get("PATH")).isEmpty();
    assertThat(env.get("HOOKLINE_X")).contains("1");
  }
}
