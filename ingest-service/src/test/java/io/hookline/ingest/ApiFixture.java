package io.hookline.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookline.core.config.Env;
import io.hookline.core.crypto.SecretBox;
import io.hookline.schemas.Json;
import io.hookline.testkit.KafkaCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

/**
 * An ingest-service on the testkit broker and a small HTTP client for its API and its status peer
 * listener.
 */
final class ApiFixture implements AutoCloseable {
  static final String TOKEN = "ingest-test-token";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  final IngestService ingest;
  final String base;

  /** The status peer listener, where the instances ask each other. */
  final String peerBase;

  /** The token the instances send each other (configured or derived). */
  final String peerToken;

  final String masterKey = SecretBox.generateMasterKey();

  record Answer(int status, String body, JsonNode json, HttpResponse<String> raw) {
    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }

  ApiFixture(KafkaCluster cluster, Map<String, String> overrides) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("HOOKLINE_KAFKA_BOOTSTRAP", cluster.bootstrapServers());
    env.put("HOOKLINE_TOPIC_PREFIX", cluster.topicPrefix());
    env.put("HOOKLINE_TOPIC_PARTITIONS", "3");
    env.put("HOOKLINE_HTTP_HOST", "127.0.0.1");
    env.put("HOOKLINE_HTTP_PORT", "0");
    env.put("HOOKLINE_STATUS_PEER_PORT", "0");
    env.put("HOOKLINE_API_TOKEN", TOKEN);
    env.put("HOOKLINE_MASTER_KEY", masterKey);
    // Endpoints on loopback: creating one resolves nothing and nothing here sends to it.
    env.put("HOOKLINE_DISPATCH_ALLOWED_NETWORKS", "127.0.0.0/8");
    env.putAll(overrides);
    IngestConfig config = IngestConfig.fromEnv(Env.of(env));
    ingest = IngestService.start(config);
    base = "http://127.0.0.1:" + ingest.port();
    peerBase = "http://127.0.0.1:" + ingest.peerPort();
    peerToken = config.statusPeerToken();
  }

  Answer post(String path, String body) {
    return send("POST", path, body, Map.of());
  }

  Answer get(String path) {
    return send("GET", path, null, Map.of());
  }

  /** GETs {@code path} from the peer listener with {@code token} (none if null). */
  Answer askPeer(String path, String token) {
    return send(peerBase, token, "GET", path, null, Map.of());
  }

  Answer send(String method, String path, String body, Map<String, String> headers) {
    return send(base, TOKEN, method, path, body, headers);
  }

  private static Answer send(
      String base,
      String token,
      String method,
      String path,
      String body,
      Map<String, String> headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    headers.forEach(b::setHeader);
    try {
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      boolean isJson =
          r.headers().firstValue("Content-Type").orElse("").startsWith("application/json");
      JsonNode json = r.body().isEmpty() || !isJson ? null : Json.mapper().readTree(r.body());
      return new Answer(r.statusCode(), r.body(), json, r);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Creates an endpoint of {@code tenant} and returns its id. */
  String endpoint(String tenant, String extraJson) {
    Answer a =
        post(
            "/v1/endpoints",
            "{\"tenant\":\"" + tenant + "\",\"url\":\"http://127.0.0.1:9/x\"" + extraJson + "}");
    if (a.status() != 201) {
      throw new IllegalStateException(a.body());
    }
    return a.json().get("id").asText();
  }

  @Override
  public void close() {
    ingest.close();
  }
}
