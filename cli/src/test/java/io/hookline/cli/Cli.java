package io.hookline.cli;

import io.hookline.core.config.Env;
import io.hookline.core.dlq.StopSignal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/** Runs {@code hookline} in this JVM with captured output, the way a test wants it. */
public final class Cli {
  private Cli() {}

  /** What one run printed and returned. */
  public record Run(int exitCode, String out, String err, Duration took) {
    @Override
    public String toString() {
      return "exit "
          + exitCode
          + " after "
          + took.toMillis()
          + " ms\n--- out\n"
          + out
          + "--- err\n"
          + err;
    }
  }

  public static Run run(Map<String, String> env, String... args) {
    return run(new CliContext(Env.of(env), Clock.systemUTC(), new StopSignal(), false), args);
  }

  public static Run run(CliContext context, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    long start = System.nanoTime();
    int code = Hookline.execute(context, new PrintWriter(out), new PrintWriter(err), args);
    return new Run(
        code, out.toString(), err.toString(), Duration.ofNanos(System.nanoTime() - start));
  }
}
