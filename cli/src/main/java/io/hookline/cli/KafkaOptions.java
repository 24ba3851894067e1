package io.hookline.cli;

import io.hookline.cli.internal.DurationConverter;
import io.hookline.core.config.ConfigException;
import io.hookline.core.config.KafkaConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How a command reaches Kafka: the flags here, then {@code HOOKLINE_KAFKA_BOOTSTRAP}, {@code
 * HOOKLINE_TOPIC_PREFIX}, {@code HOOKLINE_RETRY_TIERS} and the {@code HOOKLINE_KAFKA_<PROPERTY>}
 * client properties (security, SASL), exactly as the services read them.
 */
public final class KafkaOptions {
  @Option(
      names = {"-b", "--bootstrap-server"},
      paramLabel = "<host:port>",
      description = "Kafka to talk to (default: $HOOKLINE_KAFKA_BOOTSTRAP, else localhost:9092).")
  String bootstrap;

  @Mixin TopicPrefixOption topicPrefix;

  @Option(
      names = "--timeout",
      paramLabel = "<duration>",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description = "How long to wait for Kafka to answer at first (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  private final CliContext context;

  public KafkaOptions(CliContext context) {
    this.context = context;
  }

  /** The Kafka settings these flags and the environment make; a bad variable is a usage error. */
  public KafkaConfig config() {
    Map<String, String> overrides = new HashMap<>();
    if (bootstrap != null) {
      overrides.put(KafkaConfig.BOOTSTRAP, bootstrap);
    }
    topicPrefix.addTo(overrides);
    try {
      return KafkaConfig.fromEnv(context.env().with(overrides));
    } catch (ConfigException e) {
      throw new CliFailure(e.getMessage(), ExitCodes.USAGE, e);
    }
  }

  /** Checks that Kafka answers within {@code --timeout}, then returns a session to work with. */
  public KafkaSession connect() {
    return connect(config());
  }

  /** Like {@link #connect()}, with {@code config} in place of {@link #config()}. */
  public KafkaSession connect(KafkaConfig config) {
    KafkaSession session = new KafkaSession(config, timeout);
    session.checkReachable();
    return session;
  }
}
