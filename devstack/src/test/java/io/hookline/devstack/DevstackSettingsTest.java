package io.hookline.devstack;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.hookline.core.config.ConfigException;
import io.hookline.core.config.Env;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A bad setting stops the devstack before any part of it starts: the broker's and the receiver's
 * ports below are taken, so a part that started first would fail on its port instead.
 */
class DevstackSettingsTest {
  @Test
  void aBadSettingIsRefusedNamingItBeforeTheBrokerOrAnyServiceStarts() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Devstack stack = new Devstack()) {
      String port = String.valueOf(taken.getLocalPort());
      Env env =
          Env.of(
              Map.of(
                  "HOOKLINE_API_TOKEN",
                  "short",
                  "HOOKLINE_DEVSTACK_KAFKA_PORT",
                  port,
                  "HOOKLINE_DEVSTACK_RECEIVER_PORT",
                  port,
                  "HOOKLINE_HTTP_PORT",
                  "0"));

      assertThatExceptionOfType(ConfigException.class)
          .isThrownBy(() -> stack.start(env))
          .withMessageContaining("HOOKLINE_API_TOKEN");
    }
  }
}
