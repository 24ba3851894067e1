package io.hookline.ingest.http;

import io.hookline.core.http.HttpCall;
import io.hookline.core.http.HttpProblem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Checks {@code Authorization: Bearer <token>} in constant time. Thread-safe. */
final class BearerAuth {
  private final byte[] expected;

  BearerAuth(String token) {
    this.expected = token.getBytes(StandardCharsets.UTF_8);
  }

  /** Returns normally when authorised; otherwise throws a 401 that never echoes the token. */
  void require(HttpCall call) {
    String header = call.header("Authorization").orElse(null);
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      call.responseHeader("WWW-Authenticate", "Bearer");
      throw new HttpProblem(
          401, "unauthorized", "send 'Authorization: Bearer <token>'", "Authorization");
    }
    byte[] given = header.substring(7).strip().getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(given, expected)) {
      call.responseHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
      throw new HttpProblem(401, "unauthorized", "the bearer token is not valid", "Authorization");
    }
  }
}
