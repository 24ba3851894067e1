package io.hookline.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EgressPolicyTest {
  private final EgressPolicy strict = EgressPolicy.publicOnly();

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "127.0.0.1       | 127.0.0.1 is a loopback address",
        "127.255.0.9     | 127.255.0.9 is a loopback address",
        "::1             | 0:0:0:0:0:0:0:1 is a loopback address",
        "10.0.0.5        | 10.0.0.5 is a private address",
        "172.16.3.4      | 172.16.3.4 is a private address",
        "172.31.255.255  | 172.31.255.255 is a private address",
        "192.168.1.1     | 192.168.1.1 is a private address",
        "fd12:3456::1    | fd12:3456:0:0:0:0:0:1 is a private address",
        "169.254.10.1    | 169.254.10.1 is a link-local address",
        "fe80::1         | fe80:0:0:0:0:0:0:1 is a link-local address",
        "100.64.0.1      | 100.64.0.1 is a carrier-grade NAT (shared) address",
        "100.127.255.254 | 100.127.255.254 is a carrier-grade NAT (shared) address",
        "224.0.0.1       | 224.0.0.1 is a multicast address",
        "ff02::1         | ff02:0:0:0:0:0:0:1 is a multicast address",
        "0.0.0.0         | 0.0.0.0 is an unspecified address",
        "::              | 0:0:0:0:0:0:0:0 is an unspecified address",
        "255.255.255.255 | 255.255.255.255 is a broadcast address",
        "169.254.169.254 | 169.254.169.254 is a cloud metadata address",
        "fd00:ec2::254   | fd00:ec2:0:0:0:0:0:254 is a cloud metadata address",
        "0.1.2.3         | 0.1.2.3 is a reserved address",
        "240.0.0.1       | 240.0.0.1 is a reserved address",
        "192.0.0.8       | 192.0.0.8 is a reserved address",
        "198.18.0.1      | 198.18.0.1 is a reserved address",
        "192.0.2.1       | 192.0.2.1 is a documentation address",
        "2001:db8::1     | 2001:db8:0:0:0:0:0:1 is a documentation address",
        "64:ff9b::a00:5  | 64:ff9b:0:0:0:0:a00:5 embeds 10.0.0.5, which is a private address",
        "2002:a9fe:a9fe::| 2002:a9fe:a9fe:0:0:0:0:0 embeds 169.254.169.254, which is a cloud metadata address",
      })
  void refusesEachNonPublicCategoryInPlainWords(String address, String reason) throws Exception {
    assertThat(strict.refusal(InetAddress.getByName(address))).contains(reason);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "93.184.216.34",
        "8.8.8.8",
        "172.32.0.1",
        "100.128.0.1",
        "2606:4700::1111",
        "64:ff9b::5db8:d822"
      })
  void allowsPublicAddresses(String address) throws Exception {
    assertThat(strict.refusal(InetAddress.getByName(address))).isEmpty();
  }

  @Test
  void refusesIpv4MappedIpv6FormsOfRefusedAddresses() throws Exception {
    byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 0, 0, 5};
    InetAddress kept6 = Inet6Address.getByAddress(null, mapped, -1);

    assertThat(strict.refusal(kept6))
        .contains("0:0:0:0:0:ffff:a00:5 maps to 10.0.0.5, which is a private address");
    assertThat(strict.refusal(InetAddress.getByName("::ffff:169.254.169.254")))
        .contains("169.254.169.254 is a cloud metadata address");
  }

  @Test
  void anAllowListOpensLoopbackButNotOtherPrivateRanges() throws Exception {
    EgressPolicy local = EgressPolicy.fromAllowList(" 127.0.0.0/8 , ::1/128 ");

    assertThat(local.allows(InetAddress.getByName("127.0.0.1"))).isTrue();
    assertThat(local.allows(InetAddress.getByName("127.9.9.9"))).isTrue();
    assertThat(local.allows(InetAddress.getByName("::1"))).isTrue();
    assertThat(local.refusal(InetAddress.getByName("10.0.0.5")))
        .contains("10.0.0.5 is a private address");
    assertThat(local.refusal(InetAddress.getByName("169.254.169.254"))).isPresent();
    assertThat(local.allowList()).containsExactly("127.0.0.0/8", "::1/128");
  }

  @Test
  void anAllowListEntryWithoutPrefixOpensOneHost() throws Exception {
    EgressPolicy one = EgressPolicy.fromAllowList("10.1.2.3");

    assertThat(one.allows(InetAddress.getByName("10.1.2.3"))).isTrue();
    assertThat(one.allows(InetAddress.getByName("10.1.2.4"))).isFalse();
  }

  @Test
  void aBlankAllowListAllowsNothingExtra() throws Exception {
    assertThat(EgressPolicy.fromAllowList("  ").allows(InetAddress.getByName("127.0.0.1")))
        .isFalse();
    assertThat(EgressPolicy.fromAllowList(null).allowList()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"10.0.0.0/33", "10.0.0/8", "300.0.0.1/8", "localhost", "::1/129", "10.0.0.0/x"})
  void rejectsAMalformedCidrNamingIt(String bad) {
    assertThatThrownBy(() -> EgressPolicy.fromAllowList("127.0.0.0/8," + bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + bad + "'");
  }
}
