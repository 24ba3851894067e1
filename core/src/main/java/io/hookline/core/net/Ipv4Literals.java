package io.hookline.core.net;

import java.util.regex.Pattern;

/**
 * IPv4 addresses written as URL hosts. Parsers disagree on every form but four decimal numbers
 * without leading zeros: {@code 0177.0.0.1} is {@code 127.0.0.1} to curl and glibc (octal) and the
 * public {@code 177.0.0.1} to Java; {@code 0x7f000001}, {@code 2130706433} and {@code 127.1} are
 * loopback to a browser and an unresolvable name to others. So a host that a URL parser (WHATWG:
 * its last label is a number) would read as IPv4 must be canonical, or what the user meant and
 * where Hookline connects may differ. Stateless.
 */
public final class Ipv4Literals {
  /** A label a WHATWG URL parser reads as a number: decimal, octal (leading 0) or hex. */
  private static final Pattern NUMERIC_LABEL = Pattern.compile("0[xX][0-9a-fA-F]*|[0-9]+");

  private static final Pattern CANONICAL_PART = Pattern.compile("0|[1-9][0-9]{0,2}");

  private Ipv4Literals() {}

  /** Whether {@code host} is an IPv4 address in a form other than four plain decimal numbers. */
  public static boolean isAmbiguous(String host) {
    if (host == null || host.isEmpty() || host.startsWith("[")) {
      return false;
    }
    boolean trailingDot = host.endsWith(".");
    String bare = trailingDot ? host.substring(0, host.length() - 1) : host;
    String[] labels = bare.split("\\.", -1);
    if (!NUMERIC_LABEL.matcher(labels[labels.length - 1]).matches()) {
      return false; // a name, such as example.com or 1password.com
    }
    if (trailingDot || labels.length != 4) {
      return true;
    }
    for (String label : labels) {
      if (!CANONICAL_PART.matcher(label).matches() || Integer.parseInt(label) > 255) {
        return true;
      }
    }
    return false;
  }

  /** The message for a refused {@code host}, for users. */
  public static String refusal(String host) {
    return "the host '"
        + (host.length() > 64 ? host.substring(0, 64) + "…" : host)
        + "' is an IPv4 address in a form that programs read differently (leading zeros, octal,"
        + " hex, fewer than four parts or a trailing dot); write it as four decimal numbers, such"
        + " as 192.0.2.10";
  }
}
