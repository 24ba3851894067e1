package io.hookline.cli.topics;

import io.hookline.core.config.KafkaConfig;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The flags that shape Hookline's topic table, shared by {@code topics create} and {@code topics
 * render}, so that both describe the same topics for the same flags.
 */
public final class TopicTableOptions {
  @Option(
      names = "--partitions",
      paramLabel = "<n>",
      description =
          "Partitions of each topic: the ceiling of dispatchers and retry-services that share"
              + " the work (default: $HOOKLINE_TOPIC_PARTITIONS, else 12).")
  Integer partitions;

  @Option(
      names = "--replication-factor",
      paramLabel = "<r>",
      description =
          "Copies of each partition (default: $HOOKLINE_TOPIC_REPLICATION_FACTOR, else the"
              + " broker's default).")
  Short replicationFactor;

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  /** {@code base} with these flags applied; a flag below 1 is a usage error naming it. */
  KafkaConfig apply(KafkaConfig base) {
    if (partitions != null && partitions < 1) {
      throw new ParameterException(spec.commandLine(), "--partitions must be at least 1");
    }
    if (replicationFactor != null && replicationFactor < 1) {
      throw new ParameterException(spec.commandLine(), "--replication-factor must be at least 1");
    }
    return base.withTopicSettings(
        partitions == null ? base.partitions() : partitions,
        replicationFactor == null ? base.replicationFactor() : Optional.of(replicationFactor));
  }
}
