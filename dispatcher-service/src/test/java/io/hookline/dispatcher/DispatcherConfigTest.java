package io.hookline.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookline.core.config.ConfigException;
import io.hookline.core.config.Env;
import io.hookline.core.crypto.SecretBox;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DispatcherConfigTest {
  private static DispatcherConfig config(Map<String, String> overrides) {
    Map<String, String> vars = new HashMap<>();
    vars.put("HOOKLINE_MASTER_KEY", SecretBox.generateMasterKey());
    vars.putAll(overrides);
    return DispatcherConfig.fromEnv(Env.of(vars));
  }

  @Test
  void thePoolHoldsAsManyConnectionsAsTheInFlightBudgetByDefault() {
    DispatcherConfig config = config(Map.of("HOOKLINE_DISPATCH_MAX_IN_FLIGHT", "2500"));

    assertThat(config.maxConnections()).isEqualTo(2500);
    assertThat(config.httpSender().maxConnections()).isEqualTo(2500);
    assertThat(config.httpSender().maxConnectionsPerRoute()).isEqualTo(64);
    assertThat(config.describe()).containsEntry("http.maxConnections", "2500");
  }

  @Test
  void poolSizesAreTakenFromTheEnvironment() {
    DispatcherConfig config =
        config(
            Map.of(
                "HOOKLINE_HTTP_MAX_CONNECTIONS", "300",
                "HOOKLINE_HTTP_MAX_CONNECTIONS_PER_ROUTE", "20"));

    assertThat(config.httpSender().maxConnections()).isEqualTo(300);
    assertThat(config.httpSender().maxConnectionsPerRoute()).isEqualTo(20);
  }

  @Test
  void moreConnectionsPerRouteThanInAllIsRefusedNamingBothSettings() {
    assertThatThrownBy(
            () ->
                config(
                    Map.of(
                        "HOOKLINE_HTTP_MAX_CONNECTIONS", "10",
                        "HOOKLINE_HTTP_MAX_CONNECTIONS_PER_ROUTE", "20")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("HOOKLINE_HTTP_MAX_CONNECTIONS_PER_ROUTE")
        .hasMessageContaining("HOOKLINE_HTTP_MAX_CONNECTIONS (10)");
  }

  @Test
  void aSmallPoolLowersThePerRouteDefaultToFit() {
    assertThat(config(Map.of("HOOKLINE_HTTP_MAX_CONNECTIONS", "8")).maxConnectionsPerRoute())
        .isEqualTo(8);
  }

  @Test
  void theDefaultsAreTheDocumentedOnes() {
    DispatcherConfig config = config(Map.of());

    assertThat(config.maxInFlight()).isEqualTo(5_000);
    assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(15));
    assertThat(config.endpointMaxInFlight()).isEqualTo(10);
    assertThat(config.laneBacklog()).isEqualTo(100);
    assertThat(config.http().port()).isEqualTo(8081);
  }

  @Test
  void aConfigurationBuiltInCodeIsHeldToTheSameRangesNamingTheSetting() {
    DispatcherConfig ok = config(Map.of());

    assertThatThrownBy(() -> withMaxInFlight(ok, 0))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "HOOKLINE_DISPATCH_MAX_IN_FLIGHT must be between 1 and 1000000, was 0");
  }

  @Test
  void aSettingOutOfRangeInTheEnvironmentIsRefusedNamingIt() {
    assertThatThrownBy(() -> config(Map.of("HOOKLINE_DISPATCH_LANE_BACKLOG", "0")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("HOOKLINE_DISPATCH_LANE_BACKLOG must be between 1 and 100000");
  }

  private static DispatcherConfig withMaxInFlight(DispatcherConfig c, int maxInFlight) {
    return new DispatcherConfig(
        c.kafka(),
        c.http(),
        c.secretBox(),
        c.groupId(),
        c.instanceId(),
        c.sessionTimeout(),
        maxInFlight,
        c.requestTimeout(),
        c.connectTimeout(),
        c.allowedNetworks(),
        c.drainTimeout(),
        c.commitInterval(),
        c.endpointMaxInFlight(),
        c.laneBacklog(),
        c.laneIdleExpiry(),
        c.maxConnections(),
        c.maxConnectionsPerRoute(),
        c.clock());
  }
}
