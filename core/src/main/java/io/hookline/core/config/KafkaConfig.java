package io.hookline.core.config;

import io.hookline.schemas.RetryTiers;
import io.hookline.schemas.Topics;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How a service reaches Kafka and names its topics. Shared by every service.
 *
 * @param bootstrap {@code HOOKLINE_KAFKA_BOOTSTRAP}, default {@code localhost:9092}
 * @param clientProperties passed to every Kafka client, from {@code HOOKLINE_KAFKA_<PROPERTY>}
 *     ({@code HOOKLINE_KAFKA_SECURITY_PROTOCOL} becomes {@code security.protocol})
 * @param topics names, from {@code HOOKLINE_TOPIC_PREFIX} and {@code HOOKLINE_RETRY_TIERS}
 * @param partitions {@code HOOKLINE_TOPIC_PARTITIONS} for topics created by Hookline, default 12
 * @param replicationFactor {@code HOOKLINE_TOPIC_REPLICATION_FACTOR}; empty uses the broker's
 *     default
 * @param unreachableAfter {@code HOOKLINE_READINESS_KAFKA_DOWN_AFTER_MS}, default 5 s: a service is
 *     not ready once it has not reached the leaders of its topics for this long (one slow answer
 *     does not count), and ready again as soon as it does
 */
public record KafkaConfig(
    String bootstrap,
    Map<String, String> clientProperties,
    Topics topics,
    int partitions,
    Optional<Short> replicationFactor,
    Duration unreachableAfter) {

  public static final String BOOTSTRAP = "HOOKLINE_KAFKA_BOOTSTRAP";
  public static final String CLIENT_PREFIX = "HOOKLINE_KAFKA_";
  public static final String TOPIC_PREFIX = "HOOKLINE_TOPIC_PREFIX";
  public static final String TOPIC_PARTITIONS = "HOOKLINE_TOPIC_PARTITIONS";
  public static final String TOPIC_REPLICATION_FACTOR = "HOOKLINE_TOPIC_REPLICATION_FACTOR";
  public static final String RETRY_TIERS = "HOOKLINE_RETRY_TIERS";
  public static final String UNREACHABLE_AFTER_MS = "HOOKLINE_READINESS_KAFKA_DOWN_AFTER_MS";
  public static final Duration DEFAULT_UNREACHABLE_AFTER = Duration.ofSeconds(5);
  public static final int DEFAULT_PARTITIONS = 12;

  public KafkaConfig {
    if (bootstrap == null || bootstrap.isBlank()) {
      throw new ConfigException(BOOTSTRAP + " must name at least one host:port");
    }
    clientProperties = Map.copyOf(clientProperties);
    if (partitions < 1) {
      throw new ConfigException(TOPIC_PARTITIONS + " must be >= 1");
    }
    replicationFactor = replicationFactor == null ? Optional.empty() : replicationFactor;
    replicationFactor.ifPresent(
        rf -> Checks.between(rf, 1, Short.MAX_VALUE, TOPIC_REPLICATION_FACTOR));
    if (unreachableAfter.toMillis() < 1_000) {
      throw new ConfigException(
          UNREACHABLE_AFTER_MS + " must be at least 1000, was " + unreachableAfter.toMillis());
    }
  }

  public static KafkaConfig fromEnv(Env env) {
    Map<String, String> props = new TreeMap<>();
    env.withPrefix(CLIENT_PREFIX)
        .forEach(
            (k, v) -> {
              if (!k.equals("BOOTSTRAP")) {
                props.put(k.toLowerCase(Locale.ROOT).replace('_', '.'), v);
              }
            });
    RetryTiers tiers;
    try {
      tiers = RetryTiers.parse(env.string(RETRY_TIERS, RetryTiers.DEFAULT));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(RETRY_TIERS + ": " + e.getMessage());
    }
    Topics topics;
    try {
      topics = new Topics(env.string(TOPIC_PREFIX, Topics.DEFAULT_PREFIX), tiers);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(TOPIC_PREFIX + ": " + e.getMessage());
    }
    Optional<Short> rf =
        env.get(TOPIC_REPLICATION_FACTOR)
            .map(s -> (short) env.integer(TOPIC_REPLICATION_FACTOR, 1, 1, Short.MAX_VALUE));
    return new KafkaConfig(
        env.string(BOOTSTRAP, "localhost:9092"),
        props,
        topics,
        // The cap is a guard on the variable only: the CLI's --partitions may ask for more.
        env.integer(TOPIC_PARTITIONS, DEFAULT_PARTITIONS, 1, 10_000),
        rf,
        env.millis(UNREACHABLE_AFTER_MS, DEFAULT_UNREACHABLE_AFTER));
  }

  /** This configuration with other partition and replication settings for topics it creates. */
  public KafkaConfig withTopicSettings(int otherPartitions, Optional<Short> otherReplication) {
    return new KafkaConfig(
        bootstrap, clientProperties, topics, otherPartitions, otherReplication, unreachableAfter);
  }

  /** For logs: every setting, secrets masked. */
  public Map<String, String> describe() {
    Map<String, String> out = new TreeMap<>();
    out.put("kafka.bootstrap", bootstrap);
    out.put("topics.prefix", topics.prefix());
    out.put("retry.tiers", topics.tiers().toString());
    out.put("topics.partitions", String.valueOf(partitions));
    out.put("topics.replicationFactor", replicationFactor.map(String::valueOf).orElse("broker"));
    out.put("readiness.kafkaDownAfterMs", String.valueOf(unreachableAfter.toMillis()));
    Secrets.masked(clientProperties).forEach((k, v) -> out.put("kafka." + k, v));
    return out;
  }
}
