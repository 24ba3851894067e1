package io.hookline.core.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 network in CIDR notation ({@code 10.0.0.0/8}, {@code fc00::/7}); a bare address
 * means a single host. Parsing never touches DNS. Immutable and thread-safe.
 */
final class Cidr {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  private final byte[] network;
  private final int prefixLength;
  private final String text;

  private Cidr(byte[] network, int prefixLength, String text) {
    this.network = network;
    this.prefixLength = prefixLength;
    this.text = text;
  }

  /**
   * Parses {@code address[/prefix]}.
   *
   * @throws IllegalArgumentException naming {@code text} when it is not a valid CIDR
   */
  static Cidr parse(String text) {
    String trimmed = text.strip();
    int slash = trimmed.indexOf('/');
    String addressText = slash < 0 ? trimmed : trimmed.substring(0, slash);
    InetAddress address = parseLiteral(addressText, text);
    int bits = address.getAddress().length * 8;
    int prefix = bits;
    if (slash >= 0) {
      prefix = parsePrefix(trimmed.substring(slash + 1), text);
      if (addressText.contains(":") && address instanceof Inet4Address) {
        // Java turns ::ffff:a.b.c.d into an IPv4 address; the prefix counted the 96 mapped bits.
        prefix -= 96;
      }
    }
    if (prefix < 0 || prefix > bits) {
      throw invalid(text, "prefix length out of range");
    }
    return new Cidr(mask(address.getAddress(), prefix), prefix, trimmed);
  }

  /** True when {@code address} is of the same family and inside this network. */
  boolean contains(InetAddress address) {
    byte[] bytes = address.getAddress();
    return bytes.length == network.length && Arrays.equals(mask(bytes, prefixLength), network);
  }

  @Override
  public String toString() {
    return text;
  }

  private static InetAddress parseLiteral(String addressText, String original) {
    try {
      if (IPV4.matcher(addressText).matches()) {
        byte[] bytes = new byte[4];
        String[] octets = addressText.split("\\.");
        for (int i = 0; i < 4; i++) {
          int octet = Integer.parseInt(octets[i]);
          if (octet > 255) {
            throw invalid(original, "not an IP address");
          }
          bytes[i] = (byte) octet;
        }
        return InetAddress.getByAddress(bytes);
      }
      if (IPV6.matcher(addressText).matches()) {
        // Safe from DNS: text with ':' made only of hex digits, dots and colons is parsed as a
        // literal, and rejected if malformed.
        return InetAddress.getByName(addressText);
      }
    } catch (UnknownHostException e) {
      throw invalid(original, "not an IP address");
    }
    throw invalid(original, "not an IP address");
  }

  private static int parsePrefix(String prefixText, String original) {
    if (prefixText.isEmpty()
        || prefixText.length() > 3
        || !prefixText.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw invalid(original, "prefix length is not a number");
    }
    return Integer.parseInt(prefixText);
  }

  private static byte[] mask(byte[] bytes, int prefix) {
    byte[] masked = bytes.clone();
    for (int i = 0; i < masked.length; i++) {
      int keep = Math.clamp(prefix - i * 8L, 0, 8);
      masked[i] = (byte) (masked[i] & (0xff00 >> keep));
    }
    return masked;
  }

  private static IllegalArgumentException invalid(String text, String why) {
    return new IllegalArgumentException("invalid CIDR '" + text.strip() + "': " + why);
  }
}
