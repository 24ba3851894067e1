package io.hookline.ingest.endpoints;

import io.hookline.core.http.HttpProblem;
import io.hookline.core.net.Ipv4Literals;
import io.hookline.core.webhook.WebhookRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Input rules shared by the API routes. */
final class Validation {
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  private Validation() {}

  /**
   * An http(s) URL with a host, no credentials, and an IPv4 host only as four decimal numbers (see
   * {@link Ipv4Literals}).
   */
  static URI endpointUrl(String raw) {
    URI uri;
    try {
      uri = new URI(raw);
    } catch (URISyntaxException e) {
      throw HttpProblem.badRequest("'url' is not a valid URL: " + e.getReason(), "url");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw HttpProblem.badRequest("'url' must start with http:// or https://", "url");
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      // java.net.URI does not take 127.1 or 127.0.0.1. as a host: say why such a URL is refused.
      String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
      String host = authority.substring(authority.lastIndexOf('@') + 1).replaceFirst(":\\d*$", "");
      if (Ipv4Literals.isAmbiguous(host)) {
        throw HttpProblem.badRequest("'url' is refused: " + Ipv4Literals.refusal(host), "url");
      }
      throw HttpProblem.badRequest("'url' must name a host", "url");
    }
    if (uri.getRawUserInfo() != null) {
      throw HttpProblem.badRequest(
          "'url' must not carry credentials; use 'headers' for an Authorization header", "url");
    }
    if (Ipv4Literals.isAmbiguous(uri.getHost())) {
      throw HttpProblem.badRequest(
          "'url' is refused: " + Ipv4Literals.refusal(uri.getHost()), "url");
    }
    if (uri.getRawFragment() != null) {
      throw HttpProblem.badRequest("'url' must not have a #fragment", "url");
    }
    if (!uri.getScheme().equals(scheme)) {
      // Stored as written but for the scheme, which is case-insensitive: lower case, as
      // endpoint.json's pattern (and every reader of the record) expects.
      return URI.create(scheme + raw.substring(uri.getScheme().length()));
    }
    return uri;
  }

  /** Custom request headers: valid names, not ones Hookline sets itself. */
  static Map<String, String> customHeaders(Map<String, String> headers) {
    for (var e : headers.entrySet()) {
      String field = "headers." + e.getKey();
      if (!HEADER_NAME.matcher(e.getKey()).matches()) {
        throw HttpProblem.badRequest("'" + field + "' is not a valid header name", field);
      }
      if (WebhookRequest.isReserved(e.getKey())) {
        throw HttpProblem.badRequest(
            "'" + field + "' is set by Hookline and cannot be overridden", field);
      }
      if (e.getValue() == null) {
        throw HttpProblem.badRequest(
            "'" + field + "' must be a string (remove the header to leave it out)", field);
      }
      if (e.getValue().indexOf('\r') >= 0 || e.getValue().indexOf('\n') >= 0) {
        throw HttpProblem.badRequest("'" + field + "' must not contain line breaks", field);
      }
    }
    return headers;
  }
}
