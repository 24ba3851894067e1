package io.hookline.dispatcher.internal;

import io.hookline.core.crypto.SecretBox;
import io.hookline.core.endpoints.EndpointDirectory;
import io.hookline.core.webhook.WebhookRequest;
import io.hookline.dispatcher.http.HttpResult;
import io.hookline.dispatcher.http.HttpSender;
import io.hookline.schemas.Attempt;
import io.hookline.schemas.DeadLetter;
import io.hookline.schemas.DeadLetterReason;
import io.hookline.schemas.Delivery;
import io.hookline.schemas.Endpoint;
import io.hookline.schemas.RetryTier;
import io.hookline.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Makes one delivery attempt: looks the endpoint up, signs and sends the request, and decides the
 * {@link Outcome}. Blocks for the duration of the HTTP exchange: call it on a virtual thread.
 * Thread-safe.
 */
public final class Attempter {
  private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(10);
  private final EndpointDirectory directory;
  private final SigningKeys keys;
  private final HttpSender sender;
  private final Topics topics;
  private final Duration defaultTimeout;
  private final Clock clock;
  private final Timer requestDuration;
  private final Timer deliveryLatency;

  public Attempter(
      EndpointDirectory directory,
      SecretBox secretBox,
      HttpSender sender,
      Topics topics,
      Duration defaultTimeout,
      Clock clock,
      MeterRegistry registry) {
    this.requestDuration =
        Timer.builder("hookline.dispatch.request.duration")
            .description("HTTP exchange with the endpoint, whatever its outcome")
            .publishPercentileHistogram()
            .register(registry);
    this.deliveryLatency =
        Timer.builder("hookline.dispatch.delivery.latency")
            .description("delivery created (fan-out) to delivered, across retries")
            .publishPercentileHistogram()
            .register(registry);
    this.directory = directory;
    this.keys = new SigningKeys(secretBox);
    this.sender = sender;
    this.topics = topics;
    this.defaultTimeout = defaultTimeout;
    this.clock = clock;
  }

  public Outcome attempt(Delivery delivery) {
    Optional<Endpoint> found = lookUp(delivery.endpointId());
    if (found.isEmpty()) {
      return dead(delivery, DeadLetterReason.ENDPOINT_DELETED);
    }
    Endpoint endpoint = found.get();
    if (!endpoint.enabled()) {
      return dead(delivery, DeadLetterReason.ENDPOINT_DISABLED);
    }
    Instant startedAt = clock.instant();
    int number = delivery.attempt() + 1;
    WebhookRequest request =
        WebhookRequest.attempt(
            URI.create(endpoint.url()),
            delivery.eventId(),
            delivery.eventType(),
            number,
            startedAt,
            delivery.payload().getBytes(StandardCharsets.UTF_8),
            keys.liveSecrets(endpoint, startedAt),
            endpoint.headers());
    Duration timeout =
        endpoint.timeoutMs() == null ? defaultTimeout : Duration.ofMillis(endpoint.timeoutMs());

    HttpResult result = sender.send(request, timeout);
    requestDuration.record(Duration.ofMillis(result.durationMs()));
    if (result instanceof HttpResult.Delivered) {
      deliveryLatency.record(Duration.between(delivery.createdAt(), clock.instant()));
    }
    return decide(delivery, number, startedAt, result);
  }

  /**
   * The endpoint, or empty when it is deleted. A miss may only mean the directory has not read the
   * endpoint yet (it was created a moment ago), so a miss waits for the directory to catch up with
   * the topic before it counts.
   */
  private Optional<Endpoint> lookUp(String endpointId) {
    Optional<Endpoint> found = directory.get(endpointId);
    if (found.isPresent()) {
      return found;
    }
    try {
      if (!directory.awaitSynced(SYNC_TIMEOUT)) {
        throw new IllegalStateException(
            "endpoint directory could not catch up within " + SYNC_TIMEOUT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while looking up " + endpointId, e);
    }
    return directory.get(endpointId);
  }

  /**
   * The endpoint's lane is full: defer the delivery to the first tier, attempt count unchanged, so
   * the partition keeps moving.
   */
  public Outcome throttled(Delivery delivery, int backlogCap) {
    RetryTier first = topics.tiers().first();
    Attempt record =
        Attempt.of(delivery, delivery.attempt() + 1, clock.instant())
            .throttled(
                "deferred: endpoint backlog is full (" + backlogCap + " waiting)",
                topics.retry(first));
    return new Outcome.Throttled(record, first, delivery);
  }

  /** The outcome of an attempt that failed inside the dispatcher: retried like any failure. */
  public Outcome failedInternally(Delivery delivery, RuntimeException error) {
    String message =
        "dispatcher error: " + error.getClass().getSimpleName() + ": " + error.getMessage();
    HttpResult failed = new HttpResult.Failed(null, message, Optional.empty(), null, 0);
    return decide(delivery, delivery.attempt() + 1, clock.instant(), failed);
  }

  private Outcome decide(Delivery delivery, int number, Instant startedAt, HttpResult result) {
    Attempt.Started attempt = Attempt.of(delivery, number, startedAt);
    return switch (result) {
      case HttpResult.Delivered ok ->
          new Outcome.Delivered(attempt.delivered(ok.durationMs(), ok.status(), ok.snippet()));
      case HttpResult.Gone gone -> {
        Delivery last = delivery.afterFailedAttempt(startedAt, gone.status(), "HTTP 410 Gone");
        yield new Outcome.Dead(
            Optional.of(
                attempt.dead(
                    gone.durationMs(),
                    gone.status(),
                    last.lastError(),
                    gone.snippet(),
                    topics.dlq())),
            DeadLetter.of(last, DeadLetterReason.ENDPOINT_GONE, clock.instant()));
      }
      case HttpResult.Failed failed -> {
        Delivery next = delivery.afterFailedAttempt(startedAt, failed.status(), failed.error());
        Optional<RetryTier> tier = topics.tiers().tierAfter(number, failed.retryAfter());
        if (tier.isEmpty()) {
          yield new Outcome.Dead(
              Optional.of(
                  attempt.dead(
                      failed.durationMs(),
                      failed.status(),
                      failed.error(),
                      failed.snippet(),
                      topics.dlq())),
              DeadLetter.of(next, DeadLetterReason.EXHAUSTED, clock.instant()));
        }
        yield new Outcome.Retry(
            attempt.retrying(
                failed.durationMs(),
                failed.status(),
                failed.error(),
                failed.snippet(),
                topics.retry(tier.get())),
            tier.get(),
            next);
      }
    };
  }

  private Outcome dead(Delivery delivery, DeadLetterReason reason) {
    return new Outcome.Dead(Optional.empty(), DeadLetter.of(delivery, reason, clock.instant()));
  }
}
