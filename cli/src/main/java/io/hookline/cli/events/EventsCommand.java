package io.hookline.cli.events;

import picocli.CommandLine.Command;

/** {@code hookline events}: events into the pipeline. */
@Command(
    name = "events",
    mixinStandardHelpOptions = true,
    description = "Put events into the pipeline.",
    subcommands = EventsSendCommand.class)
public final class EventsCommand {}
