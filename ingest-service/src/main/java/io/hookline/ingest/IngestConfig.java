package io.hookline.ingest;

import io.hookline.core.config.Checks;
import io.hookline.core.config.ConfigException;
import io.hookline.core.config.Env;
import io.hookline.core.config.KafkaConfig;
import io.hookline.core.crypto.SecretBox;
import io.hookline.core.http.HttpServerConfig;
import io.hookline.core.net.EgressPolicy;
import io.hookline.ingest.health.HealthPolicy;
import io.hookline.ingest.status.StatusConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Configuration of the ingest-service. Immutable; every range is checked on construction, the
 * defaults are the {@code DEFAULT_*} constants.
 *
 * @param http the API server: {@code HOOKLINE_HTTP_HOST} ({@code 0.0.0.0}), {@code
 *     HOOKLINE_HTTP_PORT} (8080) and its limits
 * @param apiToken {@code HOOKLINE_API_TOKEN}: the bearer token of every {@code /v1} route
 * @param secretBox from {@code HOOKLINE_MASTER_KEY}: seals endpoint secrets at rest
 * @param maxPayloadBytes {@code HOOKLINE_INGEST_MAX_PAYLOAD_BYTES}, default 256 KiB
 * @param kafkaAckTimeout {@code HOOKLINE_INGEST_ACK_TIMEOUT_MS}: how long a POST waits for Kafka
 *     before answering 503, default 10 s
 * @param maxBatch {@code HOOKLINE_INGEST_MAX_BATCH}: events in one {@code /v1/events/batch},
 *     default 100
 * @param idempotencyWindow {@code HOOKLINE_IDEMPOTENCY_WINDOW_MS}: how long an event id is
 *     remembered so a repeat is not delivered twice, default 24 h
 * @param fanOutCommitInterval {@code HOOKLINE_FANOUT_COMMIT_INTERVAL_MS}: how often the fan-out
 *     commits its transaction, so how long a delivery waits before a dispatcher can read it: at
 *     most this, half of it on average, default 20 ms (Kafka Streams' default under exactly-once is
 *     100 ms; see docs/benchmarks.md, "latency", for what each costs)
 * @param allowedNetworks {@code HOOKLINE_DISPATCH_ALLOWED_NETWORKS}, as the dispatcher reads it
 * @param health when a failing endpoint is disabled
 * @param status the delivery status view: its peer listener, retention, bounds
 */
public record IngestConfig(
    KafkaConfig kafka,
    HttpServerConfig http,
    String apiToken,
    SecretBox secretBox,
    int maxPayloadBytes,
    Duration kafkaAckTimeout,
    int maxBatch,
    Duration idempotencyWindow,
    Duration fanOutCommitInterval,
    String allowedNetworks,
    HealthPolicy health,
    StatusConfig status,
    Clock clock) {

  public static final String API_TOKEN = "HOOKLINE_API_TOKEN";
  public static final String MAX_PAYLOAD_BYTES = "HOOKLINE_INGEST_MAX_PAYLOAD_BYTES";
  public static final String ACK_TIMEOUT_MS = "HOOKLINE_INGEST_ACK_TIMEOUT_MS";
  public static final String MAX_BATCH = "HOOKLINE_INGEST_MAX_BATCH";
  public static final String IDEMPOTENCY_WINDOW_MS = "HOOKLINE_IDEMPOTENCY_WINDOW_MS";
  public static final String ALLOWED_NETWORKS = "HOOKLINE_DISPATCH_ALLOWED_NETWORKS";
  public static final String FANOUT_COMMIT_INTERVAL_MS = "HOOKLINE_FANOUT_COMMIT_INTERVAL_MS";

  public static final int DEFAULT_PORT = 8080;
  public static final int DEFAULT_MAX_PAYLOAD_BYTES = 256 * 1024;
  public static final Duration DEFAULT_ACK_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_BATCH = 100;
  public static final Duration DEFAULT_IDEMPOTENCY_WINDOW = Duration.ofHours(24);
  public static final Duration DEFAULT_FANOUT_COMMIT_INTERVAL = Duration.ofMillis(20);
  public static final int DEFAULT_HEALTH_FAILURES = 20;
  public static final Duration DEFAULT_HEALTH_OVER = Duration.ofHours(24);

  public IngestConfig {
    Checks.required(kafka, "kafka");
    Checks.required(http, "http");
    Checks.required(secretBox, SecretBox.MASTER_KEY);
    Checks.required(health, "health");
    Checks.required(status, "status");
    Checks.required(clock, "clock");
    Checks.between(maxPayloadBytes, 1024, 16 * 1024 * 1024, MAX_PAYLOAD_BYTES);
    Checks.positive(kafkaAckTimeout, ACK_TIMEOUT_MS);
    Checks.between(maxBatch, 1, 10_000, MAX_BATCH);
    Checks.atLeast(idempotencyWindow, Duration.ofMillis(1), IDEMPOTENCY_WINDOW_MS);
    Checks.between(
        (int) Math.min(Integer.MAX_VALUE, fanOutCommitInterval.toMillis()),
        5,
        10_000,
        FANOUT_COMMIT_INTERVAL_MS);
    allowedNetworks = allowedNetworks == null ? "" : allowedNetworks;
    try {
      EgressPolicy.fromAllowList(allowedNetworks);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(ALLOWED_NETWORKS + ": " + e.getMessage());
    }
    if (apiToken == null || apiToken.length() < 8) {
      throw new ConfigException(API_TOKEN + " must be at least 8 characters");
    }
    if (status.peerToken().filter(apiToken::equals).isPresent()) {
      throw new ConfigException(
          StatusConfig.PEER_TOKEN
              + " must differ from "
              + API_TOKEN
              + ": it is a credential of its own");
    }
    if (http.port() != 0 && http.port() == status.peerPort()) {
      throw new ConfigException(
          StatusConfig.PEER_PORT
              + " must differ from HOOKLINE_HTTP_PORT"
              + " (both "
              + http.port()
              + "): the status peer listener is a listener of its own");
    }
  }

  /** Every setting as {@link #describe} shows it: the API token and master key masked. */
  @Override
  public String toString() {
    return "IngestConfig" + describe();
  }

  /** The bearer token of the status peer listener: configured, or derived from the API token. */
  public String statusPeerToken() {
    return status.peerTokenFor(apiToken);
  }

  /** The status peer listener: the API's host and limits, on its own port. */
  public HttpServerConfig statusPeerHttp() {
    return http.withPort(status.peerPort());
  }

  /**
   * The addresses endpoint URLs may point at: the same {@code HOOKLINE_DISPATCH_ALLOWED_NETWORKS}
   * the dispatcher reads, so both refuse the same URLs.
   */
  public EgressPolicy egressPolicy() {
    return EgressPolicy.fromAllowList(allowedNetworks);
  }

  public static IngestConfig fromEnv(Env env) {
    return new IngestConfig(
        KafkaConfig.fromEnv(env),
        HttpServerConfig.fromEnv(env, DEFAULT_PORT),
        env.required(API_TOKEN, "the bearer token clients must send on /v1 routes"),
        SecretBox.fromMasterKey(
            env.required(SecretBox.MASTER_KEY, "base64 of 32 bytes (openssl rand -base64 32)")),
        env.integer(MAX_PAYLOAD_BYTES, DEFAULT_MAX_PAYLOAD_BYTES),
        env.millis(ACK_TIMEOUT_MS, DEFAULT_ACK_TIMEOUT),
        env.integer(MAX_BATCH, DEFAULT_MAX_BATCH),
        env.millis(IDEMPOTENCY_WINDOW_MS, DEFAULT_IDEMPOTENCY_WINDOW),
        env.millis(FANOUT_COMMIT_INTERVAL_MS, DEFAULT_FANOUT_COMMIT_INTERVAL),
        env.string(ALLOWED_NETWORKS, ""),
        new HealthPolicy(
            env.integer(HealthPolicy.FAILURES, DEFAULT_HEALTH_FAILURES),
            env.millis(HealthPolicy.OVER_MS, DEFAULT_HEALTH_OVER)),
        StatusConfig.fromEnv(env),
        Clock.systemUTC());
  }

  /** For logs: every setting, secrets masked. */
  public Map<String, String> describe() {
    Map<String, String> out = new TreeMap<>(kafka.describe());
    out.putAll(http.describe());
    out.put("apiToken", "****");
    out.put("masterKey", "****");
    out.put("ingest.maxPayloadBytes", String.valueOf(maxPayloadBytes));
    out.put("ingest.ackTimeoutMs", String.valueOf(kafkaAckTimeout.toMillis()));
    out.put("ingest.maxBatch", String.valueOf(maxBatch));
    out.put("ingest.idempotencyWindowMs", String.valueOf(idempotencyWindow.toMillis()));
    out.put("fanout.commitIntervalMs", String.valueOf(fanOutCommitInterval.toMillis()));
    out.put("ingest.allowedNetworks", allowedNetworks.isBlank() ? "(none)" : allowedNetworks);
    out.put("health.disableAfterFailures", String.valueOf(health.failures()));
    out.put("health.disableAfterMs", String.valueOf(health.over().toMillis()));
    out.putAll(status.describe());
    return out;
  }
}
