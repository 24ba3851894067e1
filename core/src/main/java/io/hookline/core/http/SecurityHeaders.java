package io.hookline.core.http;

import org.eclipse.jetty.http.HttpFields;

/**
 * Headers every answer of a {@link HttpHost} carries, the dashboard's pages, the API's JSON and the
 * server's own errors alike: a Content-Security-Policy that lets a page load only this origin's
 * scripts, styles and data (no inline script, no other origin, no framing), and no content-type
 * sniffing or referrer leaking. An answer that is never rendered loses nothing by carrying them.
 */
final class SecurityHeaders {
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none';"
          + " form-action 'self'; frame-ancestors 'none'";

  private SecurityHeaders() {}

  static void apply(HttpFields.Mutable headers) {
    headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    headers.put("X-Content-Type-Options", "nosniff");
    headers.put("Referrer-Policy", "no-referrer");
    headers.put("X-Frame-Options", "DENY");
  }
}
