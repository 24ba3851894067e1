package io.hookline.ingest.status.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Asks other ingest-service instances for what their stores hold, over their internal {@code
 * /v1/internal/status/...} routes, with the API token every instance shares. Never throws: a peer
 * that does not answer in time completes as {@link Answer#unreachable}. Thread-safe.
 *
 * <p>Peers are the hosts the status application's Kafka group lists ({@code application.server}),
 * so whoever may join that group is sent the token: restrict the group with Kafka ACLs where the
 * cluster is shared.
 */
public final class Peers implements AutoCloseable {
  /** What a peer answered; status 0 when it did not answer at all. */
  public record Answer(int status, byte[] body, String problem) {
    static Answer unreachable(String problem) {
      return new Answer(0, new byte[0], problem);
    }
  }

  private final HttpClient http;
  private final String scheme;
  private final String authorization;
  private final Duration timeout;

  public Peers(String scheme, String apiToken, Duration timeout) {
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    this.scheme = scheme;
    this.authorization = "Bearer " + apiToken;
    this.timeout = timeout;
  }

  /** Closes the HTTP client (its selector thread) once queries have stopped. */
  @Override
  public void close() {
    http.close();
  }

  /** The base URL of a peer, as it advertises itself in {@code application.server}. */
  public String urlOf(HostInfo host) {
    return scheme + "://" + host.host() + ":" + host.port();
  }

  /** GETs {@code pathAndQuery} (already encoded) from {@code host}. */
  public CompletableFuture<Answer> get(HostInfo host, String pathAndQuery) {
    String where = urlOf(host);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(where + pathAndQuery))
            .timeout(timeout)
            .header("Authorization", authorization)
            .GET()
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
        .thenApply(r -> new Answer(r.statusCode(), r.body(), null))
        .exceptionally(
            e ->
                Answer.unreachable(
                    "instance "
                        + where
                        + " did not answer: "
                        + rootCause(e).getClass().getSimpleName()));
  }

  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }
}
