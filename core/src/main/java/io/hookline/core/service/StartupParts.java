package io.hookline.core.service;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a service's start has opened so far (clients, threads, listeners), so that a start that
 * fails half-way closes them, newest first, instead of leaving a port bound or a thread running in
 * a JVM that goes on (the devstack, tests, the bench). Start thread only.
 */
public final class StartupParts {
  private static final Logger log = LoggerFactory.getLogger(StartupParts.class);

  private final Deque<AutoCloseable> parts = new ArrayDeque<>();

  /** Notes {@code part} as opened; returns it. */
  public <T extends AutoCloseable> T add(T part) {
    parts.push(part);
    return part;
  }

  /**
   * Closes every part noted, newest first, after a start failed with {@code cause}; a part that
   * fails to close is added to {@code cause} as suppressed, and the rest are still closed.
   */
  public void closeAfter(Throwable cause) {
    while (!parts.isEmpty()) {
      AutoCloseable part = parts.pop();
      try {
        part.close();
      } catch (Exception | Error e) {
        cause.addSuppressed(e);
        log.warn("closing {} after a failed start failed: {}", part, e.toString());
      }
    }
  }
}
