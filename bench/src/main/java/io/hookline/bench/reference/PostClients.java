package io.hookline.bench.reference;

import io.hookline.bench.harness.ClosedLoop;
import io.hookline.core.config.Env;
import io.hookline.core.crypto.SecretBox;
import io.hookline.core.signing.WebhookSecret;
import io.hookline.core.webhook.WebhookRequest;
import io.hookline.dispatcher.DispatcherConfig;
import io.hookline.dispatcher.http.HttpResult;
import io.hookline.dispatcher.http.HttpSender;
import io.hookline.dispatcher.http.HttpSenderConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpMethod;

/**
 * The HTTP clients the {@code http-clients} scenario compares. Each POSTs the same JSON body with
 * the same headers to one URL, blocking the calling (virtual) thread until the answer is read, and
 * throws on anything but a 2xx; each keeps at least {@code connections} pooled keep-alive
 * connections to the URL's host, so that no request waits for a connection.
 */
public final class PostClients {
  /** One client under test: a {@link ClosedLoop.Request} that owns its connections. */
  public interface PostClient extends ClosedLoop.Request, AutoCloseable {
    @Override
    void close() throws IOException;
  }

  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  private PostClients() {}

  /**
   * The webhook headers the dispatcher sends ({@link WebhookRequest}: Standard Webhooks id,
   * timestamp and signature, Hookline's attempt and type, its user-agent), signed once for {@code
   * body}: every client sends the same bytes, and no client pays for the signing.
   */
  public static Map<String, String> webhookHeaders(URI url, byte[] body) {
    return WebhookRequest.attempt(
            url,
            "msg_bench_http_clients",
            "bench.tick",
            1,
            Instant.now(),
            body,
            List.of(WebhookSecret.generate()),
            Map.of())
        .headers();
  }

  /**
   * Hookline's {@link HttpSender} exactly as the dispatcher-service builds it from its {@code
   * HOOKLINE_*} configuration (guarded resolver and sockets, lax pool, 8 KiB buffers, per-request
   * deadline), with loopback allowed and at least {@code connections} connections per route.
   */
  public static PostClient hookline(
      URI url, Map<String, String> headers, byte[] body, int connections) {
    Map<String, String> vars =
        Map.of(
            SecretBox.MASTER_KEY,
            SecretBox.generateMasterKey(),
            "HOOKLINE_DISPATCH_ALLOWED_NETWORKS",
            "127.0.0.0/8",
            "HOOKLINE_HTTP_MAX_CONNECTIONS_PER_ROUTE",
            String.valueOf(
                Math.max(HttpSenderConfig.DEFAULT_MAX_CONNECTIONS_PER_ROUTE, connections)));
    HttpSender sender = Senders.likeTheDispatcher(DispatcherConfig.fromEnv(Env.of(vars)));
    WebhookRequest request = new WebhookRequest(url, headers, body);
    return new PostClient() {
      @Override
      public void send() throws IOException {
        HttpResult result = sender.send(request);
        if (!(result instanceof HttpResult.Delivered)) {
          throw new IOException(
              result instanceof HttpResult.Failed f ? f.error() : result.toString());
        }
      }

      @Override
      public void close() {
        sender.close();
      }
    };
  }

  /**
   * Apache HttpClient 5 classic with its defaults (strict pool, 32 KiB buffers, no deadline timer,
   * redirects and retries as shipped) and a pool of {@code connections} to the one route: the bare
   * client under Hookline's sender.
   */
  public static PostClient apache(
      URI url, Map<String, String> headers, byte[] body, int connections) {
    CloseableHttpClient client =
        HttpClients.custom()
            .setConnectionManager(
                PoolingHttpClientConnectionManagerBuilder.create()
                    .setMaxConnTotal(connections)
                    .setMaxConnPerRoute(connections)
                    .build())
            .build();
    return new PostClient() {
      @Override
      public void send() throws IOException {
        HttpPost post = new HttpPost(url);
        headers.forEach(post::setHeader);
        post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
        int status =
            client.execute(
                post,
                response -> {
                  EntityUtils.consume(response.getEntity());
                  return response.getCode();
                });
        requireSuccess(status);
      }

      @Override
      public void close() throws IOException {
        client.close();
      }
    };
  }

  /**
   * The JDK's {@link HttpClient} over HTTP/1.1 with its default executor, called with the blocking
   * {@code send} from the load's virtual threads (it opens a connection per concurrent request).
   */
  public static PostClient jdk(URI url, Map<String, String> headers, byte[] body) {
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(HttpSenderConfig.DEFAULT_CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(url)
            .timeout(TIMEOUT)
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(builder::header);
    HttpRequest request = builder.build();
    return new PostClient() {
      @Override
      public void send() throws IOException, InterruptedException {
        requireSuccess(client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
      }

      @Override
      public void close() {
        client.close();
      }
    };
  }

  /**
   * Jetty 12's client with its defaults (its own thread pool for I/O and callbacks) and {@code
   * connections} connections per destination, called with the blocking {@code send}.
   */
  public static PostClient jetty(URI url, Map<String, String> headers, byte[] body, int connections)
      throws Exception {
    org.eclipse.jetty.client.HttpClient client = new org.eclipse.jetty.client.HttpClient();
    client.setMaxConnectionsPerDestination(connections);
    client.setFollowRedirects(false);
    client.start();
    return new PostClient() {
      @Override
      public void send() throws Exception {
        ContentResponse response =
            client
                .newRequest(url)
                .method(HttpMethod.POST)
                .headers(h -> headers.forEach(h::put))
                .body(new BytesRequestContent("application/json", body))
                .timeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .send();
        requireSuccess(response.getStatus());
      }

      @Override
      public void close() throws IOException {
        try {
          client.stop();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new IOException("cannot stop Jetty's client", e);
        }
      }
    };
  }

  private static void requireSuccess(int status) throws IOException {
    if (status < 200 || status >= 300) {
      throw new IOException("HTTP " + status);
    }
  }
}
