package io.hookline.retry;

import io.hookline.core.config.ConfigException;
import io.hookline.core.config.Env;
import io.hookline.core.config.KafkaConfig;
import io.hookline.core.http.HttpServerConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Configuration of the retry-service. Immutable; validated on construction. The tiers come from
 * {@code HOOKLINE_RETRY_TIERS} through {@link KafkaConfig#topics()}, the same setting the
 * dispatcher reads.
 *
 * @param http the server of {@code /metrics}, {@code /healthz} and {@code /readyz}: {@code
 *     HOOKLINE_HTTP_HOST} ({@code 0.0.0.0}), {@code HOOKLINE_HTTP_PORT} (8082; 0 picks a free port)
 *     and its limits
 * @param groupId {@code HOOKLINE_RETRY_GROUP_ID}, default {@code <prefix>retry}
 * @param instanceId {@code HOOKLINE_RETRY_INSTANCE_ID}, default random: names this instance's Kafka
 *     clients and its transactional id. It must be unique among running instances. Kept stable
 *     across restarts (a StatefulSet pod name), it lets a restarted instance abort the transaction
 *     its predecessor left open at once, instead of after {@code transactionTimeout}.
 * @param maxDeliveryAge {@code HOOKLINE_RETRY_MAX_AGE_MS}, default 24 h: a due delivery created
 *     longer ago than this goes to the DLQ as {@code expired} instead of back to deliveries
 * @param transactionTimeout {@code HOOKLINE_RETRY_TRANSACTION_TIMEOUT_MS}, default 10 s: how long
 *     the broker keeps the open transaction of an instance that died before aborting it. Until
 *     then, {@code read_committed} readers of the partitions it wrote to wait, so it is short; a
 *     forwarding transaction takes milliseconds.
 * @param sessionTimeout {@code HOOKLINE_RETRY_SESSION_TIMEOUT_MS}, default 10 s: how long the group
 *     waits for an instance that stopped answering before its tier partitions move. The instance id
 *     is also the consumer's {@code group.instance.id} (static membership): an instance restarted
 *     with the same id takes its partitions back at once. Between the broker's {@code
 *     group.min.session.timeout.ms} (6 s) and {@code group.max.session.timeout.ms} (30 min)
 */
public record RetryConfig(
    KafkaConfig kafka,
    HttpServerConfig http,
    String groupId,
    String instanceId,
    Duration maxDeliveryAge,
    Duration transactionTimeout,
    Duration sessionTimeout,
    Clock clock) {

  public static final String GROUP_ID = "HOOKLINE_RETRY_GROUP_ID";
  public static final String INSTANCE_ID = "HOOKLINE_RETRY_INSTANCE_ID";
  public static final String MAX_AGE_MS = "HOOKLINE_RETRY_MAX_AGE_MS";
  public static final String TRANSACTION_TIMEOUT_MS = "HOOKLINE_RETRY_TRANSACTION_TIMEOUT_MS";
  public static final String SESSION_TIMEOUT_MS = "HOOKLINE_RETRY_SESSION_TIMEOUT_MS";
  public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_MAX_DELIVERY_AGE = Duration.ofHours(24);
  public static final Duration DEFAULT_TRANSACTION_TIMEOUT = Duration.ofSeconds(10);

  public RetryConfig {
    if (kafka == null || clock == null || http == null) {
      throw new ConfigException("kafka, clock and the HTTP server settings are required");
    }
    if (groupId == null || groupId.isBlank()) {
      throw new ConfigException(GROUP_ID + " must not be blank");
    }
    if (instanceId == null || !instanceId.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new ConfigException(
          INSTANCE_ID
              + " may only contain letters, digits, '.', '_' and '-' (1 to 64), was '"
              + instanceId
              + "'");
    }
    requirePositive(maxDeliveryAge, MAX_AGE_MS);
    requirePositive(transactionTimeout, TRANSACTION_TIMEOUT_MS);
    requirePositive(sessionTimeout, SESSION_TIMEOUT_MS);
    if (sessionTimeout.toMillis() > Integer.MAX_VALUE) {
      throw new ConfigException(SESSION_TIMEOUT_MS + " is too large");
    }
    if (transactionTimeout.toMillis() > Integer.MAX_VALUE) {
      throw new ConfigException(TRANSACTION_TIMEOUT_MS + " is too large");
    }
  }

  public static RetryConfig fromEnv(Env env) {
    KafkaConfig kafka = KafkaConfig.fromEnv(env);
    return new RetryConfig(
        kafka,
        HttpServerConfig.fromEnv(env, 8082),
        env.string(GROUP_ID, kafka.topics().prefix() + "retry"),
        env.string(INSTANCE_ID, UUID.randomUUID().toString().substring(0, 8)),
        env.millis(MAX_AGE_MS, DEFAULT_MAX_DELIVERY_AGE),
        env.millis(TRANSACTION_TIMEOUT_MS, DEFAULT_TRANSACTION_TIMEOUT),
        env.millis(SESSION_TIMEOUT_MS, DEFAULT_SESSION_TIMEOUT),
        Clock.systemUTC());
  }

  /** For logs: every setting, secrets masked. */
  public Map<String, String> describe() {
    Map<String, String> out = new TreeMap<>(kafka.describe());
    out.putAll(http.describe());
    out.put("retry.groupId", groupId);
    out.put("retry.instanceId", instanceId);
    out.put("retry.maxDeliveryAgeMs", String.valueOf(maxDeliveryAge.toMillis()));
    out.put("retry.transactionTimeoutMs", String.valueOf(transactionTimeout.toMillis()));
    out.put("retry.sessionTimeoutMs", String.valueOf(sessionTimeout.toMillis()));
    return out;
  }

  private static void requirePositive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new ConfigException(name + " must be > 0 milliseconds, was " + d);
    }
  }
}
