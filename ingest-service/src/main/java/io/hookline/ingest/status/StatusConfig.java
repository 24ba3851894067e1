package io.hookline.ingest.status;

import io.hookline.core.config.Checks;
import io.hookline.core.config.ConfigException;
import io.hookline.core.config.Env;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Configuration of the delivery status view.
 *
 * <p>The instances ask each other for what their stores hold over a listener of its own, the peer
 * listener, not the public API: it serves only the {@code /v1/internal/status/...} routes, on
 * {@code HOOKLINE_HTTP_HOST}, behind a token that is not the API's.
 *
 * @param advertisedUrl {@code HOOKLINE_STATUS_PEER_ADVERTISED_URL}: how other ingest-service
 *     instances reach this one's peer listener ({@code http://10.0.0.7:8083}); empty means {@code
 *     http://<HOOKLINE_HTTP_HOST>:<peer port>}, with this host's address when that host is {@code
 *     0.0.0.0}. All instances share one scheme.
 * @param peerPort {@code HOOKLINE_STATUS_PEER_PORT}: the peer listener's port, default 8083; 0
 *     picks a free one
 * @param peerToken {@code HOOKLINE_STATUS_PEER_TOKEN}: the bearer token instances send each other,
 *     the same on all of them and never the API token; empty means one derived from the API token
 *     ({@link #derivedPeerToken}), which a client holding the API token could compute but cannot
 *     use for more than it already reads on the public routes
 * @param retention {@code HOOKLINE_STATUS_RETENTION_MS}: how long delivery statuses and hourly
 *     stats are kept, and how long an idle endpoint's attempts; default 7 d, at least 1 h
 * @param attemptsPerEndpoint {@code HOOKLINE_STATUS_ATTEMPTS_PER_ENDPOINT}: attempt records kept
 *     per endpoint (the most {@code /v1/endpoints/{id}/attempts} can list), default 100
 * @param memoryMb {@code HOOKLINE_STATUS_MEMORY_MB}: off-heap memory (RocksDB block cache and
 *     memtables) of all status stores together, default 64
 * @param queryTimeout {@code HOOKLINE_STATUS_QUERY_TIMEOUT_MS}: how long to wait for another
 *     instance's answer, default 5 s
 */
public record StatusConfig(
    Optional<URI> advertisedUrl,
    int peerPort,
    Optional<String> peerToken,
    Duration retention,
    int attemptsPerEndpoint,
    int memoryMb,
    Duration queryTimeout) {

  public static final String ADVERTISED_URL = "HOOKLINE_STATUS_PEER_ADVERTISED_URL";
  public static final String PEER_PORT = "HOOKLINE_STATUS_PEER_PORT";
  public static final String PEER_TOKEN = "HOOKLINE_STATUS_PEER_TOKEN";
  public static final String RETENTION_MS = "HOOKLINE_STATUS_RETENTION_MS";
  public static final String ATTEMPTS_PER_ENDPOINT = "HOOKLINE_STATUS_ATTEMPTS_PER_ENDPOINT";
  public static final String MEMORY_MB = "HOOKLINE_STATUS_MEMORY_MB";
  public static final String QUERY_TIMEOUT_MS = "HOOKLINE_STATUS_QUERY_TIMEOUT_MS";

  /**
   * Named the API's address before the peer listener existed; refused so none is left pointing
   * there.
   */
  static final String REPLACED_ADVERTISED_URL = "HOOKLINE_INGEST_ADVERTISED_URL";

  /** RFC 6750's {@code b64token}: what a bearer token may be made of. */
  private static final Pattern TOKEN_CHARACTERS = Pattern.compile("[A-Za-z0-9._~+/=-]+");

  public static final int DEFAULT_PEER_PORT = 8083;
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
  public static final int DEFAULT_ATTEMPTS_PER_ENDPOINT = 100;
  public static final int DEFAULT_MEMORY_MB = 64;
  public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(5);

  public StatusConfig {
    advertisedUrl = advertisedUrl == null ? Optional.empty() : advertisedUrl;
    advertisedUrl.ifPresent(StatusConfig::requireBaseUrl);
    Checks.between(peerPort, 0, 65_535, PEER_PORT);
    peerToken = peerToken == null ? Optional.empty() : peerToken;
    if (peerToken.isPresent() && peerToken.get().length() < 16) {
      throw new ConfigException(PEER_TOKEN + " must be at least 16 characters");
    }
    if (peerToken.isPresent() && !TOKEN_CHARACTERS.matcher(peerToken.get()).matches()) {
      // It goes into an Authorization header: refused here rather than at the first query.
      throw new ConfigException(
          PEER_TOKEN + " may hold only letters, digits and - . _ ~ + / = (a bearer token)");
    }
    if (Checks.required(retention, RETENTION_MS).compareTo(Duration.ofHours(1)) < 0) {
      throw new ConfigException(
          RETENTION_MS + " must be at least 3600000 (1 h): stats are kept by the hour");
    }
    Checks.between(attemptsPerEndpoint, 1, 10_000, ATTEMPTS_PER_ENDPOINT);
    Checks.between(memoryMb, 8, 64 * 1024, MEMORY_MB);
    Checks.positive(queryTimeout, QUERY_TIMEOUT_MS);
  }

  public static StatusConfig fromEnv(Env env) {
    if (env.get(REPLACED_ADVERTISED_URL).isPresent()) {
      throw new ConfigException(
          REPLACED_ADVERTISED_URL
              + " is replaced by "
              + ADVERTISED_URL
              + ", which names the peer listener ("
              + PEER_PORT
              + ", default "
              + DEFAULT_PEER_PORT
              + "), not the API: set that one instead");
    }
    return new StatusConfig(
        env.get(ADVERTISED_URL).map(StatusConfig::parse),
        env.integer(PEER_PORT, DEFAULT_PEER_PORT),
        env.get(PEER_TOKEN),
        env.millis(RETENTION_MS, DEFAULT_RETENTION),
        env.integer(ATTEMPTS_PER_ENDPOINT, DEFAULT_ATTEMPTS_PER_ENDPOINT),
        env.integer(MEMORY_MB, DEFAULT_MEMORY_MB),
        env.millis(QUERY_TIMEOUT_MS, DEFAULT_QUERY_TIMEOUT));
  }

  /**
   * The token instances send each other: the configured one, or else one derived from the API token
   * (every instance derives the same).
   */
  public String peerTokenFor(String apiToken) {
    return peerToken.orElseGet(() -> derivedPeerToken(apiToken));
  }

  /**
   * HMAC-SHA256 of a fixed label keyed by the API token, base64url: the peer token of instances
   * given none. One-way, so a peer token that leaks does not give the API token away.
   */
  static String derivedPeerToken(String apiToken) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(apiToken.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] tag = mac.doFinal("hookline/status-peer/v1".getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }

  /**
   * The URL peers use: the configured one, or one made of the bind host (this host's address when
   * bound to every interface) and the peer port actually bound.
   */
  public URI advertisedUrlOr(String httpHost, int boundPort) {
    return advertisedUrl.orElseGet(
        () -> {
          String host = httpHost;
          if (host.isBlank() || host.equals("0.0.0.0") || host.equals("::")) {
            try {
              host = InetAddress.getLocalHost().getHostAddress();
            } catch (UnknownHostException e) {
              host = "127.0.0.1";
            }
          }
          return URI.create(
              "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + boundPort);
        });
  }

  /** Every setting as {@link #describe} shows it: the peer token masked. */
  @Override
  public String toString() {
    return "StatusConfig" + describe();
  }

  public Map<String, String> describe() {
    Map<String, String> out = new TreeMap<>();
    out.put(
        "status.advertisedUrl", advertisedUrl.map(URI::toString).orElse("(from host and port)"));
    out.put("status.peerPort", String.valueOf(peerPort));
    out.put("status.peerToken", peerToken.isPresent() ? "(set)" : "(derived from the API token)");
    out.put("status.retentionMs", String.valueOf(retention.toMillis()));
    out.put("status.attemptsPerEndpoint", String.valueOf(attemptsPerEndpoint));
    out.put("status.memoryMb", String.valueOf(memoryMb));
    out.put("status.queryTimeoutMs", String.valueOf(queryTimeout.toMillis()));
    return out;
  }

  private static URI parse(String raw) {
    try {
      return requireBaseUrl(new URI(raw));
    } catch (URISyntaxException e) {
      throw new ConfigException(ADVERTISED_URL + " is not a URL: " + e.getReason());
    }
  }

  private static URI requireBaseUrl(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean bare =
        (uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/"))
            && uri.getQuery() == null
            && uri.getUserInfo() == null;
    if (!(scheme.equals("http") || scheme.equals("https"))
        || uri.getHost() == null
        || uri.getPort() < 1
        || !bare) {
      throw new ConfigException(
          ADVERTISED_URL
              + " must be http(s)://host:port with nothing after the port, was '"
              + uri
              + "'");
    }
    return uri;
  }
}
