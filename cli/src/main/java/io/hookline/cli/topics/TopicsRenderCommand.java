package io.hookline.cli.topics;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.hookline.cli.CliContext;
import io.hookline.cli.CliFailure;
import io.hookline.cli.ExitCodes;
import io.hookline.cli.TopicPrefixOption;
import io.hookline.core.config.ConfigException;
import io.hookline.core.config.KafkaConfig;
import io.hookline.core.kafka.TopicSpec;
import io.hookline.schemas.Json;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code hookline topics render}: the topic table of {@code topics create} written out for a tool
 * that creates topics itself. Today that is Strimzi's Topic Operator: one {@code KafkaTopic} per
 * topic, so that a GitOps repository holds Hookline's topics without anyone copying them by hand.
 * Reads no Kafka.
 */
@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    description = {
      "Print every topic of the pipeline, with the settings `topics create` gives it, as"
          + " resources of another tool. --format strimzi: Strimzi KafkaTopic resources"
          + " (kafka.strimzi.io/v1, Strimzi 0.49 and later), one YAML document each.",
      "The prefix, partitions and retry tiers come from the flags and the same variables"
          + " `topics create` reads; render again whenever they change."
    })
public final class TopicsRenderCommand implements Callable<Integer> {
  /** Strimzi's API of custom resources since 0.49, the only one from 1.0 on. */
  static final String STRIMZI_API = "kafka.strimzi.io/v1";

  private static final Pattern LABEL_VALUE =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?");
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

  /** The formats there are: each a tool that takes topics as files. */
  private static final List<String> FORMATS = List.of("strimzi");

  @Option(
      names = "--format",
      paramLabel = "<format>",
      defaultValue = "strimzi",
      description = "What to write: strimzi (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--cluster",
      required = true,
      paramLabel = "<name>",
      description =
          "The Strimzi Kafka cluster (the name of its Kafka resource) the topics belong to: the"
              + " strimzi.io/cluster label its Topic Operator watches.")
  String cluster;

  @Option(
      names = "--namespace",
      paramLabel = "<namespace>",
      description =
          "Namespace of the KafkaTopic resources (default: none, kubectl's or kustomize's).")
  String namespace;

  @Mixin TopicPrefixOption topicPrefix;

  @Mixin TopicTableOptions table;

  @Spec CommandSpec spec;

  private final CliContext context;

  public TopicsRenderCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (!FORMATS.contains(format)) {
      throw new ParameterException(
          spec.commandLine(), "--format must be one of " + FORMATS + ", was '" + format + "'");
    }
    if (!LABEL_VALUE.matcher(cluster).matches()) {
      throw new ParameterException(
          spec.commandLine(),
          "--cluster must be a Kubernetes label value (letters, digits, '-', '_', '.', at most 63,"
              + " starting and ending with a letter or digit), was '"
              + cluster
              + "'");
    }
    if (namespace != null && !DNS_LABEL.matcher(namespace).matches()) {
      throw new ParameterException(
          spec.commandLine(),
          "--namespace must be a DNS label (lowercase letters, digits and '-', at most 63), was '"
              + namespace
              + "'");
    }
    Map<String, String> overrides = new HashMap<>();
    topicPrefix.addTo(overrides);
    KafkaConfig config;
    try {
      config = table.apply(KafkaConfig.fromEnv(context.env().with(overrides)));
    } catch (ConfigException e) {
      throw new CliFailure(e.getMessage(), ExitCodes.USAGE, e);
    }
    writeStrimzi(spec.commandLine().getOut(), TopicSpec.pipeline(config), config);
    return ExitCodes.OK;
  }

  private void writeStrimzi(PrintWriter out, List<TopicSpec> topics, KafkaConfig config) {
    out.println("# Hookline's topics as Strimzi KafkaTopic resources, written by");
    out.println(
        "# `hookline topics render --format strimzi` from the table `hookline topics create`");
    out.println("# uses. Do not edit: render again when the prefix, partitions or tiers change.");
    Map<String, String> names = new HashMap<>();
    for (TopicSpec topic : topics) {
      String name = resourceName(topic.name());
      String clash = names.put(name, topic.name());
      if (clash != null) {
        throw new ParameterException(
            spec.commandLine(),
            "topics "
                + clash
                + " and "
                + topic.name()
                + " would both be the resource "
                + name
                + ": choose a --topic-prefix of lowercase letters, digits, '-' and '.'");
      }
      out.println("---");
      out.println("apiVersion: " + STRIMZI_API);
      out.println("kind: KafkaTopic");
      out.println("metadata:");
      out.println("  name: " + name);
      if (namespace != null) {
        out.println("  namespace: " + namespace);
      }
      out.println("  labels:");
      out.println("    strimzi.io/cluster: " + quoted(cluster));
      out.println("    app.kubernetes.io/part-of: hookline");
      out.println("spec:");
      out.println("  topicName: " + quoted(topic.name()));
      out.println("  partitions: " + topic.partitions());
      config.replicationFactor().ifPresent(r -> out.println("  replicas: " + r));
      if (!topic.configs().isEmpty()) {
        out.println("  config:");
        new TreeMap<>(topic.configs())
            .forEach((k, v) -> out.println("    " + k + ": " + quoted(v)));
      }
    }
    out.flush();
  }

  /**
   * A Kubernetes object name for {@code topic}: lowercase, and every character a name may not hold
   * replaced by {@code -}. The topic's own name stays in {@code spec.topicName}.
   */
  static String resourceName(String topic) {
    String name = topic.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
    name = name.replaceAll("^[^a-z0-9]+", "").replaceAll("[^a-z0-9]+$", "");
    return name.length() > 253 ? name.substring(0, 253) : name;
  }

  /** A YAML scalar that is always a string: JSON's quoting, which YAML reads the same way. */
  private static String quoted(String value) {
    try {
      return Json.mapper().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
