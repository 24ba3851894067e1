package io.hookline.dispatcher.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookline.core.net.EgressPolicy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/** The connect-time check: it holds whatever resolved the address. */
class GuardedSocketFactoryTest {

  @Test
  void refusesToConnectARefusedAddressAndNothingIsAccepted() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket socket = new GuardedSocketFactory(EgressPolicy.publicOnly()).create(null)) {
      InetSocketAddress target = new InetSocketAddress("127.0.0.1", listener.getLocalPort());

      assertThatThrownBy(() -> socket.connect(target, 1000))
          .isInstanceOf(EgressRefusedException.class)
          .hasMessage("127.0.0.1 is a loopback address");
      assertThat(socket.isConnected()).isFalse();
    }
  }

  @Test
  void connectsAnAllowListedAddress() throws Exception {
    EgressPolicy local = EgressPolicy.fromAllowList("127.0.0.0/8");
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket socket = new GuardedSocketFactory(local).create(Proxy.NO_PROXY)) {
      socket.connect(new InetSocketAddress("127.0.0.1", listener.getLocalPort()), 1000);

      assertThat(socket.isConnected()).isTrue();
    }
  }

  @Test
  void refusesAnUnresolvedAddress() throws Exception {
    try (Socket socket = new GuardedSocketFactory(EgressPolicy.publicOnly()).create(null)) {
      assertThatThrownBy(
              () -> socket.connect(InetSocketAddress.createUnresolved("example.com", 80), 1000))
          .isInstanceOf(EgressRefusedException.class)
          .hasMessageContaining("is not a resolved IP address");
    }
  }
}
