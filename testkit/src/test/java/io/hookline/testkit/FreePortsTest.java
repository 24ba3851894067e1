package io.hookline.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FreePortsTest {
  @Test
  void aRunOfPortsIsConsecutiveFreeAndBelowTheEphemeralRange() throws Exception {
    int first = FreePorts.run(3);

    assertThat(first).isGreaterThanOrEqualTo(10_000).isLessThan(ephemeralLow() - 2);
    for (int port = first; port < first + 3; port++) {
      try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        assertThat(s.getLocalPort()).isEqualTo(port);
      }
    }
  }

  @Test
  void aPortOutsideARunIsNoneOfIt() {
    int first = FreePorts.run(3);

    for (int i = 0; i < 200; i++) {
      assertThat(FreePorts.outside(first, 3)).isNotIn(first, first + 1, first + 2);
    }
  }

  private static int ephemeralLow() throws Exception {
    Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    return Files.exists(range)
        ? Integer.parseInt(Files.readAllLines(range).get(0).split("\\s+")[0])
        : 49_152;
  }
}
