package io.hookline.core.dlq;

import java.io.Serial;

/**
 * A DLQ operation that could not be done, said in one line for the operator: what went wrong and,
 * where there is one, what to do about it. Its {@link Kind} is what a caller maps to its own terms
 * (the CLI to an exit code, the API to a status).
 */
public final class DlqFailure extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  /** What kind of failure it is. */
  public enum Kind {
    /** Kafka failed or answered something unexpected. */
    FAILED,
    /** What was asked for (an entry, a topic) does not exist. */
    NOT_FOUND,
    /** A stop was requested (Ctrl-C, a cancelled run) before the work ended. */
    STOPPED
  }

  private final Kind kind;

  public DlqFailure(String message) {
    this(Kind.FAILED, message, null);
  }

  public DlqFailure(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  /** What was asked for does not exist. */
  public static DlqFailure notFound(String message) {
    return new DlqFailure(Kind.NOT_FOUND, message, null);
  }

  /** A stop requested before the work ended. */
  static DlqFailure stopped() {
    return new DlqFailure(Kind.STOPPED, "stopped by Ctrl-C", null);
  }
}
