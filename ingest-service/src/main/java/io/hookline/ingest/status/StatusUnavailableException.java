package io.hookline.ingest.status;

import java.io.Serial;

/**
 * The status stores cannot answer completely right now: they are starting, restoring, or moving
 * between instances in a rebalance, or an instance that owns part of them did not answer. Worth
 * retrying in a moment; the API answers 503 with {@code Retry-After}.
 */
public final class StatusUnavailableException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  public StatusUnavailableException(String message) {
    super(message, null, false, false);
  }
}
