package io.hookline.dispatcher.http;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What one HTTP delivery attempt came to, classified once: {@link Delivered} (any 2xx), {@link
 * Gone} (410, the endpoint should be disabled) or {@link Failed} (everything else, all retryable).
 */
public sealed interface HttpResult {

  /** Wall time of the attempt, from just before connecting to the end of reading. */
  long durationMs();

  /**
   * The receiver answered 2xx.
   *
   * @param snippet the first KiB of the response body, decoded leniently as UTF-8 (null is read as
   *     empty)
   */
  record Delivered(int status, String snippet, long durationMs) implements HttpResult {
    public Delivered {
      snippet = snippet == null ? "" : snippet;
    }
  }

  /** The receiver answered 410: it no longer wants these webhooks. */
  record Gone(int status, String snippet, long durationMs) implements HttpResult {
    public Gone {
      snippet = snippet == null ? "" : snippet;
    }
  }

  /**
   * The attempt failed and may be retried: another status, a redirect, a timeout, a network error,
   * or a destination the egress policy refuses (its error starts with {@code "refused: "}).
   *
   * @param status the response status, or null when no response arrived
   * @param error what went wrong, in plain words ({@code "HTTP 503"}, {@code "connection refused"})
   * @param retryAfter the receiver's {@code Retry-After} on a 429 or 503, capped
   * @param snippet the first KiB of the response body, empty when there was none (null is read as
   *     empty)
   */
  record Failed(
      Integer status, String error, Optional<Duration> retryAfter, String snippet, long durationMs)
      implements HttpResult {
    public Failed {
      Objects.requireNonNull(error, "error");
      Objects.requireNonNull(retryAfter, "retryAfter");
      snippet = snippet == null ? "" : snippet;
    }

    /** A failure without any response. */
    static Failed withoutResponse(String error, long durationMs) {
      return new Failed(null, error, Optional.empty(), "", durationMs);
    }
  }
}
