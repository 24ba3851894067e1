package io.hookline.bench.harness;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/** Human-readable progress on standard output, above the final JSON line. */
public final class Progress {
  private Progress() {}

  public static void say(String format, Object... args) {
    System.out.println(
        "[bench "
            + LocalTime.now().truncatedTo(ChronoUnit.SECONDS)
            + "] "
            + format.formatted(args));
  }
}
