package io.hookline.core.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Decides which IP addresses the dispatcher may connect to. By default only public unicast
 * addresses are allowed: loopback, private, link-local, carrier-grade NAT, multicast, unspecified,
 * broadcast, cloud metadata, documentation and reserved addresses are refused, including when they
 * hide inside an IPv6 address (IPv4-mapped, 6to4, NAT64). An allow-list of CIDRs opens addresses
 * for local use; it wins over every refusal, metadata addresses included.
 *
 * <p>Immutable and thread-safe; {@link #refusal} never blocks and never touches DNS.
 */
public final class EgressPolicy {
  private enum Category {
    METADATA("a cloud metadata address"),
    UNSPECIFIED("an unspecified address"),
    BROADCAST("a broadcast address"),
    LOOPBACK("a loopback address"),
    PRIVATE("a private address"),
    LINK_LOCAL("a link-local address"),
    CGNAT("a carrier-grade NAT (shared) address"),
    MULTICAST("a multicast address"),
    DOCUMENTATION("a documentation address"),
    RESERVED("a reserved address");

    private final String phrase;

    Category(String phrase) {
      this.phrase = phrase;
    }
  }

  private record Rule(Cidr network, Category category) {}

  /** First match wins, so the specific metadata hosts come before their enclosing ranges. */
  private static final List<Rule> RULES =
      List.of(
          rule("169.254.169.254", Category.METADATA),
          rule("169.254.170.2", Category.METADATA),
          rule("100.100.100.200", Category.METADATA),
          rule("fd00:ec2::254", Category.METADATA),
          rule("0.0.0.0/32", Category.UNSPECIFIED),
          rule("::/128", Category.UNSPECIFIED),
          rule("255.255.255.255/32", Category.BROADCAST),
          rule("127.0.0.0/8", Category.LOOPBACK),
          rule("::1/128", Category.LOOPBACK),
          rule("10.0.0.0/8", Category.PRIVATE),
          rule("172.16.0.0/12", Category.PRIVATE),
          rule("192.168.0.0/16", Category.PRIVATE),
          rule("fc00::/7", Category.PRIVATE),
          rule("fec0::/10", Category.PRIVATE),
          rule("169.254.0.0/16", Category.LINK_LOCAL),
          rule("fe80::/10", Category.LINK_LOCAL),
          rule("100.64.0.0/10", Category.CGNAT),
          rule("224.0.0.0/4", Category.MULTICAST),
          rule("ff00::/8", Category.MULTICAST),
          rule("192.0.2.0/24", Category.DOCUMENTATION),
          rule("198.51.100.0/24", Category.DOCUMENTATION),
          rule("203.0.113.0/24", Category.DOCUMENTATION),
          rule("2001:db8::/32", Category.DOCUMENTATION),
          rule("0.0.0.0/8", Category.RESERVED),
          rule("240.0.0.0/4", Category.RESERVED),
          rule("192.0.0.0/24", Category.RESERVED),
          rule("192.88.99.0/24", Category.RESERVED),
          rule("198.18.0.0/15", Category.RESERVED),
          rule("::/8", Category.RESERVED),
          rule("64:ff9b:1::/48", Category.RESERVED),
          rule("100::/64", Category.RESERVED),
          rule("2001::/23", Category.RESERVED));

  private static final Cidr NAT64 = Cidr.parse("64:ff9b::/96");
  private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16");
  private static final Cidr GLOBAL_UNICAST_V6 = Cidr.parse("2000::/3");

  private final List<Cidr> allowList;

  private EgressPolicy(List<Cidr> allowList) {
    this.allowList = List.copyOf(allowList);
  }

  /** A policy that refuses every non-public address. */
  public static EgressPolicy publicOnly() {
    return new EgressPolicy(List.of());
  }

  /**
   * A policy whose allow-list is {@code commaSeparatedCidrs}, for example {@code
   * "127.0.0.0/8,::1/128"}; a bare address means that one host. Blank allows nothing extra.
   *
   * @throws IllegalArgumentException naming the first malformed entry
   */
  public static EgressPolicy fromAllowList(String commaSeparatedCidrs) {
    if (commaSeparatedCidrs == null || commaSeparatedCidrs.isBlank()) {
      return publicOnly();
    }
    return new EgressPolicy(
        Arrays.stream(commaSeparatedCidrs.split(","))
            .filter(entry -> !entry.isBlank())
            .map(Cidr::parse)
            .toList());
  }

  /**
   * Why the dispatcher must not connect to {@code address}, in plain words (for example {@code
   * "10.0.0.5 is a private address"}), or empty when it may.
   */
  public Optional<String> refusal(InetAddress address) {
    InetAddress target = unmapped(address);
    if (allowList.stream().anyMatch(cidr -> cidr.contains(target))) {
      return Optional.empty();
    }
    Optional<Inet4Address> embedded = embeddedIpv4(target);
    if (embedded.isPresent()) {
      // A NAT64 or 6to4 gateway would forward to the embedded IPv4 address.
      return matchRule(embedded.get())
          .map(
              c ->
                  target.getHostAddress()
                      + " embeds "
                      + embedded.get().getHostAddress()
                      + ", which is "
                      + c.phrase);
    }
    Optional<Category> category = matchRule(target);
    if (category.isPresent()) {
      String subject =
          target == address
              ? address.getHostAddress()
              : address.getHostAddress() + " maps to " + target.getHostAddress() + ", which";
      return Optional.of(subject + " is " + category.get().phrase);
    }
    if (target instanceof Inet6Address && !GLOBAL_UNICAST_V6.contains(target)) {
      return Optional.of(target.getHostAddress() + " is " + Category.RESERVED.phrase);
    }
    return Optional.empty();
  }

  /** True when {@link #refusal} is empty. */
  public boolean allows(InetAddress address) {
    return refusal(address).isEmpty();
  }

  /** The allow-list entries, as given. */
  public List<String> allowList() {
    return allowList.stream().map(Cidr::toString).toList();
  }

  @Override
  public String toString() {
    return "EgressPolicy[allowList=" + allowList + "]";
  }

  private static Optional<Category> matchRule(InetAddress address) {
    return RULES.stream()
        .filter(rule -> rule.network().contains(address))
        .map(Rule::category)
        .findFirst();
  }

  /** The IPv4 address behind an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}), else itself. */
  private static InetAddress unmapped(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (bytes.length != 16 || (bytes[10] & 0xff) != 0xff || (bytes[11] & 0xff) != 0xff) {
      return address;
    }
    for (int i = 0; i < 10; i++) {
      if (bytes[i] != 0) {
        return address;
      }
    }
    return ipv4(Arrays.copyOfRange(bytes, 12, 16));
  }

  private static Optional<Inet4Address> embeddedIpv4(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (NAT64.contains(address)) {
      return Optional.of(ipv4(Arrays.copyOfRange(bytes, 12, 16)));
    }
    if (SIX_TO_FOUR.contains(address)) {
      return Optional.of(ipv4(Arrays.copyOfRange(bytes, 2, 6)));
    }
    return Optional.empty();
  }

  private static Inet4Address ipv4(byte[] fourBytes) {
    try {
      return (Inet4Address) InetAddress.getByAddress(fourBytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("four bytes are always an IPv4 address", e);
    }
  }

  private static Rule rule(String cidr, Category category) {
    return new Rule(Cidr.parse(cidr), category);
  }
}
