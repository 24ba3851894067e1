package io.hookline.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Ipv4LiteralsTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "0177.0.0.1",
        "0x7f000001",
        "0xa9fea9fe",
        "2130706433",
        "127.1",
        "127.0.1",
        "127.0.0.1.",
        "127.000.0.1",
        "01.2.3.4",
        "0x7f.0.0.1",
        "256.1.1.1",
        "1.2.3.4.5",
        "host.123"
      })
  void refusesEveryFormButFourPlainDecimalNumbers(String host) {
    assertThat(Ipv4Literals.isAmbiguous(host)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "192.0.2.10",
        "0.0.0.0",
        "255.255.255.255",
        "hooks.example.com",
        "example.com.",
        "1password.com",
        "0x.example.com",
        "[::1]"
      })
  void acceptsCanonicalAddressesAndNames(String host) {
    assertThat(Ipv4Literals.isAmbiguous(host)).isFalse();
  }
}
