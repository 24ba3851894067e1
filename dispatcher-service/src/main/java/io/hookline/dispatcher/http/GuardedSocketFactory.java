package io.hookline.dispatcher.http;

import io.hookline.core.net.EgressPolicy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.Objects;
import java.util.Optional;
import org.apache.hc.client5.http.io.DetachedSocketFactory;

/**
 * Creates the plain sockets HttpClient connects (TLS is layered on top of them afterwards), each of
 * which checks the {@link EgressPolicy} against the exact address handed to {@link
 * Socket#connect(SocketAddress, int)}. This is the last line: whatever resolved the address, and
 * for http and https alike, no connection is opened to a refused address. Thread-safe.
 */
final class GuardedSocketFactory implements DetachedSocketFactory {
  private final EgressPolicy policy;

  GuardedSocketFactory(EgressPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  @Override
  public Socket create(Proxy proxy) throws IOException {
    if (proxy != null && proxy.type() != Proxy.Type.DIRECT) {
      // Through a proxy the socket would connect to the proxy, not the address we check.
      throw new IOException("proxies are not supported by the guarded socket factory");
    }
    return new GuardedSocket(policy);
  }

  private static final class GuardedSocket extends Socket {
    private final EgressPolicy policy;

    GuardedSocket(EgressPolicy policy) {
      this.policy = policy;
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
      if (!(endpoint instanceof InetSocketAddress remote) || remote.isUnresolved()) {
        throw new EgressRefusedException(
            String.valueOf(endpoint), endpoint + " is not a resolved IP address");
      }
      Optional<String> refusal = policy.refusal(remote.getAddress());
      if (refusal.isPresent()) {
        throw new EgressRefusedException(remote.getHostString(), refusal.get());
      }
      super.connect(endpoint, timeout);
    }
  }
}
