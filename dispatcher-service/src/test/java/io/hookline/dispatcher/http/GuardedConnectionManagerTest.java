package io.hookline.dispatcher.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookline.core.net.EgressPolicy;
import java.net.InetAddress;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.HttpHost;
import org.junit.jupiter.api.Test;

class GuardedConnectionManagerTest {

  @Test
  void refusesAtConnectTimeAnAddressThatNeverWentThroughTheResolver() throws Exception {
    try (LoopbackReceiver receiver = new LoopbackReceiver();
        CloseableHttpClient client =
            HttpClients.custom()
                .setConnectionManager(
                    GuardedConnectionManager.build(
                        HttpSenderConfig.defaults(),
                        EgressPolicy.publicOnly(),
                        SystemDefaultDnsResolver.INSTANCE))
                .build()) {
      // A target with its address already set skips DNS, so only the socket's own check remains.
      HttpHost resolved =
          new HttpHost("http", InetAddress.getByName("127.0.0.1"), "hook.example", receiver.port());

      assertThatThrownBy(() -> client.execute(resolved, new HttpPost("/"), response -> null))
          .isInstanceOf(EgressRefusedException.class)
          .hasMessage("127.0.0.1 is a loopback address");
      assertThat(receiver.received()).isEmpty();
    }
  }
}
