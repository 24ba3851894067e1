package io.hookline.retry;

import io.hookline.core.config.Env;
import io.hookline.core.config.KafkaConfig;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;

/**
 * Configuration of the retry-service.
 *
 * @param groupId {@code HOOKLINE_RETRY_GROUP_ID}, default {@code <prefix>retry}
 */
public record RetryConfig(
    KafkaConfig kafka, String httpHost, int httpPort, String groupId, Clock clock) {

  public static RetryConfig fromEnv(Env env) {
    KafkaConfig kafka = KafkaConfig.fromEnv(env);
    return new RetryConfig(
        kafka,
        env.string("HOOKLINE_HTTP_HOST", "0.0.0.0"),
        env.integer("HOOKLINE_HTTP_PORT", 8082, 0, 65535),
        env.string("HOOKLINE_RETRY_GROUP_ID", kafka.topics().prefix() + "retry"),
        Clock.systemUTC());
  }

  public Map<String, String> describe() {
    Map<String, String> out = new TreeMap<>(kafka.describe());
    out.put("http", httpHost + ":" + httpPort);
    out.put("retry.groupId", groupId);
    return out;
  }
}
