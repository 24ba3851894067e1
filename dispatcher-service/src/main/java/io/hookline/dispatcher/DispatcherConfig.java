package io.hookline.dispatcher;

import io.hookline.core.config.Checks;
import io.hookline.core.config.ConfigException;
import io.hookline.core.config.Env;
import io.hookline.core.config.KafkaConfig;
import io.hookline.core.crypto.SecretBox;
import io.hookline.core.http.HttpServerConfig;
import io.hookline.core.net.EgressPolicy;
import io.hookline.dispatcher.http.HttpSenderConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Configuration of the dispatcher-service. Immutable; every range is checked on construction, so a
 * configuration built in code is held to the same rules as one read from the environment; the
 * defaults are the {@code DEFAULT_*} constants.
 *
 * @param http the server of {@code /metrics}, {@code /healthz} and {@code /readyz}: {@code
 *     HOOKLINE_HTTP_HOST} ({@code 0.0.0.0}), {@code HOOKLINE_HTTP_PORT} (8081) and its limits
 * @param groupId {@code HOOKLINE_DISPATCH_GROUP_ID}, default {@code <prefix>dispatcher}
 * @param instanceId {@code HOOKLINE_DISPATCH_INSTANCE_ID}: a stable identity (a StatefulSet pod
 *     name), made the consumer's {@code group.instance.id} (static membership), so that a
 *     dispatcher restarted with it takes its partitions back at once instead of after the group's
 *     session timeout; unique among running instances. Empty: a random one, no static membership
 * @param sessionTimeout {@code HOOKLINE_DISPATCH_SESSION_TIMEOUT_MS}, default 10 s: how long the
 *     group waits for a dispatcher that stopped answering (crashed, or partitioned away) before its
 *     partitions go to the others; with a stable {@code instanceId} a restart takes them back
 *     sooner. Between the broker's {@code group.min.session.timeout.ms} (6 s) and {@code
 *     group.max.session.timeout.ms} (30 min)
 * @param maxInFlight {@code HOOKLINE_DISPATCH_MAX_IN_FLIGHT}: deliveries in progress at once across
 *     all endpoints, default 5,000; partitions pause while it is reached
 * @param requestTimeout {@code HOOKLINE_HTTP_TIMEOUT_MS}: total request timeout when the endpoint
 *     sets none, default 15 s
 * @param connectTimeout {@code HOOKLINE_HTTP_CONNECT_TIMEOUT_MS}, default 5 s
 * @param allowedNetworks {@code HOOKLINE_DISPATCH_ALLOWED_NETWORKS}: CIDRs opened despite the SSRF
 *     guard (e.g. {@code 127.0.0.0/8} for local use); default none
 * @param drainTimeout {@code HOOKLINE_DISPATCH_DRAIN_TIMEOUT_MS}: how long shutdown and rebalances
 *     wait for in-flight deliveries, default 30 s
 * @param commitInterval {@code HOOKLINE_DISPATCH_COMMIT_INTERVAL_MS}: how often finished work is
 *     committed (the offset, and which later records are finished already), default 100 ms: what a
 *     crash can redeliver is what was in flight plus at most this much finished work
 * @param endpointMaxInFlight {@code HOOKLINE_DISPATCH_ENDPOINT_MAX_IN_FLIGHT}: concurrent requests
 *     to an endpoint that sets no {@code maxInFlight}, default 10
 * @param laneBacklog {@code HOOKLINE_DISPATCH_LANE_BACKLOG}: deliveries an endpoint may have
 *     waiting in its lane before further ones are deferred to the first retry tier, default 100
 * @param laneIdleExpiry {@code HOOKLINE_DISPATCH_LANE_IDLE_EXPIRY_MS}: how long an idle lane and
 *     its rate limiter are kept, default 60 s
 * @param maxConnections {@code HOOKLINE_HTTP_MAX_CONNECTIONS}: pooled connections across all
 *     endpoints, default {@code maxInFlight}. Keep it at least {@code maxInFlight}: a smaller pool
 *     makes requests to healthy endpoints queue for connections held by slow ones.
 * @param maxConnectionsPerRoute {@code HOOKLINE_HTTP_MAX_CONNECTIONS_PER_ROUTE}: pooled connections
 *     to one scheme, host and port (endpoints sharing a host share these), default 64
 */
public record DispatcherConfig(
    KafkaConfig kafka,
    HttpServerConfig http,
    SecretBox secretBox,
    String groupId,
    Optional<String> instanceId,
    Duration sessionTimeout,
    int maxInFlight,
    Duration requestTimeout,
    Duration connectTimeout,
    String allowedNetworks,
    Duration drainTimeout,
    Duration commitInterval,
    int endpointMaxInFlight,
    int laneBacklog,
    Duration laneIdleExpiry,
    int maxConnections,
    int maxConnectionsPerRoute,
    Clock clock) {

  public static final String GROUP_ID = "HOOKLINE_DISPATCH_GROUP_ID";
  public static final String INSTANCE_ID = "HOOKLINE_DISPATCH_INSTANCE_ID";
  public static final String SESSION_TIMEOUT_MS = "HOOKLINE_DISPATCH_SESSION_TIMEOUT_MS";
  public static final String MAX_IN_FLIGHT = "HOOKLINE_DISPATCH_MAX_IN_FLIGHT";
  public static final String REQUEST_TIMEOUT_MS = "HOOKLINE_HTTP_TIMEOUT_MS";
  public static final String CONNECT_TIMEOUT_MS = "HOOKLINE_HTTP_CONNECT_TIMEOUT_MS";
  public static final String ALLOWED_NETWORKS = "HOOKLINE_DISPATCH_ALLOWED_NETWORKS";
  public static final String DRAIN_TIMEOUT_MS = "HOOKLINE_DISPATCH_DRAIN_TIMEOUT_MS";
  public static final String COMMIT_INTERVAL_MS = "HOOKLINE_DISPATCH_COMMIT_INTERVAL_MS";
  public static final String ENDPOINT_MAX_IN_FLIGHT = "HOOKLINE_DISPATCH_ENDPOINT_MAX_IN_FLIGHT";
  public static final String LANE_BACKLOG = "HOOKLINE_DISPATCH_LANE_BACKLOG";
  public static final String LANE_IDLE_EXPIRY_MS = "HOOKLINE_DISPATCH_LANE_IDLE_EXPIRY_MS";
  public static final String MAX_CONNECTIONS = "HOOKLINE_HTTP_MAX_CONNECTIONS";
  public static final String MAX_CONNECTIONS_PER_ROUTE = "HOOKLINE_HTTP_MAX_CONNECTIONS_PER_ROUTE";

  public static final int DEFAULT_PORT = 8081;
  public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_IN_FLIGHT = 5_000;
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(15);
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(100);
  public static final int DEFAULT_ENDPOINT_MAX_IN_FLIGHT = 10;
  public static final int DEFAULT_LANE_BACKLOG = 100;
  public static final Duration DEFAULT_LANE_IDLE_EXPIRY = Duration.ofSeconds(60);

  public DispatcherConfig {
    Checks.required(kafka, "kafka");
    Checks.required(http, "http");
    Checks.required(secretBox, SecretBox.MASTER_KEY);
    Checks.required(clock, "clock");
    if (groupId == null || groupId.isBlank()) {
      throw new ConfigException(GROUP_ID + " must not be blank");
    }
    Checks.kafkaMillis(sessionTimeout, SESSION_TIMEOUT_MS);
    Checks.between(maxInFlight, 1, 1_000_000, MAX_IN_FLIGHT);
    Checks.positive(requestTimeout, REQUEST_TIMEOUT_MS);
    Checks.positive(connectTimeout, CONNECT_TIMEOUT_MS);
    Checks.positive(drainTimeout, DRAIN_TIMEOUT_MS);
    Checks.positive(commitInterval, COMMIT_INTERVAL_MS);
    Checks.between(endpointMaxInFlight, 1, 1000, ENDPOINT_MAX_IN_FLIGHT);
    Checks.between(laneBacklog, 1, 100_000, LANE_BACKLOG);
    Checks.positive(laneIdleExpiry, LANE_IDLE_EXPIRY_MS);
    Checks.between(maxConnections, 1, 1_000_000, MAX_CONNECTIONS);
    Checks.between(maxConnectionsPerRoute, 1, 1_000_000, MAX_CONNECTIONS_PER_ROUTE);
    allowedNetworks = allowedNetworks == null ? "" : allowedNetworks;
    instanceId = instanceId == null ? Optional.empty() : instanceId;
    if (instanceId.isPresent() && !instanceId.get().matches("[A-Za-z0-9._-]{1,64}")) {
      throw new ConfigException(
          INSTANCE_ID
              + " may only contain letters, digits, '.', '_' and '-' (1 to"
              + " 64), was '"
              + instanceId.get()
              + "'");
    }
    try {
      EgressPolicy.fromAllowList(allowedNetworks);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(ALLOWED_NETWORKS + ": " + e.getMessage());
    }
    if (maxConnectionsPerRoute > maxConnections) {
      throw new ConfigException(
          MAX_CONNECTIONS_PER_ROUTE
              + " ("
              + maxConnectionsPerRoute
              + ") must not exceed "
              + MAX_CONNECTIONS
              + " ("
              + maxConnections
              + ")");
    }
  }

  public static DispatcherConfig fromEnv(Env env) {
    KafkaConfig kafka = KafkaConfig.fromEnv(env);
    int maxInFlight = env.integer(MAX_IN_FLIGHT, DEFAULT_MAX_IN_FLIGHT);
    int maxConnections = env.integer(MAX_CONNECTIONS, maxInFlight);
    return new DispatcherConfig(
        kafka,
        HttpServerConfig.fromEnv(env, DEFAULT_PORT),
        SecretBox.fromMasterKey(
            env.required(SecretBox.MASTER_KEY, "the key the ingest-service seals secrets with")),
        env.string(GROUP_ID, kafka.topics().prefix() + "dispatcher"),
        env.get(INSTANCE_ID),
        env.millis(SESSION_TIMEOUT_MS, DEFAULT_SESSION_TIMEOUT),
        maxInFlight,
        env.millis(REQUEST_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT),
        env.millis(CONNECT_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT),
        env.string(ALLOWED_NETWORKS, ""),
        env.millis(DRAIN_TIMEOUT_MS, DEFAULT_DRAIN_TIMEOUT),
        env.millis(COMMIT_INTERVAL_MS, DEFAULT_COMMIT_INTERVAL),
        env.integer(ENDPOINT_MAX_IN_FLIGHT, DEFAULT_ENDPOINT_MAX_IN_FLIGHT),
        env.integer(LANE_BACKLOG, DEFAULT_LANE_BACKLOG),
        env.millis(LANE_IDLE_EXPIRY_MS, DEFAULT_LANE_IDLE_EXPIRY),
        maxConnections,
        env.integer(
            MAX_CONNECTIONS_PER_ROUTE,
            Math.min(HttpSenderConfig.DEFAULT_MAX_CONNECTIONS_PER_ROUTE, maxConnections)),
        Clock.systemUTC());
  }

  /** The HTTP sender's settings: timeouts and pool sizes from this configuration. */
  public HttpSenderConfig httpSender() {
    return new HttpSenderConfig(
        connectTimeout,
        requestTimeout,
        maxConnections,
        maxConnectionsPerRoute,
        HttpSenderConfig.DEFAULT_MAX_RETRY_AFTER);
  }

  public EgressPolicy egressPolicy() {
    return EgressPolicy.fromAllowList(allowedNetworks);
  }

  /** For logs: every setting, secrets masked. */
  public Map<String, String> describe() {
    Map<String, String> out = new TreeMap<>(kafka.describe());
    out.putAll(http.describe());
    out.put("masterKey", "****");
    out.put("dispatch.groupId", groupId);
    out.put("dispatch.instanceId", instanceId.orElse("(random, no static membership)"));
    out.put("dispatch.sessionTimeoutMs", String.valueOf(sessionTimeout.toMillis()));
    out.put("dispatch.maxInFlight", String.valueOf(maxInFlight));
    out.put("dispatch.requestTimeoutMs", String.valueOf(requestTimeout.toMillis()));
    out.put("dispatch.connectTimeoutMs", String.valueOf(connectTimeout.toMillis()));
    out.put("dispatch.allowedNetworks", allowedNetworks.isBlank() ? "(none)" : allowedNetworks);
    out.put("dispatch.drainTimeoutMs", String.valueOf(drainTimeout.toMillis()));
    out.put("dispatch.commitIntervalMs", String.valueOf(commitInterval.toMillis()));
    out.put("dispatch.endpointMaxInFlight", String.valueOf(endpointMaxInFlight));
    out.put("dispatch.laneBacklog", String.valueOf(laneBacklog));
    out.put("dispatch.laneIdleExpiryMs", String.valueOf(laneIdleExpiry.toMillis()));
    out.put("http.maxConnections", String.valueOf(maxConnections));
    out.put("http.maxConnectionsPerRoute", String.valueOf(maxConnectionsPerRoute));
    return out;
  }
}
