package io.hookline.dispatcher.http;

import io.hookline.core.net.Ipv4Literals;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Checks a URL and headers before anything is sent. Stateless. */
final class RequestChecks {
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  private RequestChecks() {}

  /**
   * Why {@code url} must not be used: not http(s), credentials in it, no host, or an IPv4 host in a
   * form that parsers read differently.
   */
  static Optional<String> invalidUrl(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return Optional.of(
          "unsupported URL scheme '" + scheme + "': only http and https are allowed");
    }
    if (url.getRawUserInfo() != null) {
      return Optional.of("URL must not contain credentials");
    }
    if (url.getHost() == null || url.getHost().isEmpty()) {
      return Optional.of("URL has no valid host: " + url);
    }
    if (Ipv4Literals.isAmbiguous(url.getHost())) {
      // Refused at creation since this check exists; an older endpoint may still carry one.
      return Optional.of("URL refused: " + Ipv4Literals.refusal(url.getHost()));
    }
    return Optional.empty();
  }

  /** Why {@code headers} must not be sent: a malformed name, or a value with a line break. */
  static Optional<String> invalidHeader(Map<String, String> headers) {
    for (Map.Entry<String, String> header : headers.entrySet()) {
      String name = header.getKey();
      String value = header.getValue();
      if (name == null || !HEADER_NAME.matcher(name).matches()) {
        return Optional.of("invalid header name '" + name + "'");
      }
      if (value == null || value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
        return Optional.of("invalid value for header '" + name + "'");
      }
    }
    return Optional.empty();
  }
}
