package io.hookline.cli;

import java.io.Serial;

/**
 * A failure to report to the operator as one line, with the exit code that goes with it. The
 * message says what went wrong and, where there is one, what to do about it; no stack trace is
 * shown.
 */
public final class CliFailure extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  private final int exitCode;

  public CliFailure(String message) {
    this(message, ExitCodes.FAILURE, null);
  }

  public CliFailure(String message, int exitCode, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
