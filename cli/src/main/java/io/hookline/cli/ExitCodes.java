package io.hookline.cli;

/**
 * The exit codes of {@code hookline}, the same for every verb, so that scripts can rely on them.
 */
public final class ExitCodes {
  private ExitCodes() {}

  /** Done: everything asked for happened (including "nothing needed doing"). */
  public static final int OK = 0;

  /** Failed: Kafka unreachable or refusing, a topic missing, a write not acknowledged. */
  public static final int FAILURE = 1;

  /** Bad usage: an unknown verb or flag, or a value not in the expected form. */
  public static final int USAGE = 2;

  /**
   * Done in part, the rest left for an operator to decide: replays refused because their endpoint
   * is disabled or deleted, topics that exist with other settings.
   */
  public static final int PARTIAL = 3;

  /**
   * Stopped by Ctrl-C (SIGINT) before the work was finished; what was done is recorded. A process
   * stopped by SIGTERM exits with 143 (128 + 15) after the same clean stop.
   */
  public static final int INTERRUPTED = 130;

  /** The exit-code section of every verb's {@code --help}. */
  static final String[] HELP = {
    OK + ":done (also when there was nothing to do)",
    FAILURE + ":failed (Kafka unreachable or refusing, topic missing, write failed)",
    USAGE + ":bad usage (unknown verb or flag, malformed value)",
    PARTIAL + ":partly done: replays refused (endpoint disabled or deleted), topics that differ",
    INTERRUPTED + ":stopped by Ctrl-C (143 for SIGTERM); what was done is recorded",
  };
}
