package io.hookline.cli;

import io.hookline.core.config.KafkaConfig;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --topic-prefix}: which Hookline's topics a command means, over {@code
 * $HOOKLINE_TOPIC_PREFIX}.
 */
public final class TopicPrefixOption {
  @Option(
      names = "--topic-prefix",
      paramLabel = "<prefix>",
      description =
          "Prefix of Hookline's topics (default: $HOOKLINE_TOPIC_PREFIX, else webhooks.).")
  String topicPrefix;

  /** Puts the flag, where given, into {@code overrides} of the environment. */
  public void addTo(Map<String, String> overrides) {
    if (topicPrefix != null) {
      overrides.put(KafkaConfig.TOPIC_PREFIX, topicPrefix);
    }
  }
}
