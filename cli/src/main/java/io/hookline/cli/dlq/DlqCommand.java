package io.hookline.cli.dlq;

import picocli.CommandLine.Command;

/** {@code hookline dlq}: the dead-letter queue. */
@Command(
    name = "dlq",
    mixinStandardHelpOptions = true,
    description = {
      "Inspect and replay the dead-letter queue: deliveries that will not be attempted again"
          + " unless an operator replays them.",
      "Every verb takes the filters --endpoint, --tenant, --type, --reason, --since and --until."
    },
    subcommands = {
      DlqListCommand.class,
      DlqShowCommand.class,
      DlqStatsCommand.class,
      DlqReplayCommand.class
    })
public final class DlqCommand {}
