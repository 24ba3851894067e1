package io.hookline.dispatcher.http;

import io.hookline.core.net.EgressPolicy;
import io.hookline.core.webhook.WebhookRequest;
import io.hookline.dispatcher.http.HttpResult.Delivered;
import io.hookline.dispatcher.http.HttpResult.Failed;
import io.hookline.dispatcher.http.HttpResult.Gone;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The HTTP boundary of the dispatcher: POSTs one webhook and classifies the outcome once, as an
 * {@link HttpResult}. Wraps one pooled, keep-alive Apache HttpClient that never follows redirects,
 * never retries, keeps no cookies and asks for no compression. Every connection goes through the
 * {@link EgressPolicy}, checked on the address actually connected to.
 *
 * <p>Thread-safe: meant to be shared by many virtual threads. {@link #send} blocks the calling
 * thread for at most about its timeout, plus the time DNS resolution takes.
 */
public final class HttpSender implements AutoCloseable {
  private static final ContentType JSON = ContentType.create(WebhookRequest.CONTENT_TYPE);
  private static final int MAX_LOCATION_CHARS = 200;

  private final HttpSenderConfig config;
  private final Clock clock;
  private final CloseableHttpClient client;
  private final ScheduledThreadPoolExecutor deadlines;
  private volatile boolean closed;

  /** A sender with the system resolver and clock. */
  public HttpSender(HttpSenderConfig config, EgressPolicy policy) {
    this(config, policy, Clock.systemUTC());
  }

  /** A sender that reads {@code clock} to interpret {@code Retry-After} dates. */
  public HttpSender(HttpSenderConfig config, EgressPolicy policy, Clock clock) {
    this(config, policy, clock, SystemDefaultDnsResolver.INSTANCE);
  }

  /** A sender that resolves names with {@code resolver} before applying {@code policy}. */
  HttpSender(HttpSenderConfig config, EgressPolicy policy, Clock clock, DnsResolver resolver) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.client =
        HttpClients.custom()
            .setConnectionManager(GuardedConnectionManager.build(config, policy, resolver))
            .disableRedirectHandling()
            .disableAutomaticRetries()
            .disableCookieManagement()
            .disableContentCompression()
            .disableAuthCaching()
            // Every request names its own (WebhookRequest): none of the client's.
            .disableDefaultUserAgent()
            .evictIdleConnections(TimeValue.ofSeconds(30))
            .build();
    this.deadlines =
        new ScheduledThreadPoolExecutor(
            1, Thread.ofPlatform().name("hookline-http-deadlines").daemon().factory());
    this.deadlines.setRemoveOnCancelPolicy(true);
  }

  /** {@link #send(WebhookRequest, Duration)} with the configured default timeout. */
  public HttpResult send(WebhookRequest request) {
    return send(request, config.defaultTimeout());
  }

  /**
   * POSTs the request's body as {@code application/json} to its URL with its headers, and
   * classifies the outcome. Never throws for network problems, bad URLs or bad headers: they become
   * a {@link Failed}.
   *
   * <p>Blocks until the response status and at most {@value ResponseBody#SNIPPET_BYTES} bytes of
   * its body have arrived, or {@code timeout} has passed, whichever comes first: the timeout is a
   * hard deadline for connecting, sending and receiving, enforced by aborting the exchange. Once
   * the status has arrived it decides the outcome; a body that breaks off only shortens the
   * snippet.
   *
   * @throws IllegalArgumentException if {@code timeout} is not positive
   */
  public HttpResult send(WebhookRequest request, Duration timeout) {
    Objects.requireNonNull(request, "request");
    URI url = request.url();
    Map<String, String> headers = request.headers();
    byte[] body = request.body();
    HttpSenderConfig.requireTimeout(timeout, "timeout");
    long started = System.nanoTime();
    if (closed) {
      return Failed.withoutResponse("sender is closed", 0);
    }
    Optional<String> invalid =
        RequestChecks.invalidUrl(url).or(() -> RequestChecks.invalidHeader(headers));
    if (invalid.isPresent()) {
      return Failed.withoutResponse(invalid.get(), elapsedMs(started));
    }
    HttpPost post = newPost(url, headers, body, timeout);
    Deadline deadline = new Deadline(post);
    ScheduledFuture<?> timer =
        deadlines.schedule(deadline::expire, timeout.toNanos(), TimeUnit.NANOSECONDS);
    try {
      return exchange(post, deadline, started);
    } catch (IOException e) {
      long durationMs = elapsedMs(started);
      if (deadline.expired()) {
        return Failed.withoutResponse("timed out after " + timeout.toMillis() + " ms", durationMs);
      }
      if (Thread.currentThread().isInterrupted()) {
        return Failed.withoutResponse("interrupted", durationMs);
      }
      String error =
          Failures.describe(
              e, url.getHost(), timeout.toMillis(), config.connectTimeout().toMillis());
      return Failed.withoutResponse(error, durationMs);
    } finally {
      timer.cancel(false);
    }
  }

  /**
   * Closes the pooled connections and stops the deadline timer. Sends in flight fail; later sends
   * return a {@link Failed} at once.
   */
  @Override
  public void close() {
    closed = true;
    client.close(CloseMode.GRACEFUL);
    deadlines.shutdownNow();
  }

  private HttpResult exchange(HttpPost post, Deadline deadline, long started) throws IOException {
    ClassicHttpResponse response = client.executeOpen(null, post, null);
    try {
      ResponseBody body = ResponseBody.read(response.getEntity());
      deadline.finish();
      return classify(response, body.snippet(), elapsedMs(started));
    } finally {
      closeQuietly(response);
    }
  }

  private HttpResult classify(ClassicHttpResponse response, String snippet, long durationMs) {
    int status = response.getCode();
    if (status >= 200 && status < 300) {
      return new Delivered(status, snippet, durationMs);
    }
    if (status == 410) {
      return new Gone(status, snippet, durationMs);
    }
    if (status >= 300 && status < 400) {
      String error = "HTTP " + status + " redirect not followed" + location(response);
      return new Failed(status, error, Optional.empty(), snippet, durationMs);
    }
    Optional<Duration> retryAfter = Optional.empty();
    if (status == 429 || status == 503) {
      Header header = response.getFirstHeader("Retry-After");
      retryAfter =
          RetryAfter.parse(
              header == null ? null : header.getValue(), clock.instant(), config.maxRetryAfter());
    }
    return new Failed(status, "HTTP " + status, retryAfter, snippet, durationMs);
  }

  private static HttpPost newPost(
      URI url, Map<String, String> headers, byte[] body, Duration timeout) {
    HttpPost post = new HttpPost(url);
    post.setConfig(
        RequestConfig.custom()
            .setResponseTimeout(Timeout.of(timeout))
            .setConnectionRequestTimeout(Timeout.of(timeout))
            .setHardCancellationEnabled(true)
            .setExpectContinueEnabled(false)
            .setRedirectsEnabled(false)
            .setAuthenticationEnabled(false)
            .build());
    headers.forEach(post::setHeader);
    post.setEntity(new ByteArrayEntity(body, JSON));
    return post;
  }

  private static String location(ClassicHttpResponse response) {
    Header location = response.getFirstHeader("Location");
    if (location == null) {
      return "";
    }
    String value = location.getValue();
    if (value.length() > MAX_LOCATION_CHARS) {
      value = value.substring(0, MAX_LOCATION_CHARS) + "…";
    }
    return " (Location: " + value + ")";
  }

  private static void closeQuietly(ClassicHttpResponse response) {
    try {
      response.close();
    } catch (IOException e) {
      // The outcome is known; a connection that fails to close is simply not reused.
    }
  }

  private static long elapsedMs(long startedNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
  }

  /**
   * Aborts the exchange when the timer fires first. Whichever of {@link #expire} and {@link
   * #finish} comes first wins; the other does nothing.
   */
  private static final class Deadline {
    private final HttpPost post;
    private final AtomicBoolean settled = new AtomicBoolean();
    private volatile boolean expired;

    Deadline(HttpPost post) {
      this.post = post;
    }

    /** Called on the timer thread; closes the connection, failing any blocked read or connect. */
    void expire() {
      if (settled.compareAndSet(false, true)) {
        expired = true;
        post.cancel();
      }
    }

    void finish() {
      settled.compareAndSet(false, true);
    }

    boolean expired() {
      return expired;
    }
  }
}
