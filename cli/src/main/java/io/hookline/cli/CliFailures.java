package io.hookline.cli;

import io.hookline.core.dlq.DlqFailure;

/** A failure of the DLQ work in core, as the CLI reports it: one line and its exit code. */
public final class CliFailures {
  private CliFailures() {}

  public static CliFailure of(DlqFailure e) {
    int exitCode =
        switch (e.kind()) {
          case STOPPED -> ExitCodes.INTERRUPTED;
          case FAILED, NOT_FOUND -> ExitCodes.FAILURE;
        };
    return new CliFailure(e.getMessage(), exitCode, e.getCause() == null ? e : e.getCause());
  }
}
