package io.hookline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookline.ingest.status.StatusConfig;
import io.hookline.testkit.FreePorts;
import io.hookline.testkit.KafkaCluster;
import io.hookline.testkit.WithKafka;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A start that fails half-way leaves nothing behind in the JVM that goes on. */
@WithKafka
class IngestStartIT {
  @Test
  void aStartThatCannotBindTheApiPortReleasesThePeerListenerItHadBound(KafkaCluster cluster)
      throws Exception {
    int peerPort = FreePorts.one();
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Map<String, String> env =
          Map.of(
              "HOOKLINE_HTTP_PORT",
              String.valueOf(taken.getLocalPort()),
              StatusConfig.PEER_PORT,
              String.valueOf(peerPort));

      assertThatThrownBy(() -> new ApiFixture(cluster, env).close()).isNotNull();
    }

    // Bound before the API's port was found taken, and closed with the rest of the start.
    try (ServerSocket again = new ServerSocket(peerPort, 50, InetAddress.getLoopbackAddress())) {
      assertThat(again.getLocalPort()).isEqualTo(peerPort);
    }
  }
}
