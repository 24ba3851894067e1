package io.hookline.cli.topics;

import picocli.CommandLine.Command;

/** {@code hookline topics}: Hookline's Kafka topics. */
@Command(
    name = "topics",
    mixinStandardHelpOptions = true,
    description = "Manage Hookline's Kafka topics.",
    subcommands = {TopicsCreateCommand.class, TopicsRenderCommand.class})
public final class TopicsCommand {}
