package io.hookline.dispatcher.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookline.core.net.EgressPolicy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.Test;

class GuardedDnsResolverTest {

  @Test
  void returnsOnlyTheAllowedAddressesInTheirOrder() throws Exception {
    DnsResolver resolver =
        new GuardedDnsResolver(
            EgressPolicy.publicOnly(), fixed("10.0.0.5", "93.184.216.34", "127.0.0.1", "8.8.8.8"));

    assertThat(resolver.resolve("mixed.example"))
        .containsExactly(InetAddress.getByName("93.184.216.34"), InetAddress.getByName("8.8.8.8"));
  }

  @Test
  void refusesAHostWhoseEveryAddressIsRefusedWithTheFirstReason() {
    DnsResolver resolver =
        new GuardedDnsResolver(EgressPolicy.publicOnly(), fixed("169.254.169.254", "10.0.0.5"));

    assertThatThrownBy(() -> resolver.resolve("metadata.example"))
        .isInstanceOfSatisfying(
            EgressRefusedException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("169.254.169.254 is a cloud metadata address");
              assertThat(e.host()).isEqualTo("metadata.example");
            });
  }

  @Test
  void checksIpLiteralsAsHttpClientPassesThemIncludingBracketedIpv6() {
    DnsResolver resolver = new GuardedDnsResolver(EgressPolicy.publicOnly());

    assertThatThrownBy(() -> resolver.resolve("10.0.0.5"))
        .isInstanceOf(EgressRefusedException.class)
        .hasMessage("10.0.0.5 is a private address");
    assertThatThrownBy(() -> resolver.resolve("[::1]"))
        .isInstanceOf(EgressRefusedException.class)
        .hasMessage("0:0:0:0:0:0:0:1 is a loopback address");
  }

  @Test
  void letsAllowListedLoopbackThrough() throws Exception {
    DnsResolver resolver = new GuardedDnsResolver(EgressPolicy.fromAllowList("127.0.0.0/8"));

    assertThat(resolver.resolve("127.0.0.1")).containsExactly(InetAddress.getByName("127.0.0.1"));
  }

  private static DnsResolver fixed(String... addresses) {
    return new DnsResolver() {
      @Override
      public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] resolved = new InetAddress[addresses.length];
        for (int i = 0; i < addresses.length; i++) {
          resolved[i] = InetAddress.getByName(addresses[i]);
        }
        return resolved;
      }

      @Override
      public String resolveCanonicalHostname(String host) {
        return host;
      }
    };
  }
}
