package io.hookline.ingest.status.internal;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.hookline.core.retry.Retries;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks other ingest-service instances for what their stores hold, over the {@code
 * /v1/internal/status/...} routes of their peer listeners, with the peer token every instance
 * shares. Never throws: a peer that does not answer in time completes as {@link
 * Answer#unreachable}. Thread-safe.
 *
 * <p>A peer that refused the connection or answered 503 (it is starting, or its stores are moving)
 * is asked again ({@link #PEER_QUERY}, counted as {@code resilience4j_retry_calls_total
 * {name="status-peer"}}); one that timed out is not. A query waits for about one query timeout when
 * a peer is silent, and up to three (plus 300 ms) when it keeps answering 503 slowly.
 *
 * <p>Peers are the hosts the status application's Kafka group lists ({@code application.server}),
 * so whoever may join that group is sent the token: restrict the group with Kafka ACLs where the
 * cluster is shared.
 */
public final class Peers implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Peers.class);
  private static final long TOKEN_WARNING_EVERY_NANOS = Duration.ofMinutes(1).toNanos();

  /** Three tries in all, 100 ms and then 200 ms apart, while the answer is {@link #retriable}. */
  static final RetryConfig PEER_QUERY =
      RetryConfig.<Answer>custom()
          .maxAttempts(3)
          .intervalFunction(IntervalFunction.ofExponentialBackoff(Duration.ofMillis(100), 2.0))
          .retryOnResult(Answer::retriable)
          .build();

  /** What a peer answered; status 0 when it did not answer at all. */
  public record Answer(int status, byte[] body, String problem, boolean timedOut) {
    static Answer unreachable(String problem, boolean timedOut) {
      return new Answer(0, new byte[0], problem, timedOut);
    }

    /** Worth asking again at once: refused or reset, or 503; not a timeout or any other answer. */
    boolean retriable() {
      return status == 503 || (status == 0 && !timedOut);
    }
  }

  private final HttpClient http;
  private final String scheme;
  private final String authorization;
  private final Duration timeout;
  private final Retry retry;
  private final AtomicLong lastTokenWarning =
      new AtomicLong(System.nanoTime() - TOKEN_WARNING_EVERY_NANOS);
  private final ScheduledExecutorService retryTimer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("status-peer-retry").daemon().factory());

  public Peers(String scheme, String peerToken, Duration timeout, Retries retries) {
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    this.scheme = scheme;
    this.authorization = "Bearer " + peerToken;
    this.timeout = timeout;
    this.retry = retries.retry("status-peer", PEER_QUERY);
  }

  /** Closes the HTTP client (its selector thread) once queries have stopped. */
  @Override
  public void close() {
    // Retries already waiting their backoff still run (and complete their queries) first.
    retryTimer.shutdown();
    try {
      retryTimer.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    http.close();
  }

  /** The base URL of a peer's listener, as it advertises itself in {@code application.server}. */
  public String urlOf(HostInfo host) {
    return scheme + "://" + host.host() + ":" + host.port();
  }

  /** GETs {@code pathAndQuery} (already encoded) from {@code host}. */
  public CompletableFuture<Answer> get(HostInfo host, String pathAndQuery) {
    return retry
        .executeCompletionStage(retryTimer, () -> getOnce(host, pathAndQuery))
        .toCompletableFuture();
  }

  private CompletableFuture<Answer> getOnce(HostInfo host, String pathAndQuery) {
    String where = urlOf(host);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(where + pathAndQuery))
            .timeout(timeout)
            .header("Authorization", authorization)
            .GET()
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
        .thenApply(
            r -> {
              if (r.statusCode() == 401) {
                warnOfTokenMismatch(where);
              }
              return new Answer(r.statusCode(), r.body(), null, false);
            })
        .exceptionally(
            e -> {
              Throwable cause = rootCause(e);
              return Answer.unreachable(
                  "instance " + where + " did not answer: " + cause.getClass().getSimpleName(),
                  cause instanceof HttpTimeoutException);
            });
  }

  /**
   * A peer that refuses the token is a configuration mistake, not a rebalance: said at most once a
   * minute, naming the setting (never the token).
   */
  private void warnOfTokenMismatch(String where) {
    long last = lastTokenWarning.get();
    long now = System.nanoTime();
    if (now - last >= TOKEN_WARNING_EVERY_NANOS && lastTokenWarning.compareAndSet(last, now)) {
      log.warn(
          "instance {} refused this instance's status peer token (401): give every instance the"
              + " same HOOKLINE_STATUS_PEER_TOKEN, or none and the same HOOKLINE_API_TOKEN",
          where);
    }
  }

  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }
}
