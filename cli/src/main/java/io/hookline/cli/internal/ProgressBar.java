package io.hookline.cli.internal;

import io.hookline.core.dlq.ReplayProgress;
import io.hookline.schemas.Durations;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * A one-line progress bar on a terminal, redrawn in place ({@code \r}) at most ten times a second:
 * {@code [##########----------] 45/100 45% 5.0/s eta 11 s}. Draws nothing when disabled, so callers
 * need not check. Not thread-safe.
 */
public final class ProgressBar implements ReplayProgress {
  private static final int WIDTH = 30;
  private static final Duration REDRAW = Duration.ofMillis(100);
  private final PrintWriter err;
  private final Clock clock;
  private final boolean enabled;
  private final long total;
  private final Instant start;
  private Instant lastDraw = Instant.MIN;
  private int lastLength;

  public ProgressBar(PrintWriter err, Clock clock, boolean enabled, long total) {
    this.err = err;
    this.clock = clock;
    this.enabled = enabled && total > 0;
    this.total = total;
    this.start = clock.instant();
  }

  /** Shows {@code done} of the total, unless it was drawn less than 100 ms ago. */
  @Override
  public void update(long done) {
    if (!enabled) {
      return;
    }
    Instant now = clock.instant();
    if (done < total && Duration.between(lastDraw, now).compareTo(REDRAW) < 0) {
      return;
    }
    lastDraw = now;
    String line = render(done, total, Duration.between(start, now));
    err.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
    err.flush();
    lastLength = line.length();
  }

  /** Clears the bar, so that the summary starts on a clean line. */
  @Override
  public void finish() {
    if (enabled && lastLength > 0) {
      err.print("\r" + " ".repeat(lastLength) + "\r");
      err.flush();
    }
  }

  static String render(long done, long total, Duration elapsed) {
    int filled = (int) (WIDTH * done / Math.max(1, total));
    double seconds = elapsed.toMillis() / 1000.0;
    double rate = seconds > 0 ? done / seconds : 0;
    String eta =
        rate > 0 && done < total
            ? "  eta " + Durations.human(Duration.ofMillis((long) ((total - done) / rate * 1000)))
            : "";
    return String.format(
        Locale.ROOT,
        "[%s%s] %d/%d %3d%%  %.1f/s%s",
        "#".repeat(filled),
        "-".repeat(WIDTH - filled),
        done,
        total,
        100 * done / Math.max(1, total),
        rate,
        eta);
  }
}
