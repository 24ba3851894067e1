package io.hookline.dispatcher.internal;

import io.hookline.core.crypto.SecretBox;
import io.hookline.core.endpoints.EndpointDirectory;
import io.hookline.core.webhook.WebhookRequest;
import io.hookline.dispatcher.http.HttpResult;
import io.hookline.dispatcher.http.HttpSender;
import io.hookline.schemas.DeadLetterReason;
import io.hookline.schemas.Delivery;
import io.hookline.schemas.Endpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Makes one delivery attempt: finds the endpoint, sends it the signed request ({@link
 * WebhookRequest}) and hands what happened to {@link Outcomes}. Blocks for the duration of the HTTP
 * exchange: call it on a virtual thread. Thread-safe.
 *
 * <p>The endpoint is read from the directory when the attempt starts, not when the poll loop queued
 * the delivery: a send may wait in its lane (rate limit, in-flight cap) while the endpoint is
 * disabled, deleted, re-pointed or given a new secret, and it must go out as the endpoint is now.
 */
public final class Attempter {
  private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(10);
  private final EndpointDirectory directory;
  private final SigningKeys keys;
  private final HttpSender sender;
  private final Outcomes outcomes;
  private final Duration defaultTimeout;
  private final Clock clock;
  private final Timer requestDuration;
  private final Timer deliveryLatency;

  public Attempter(
      EndpointDirectory directory,
      SecretBox secretBox,
      HttpSender sender,
      Outcomes outcomes,
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
    this.outcomes = outcomes;
    this.defaultTimeout = defaultTimeout;
    this.clock = clock;
  }

  public Outcome attempt(Delivery delivery) {
    Optional<Endpoint> found = lookUp(delivery.endpointId());
    if (found.isEmpty()) {
      return outcomes.notSent(delivery, DeadLetterReason.ENDPOINT_DELETED);
    }
    Endpoint endpoint = found.get();
    if (!endpoint.enabled()) {
      return outcomes.notSent(delivery, DeadLetterReason.ENDPOINT_DISABLED);
    }
    Instant startedAt = clock.instant();
    int number = delivery.attempt() + 1;
    HttpResult result =
        sender.send(request(delivery, endpoint, number, startedAt), timeoutOf(endpoint));
    requestDuration.record(Duration.ofMillis(result.durationMs()));
    if (result instanceof HttpResult.Delivered) {
      deliveryLatency.record(Duration.between(delivery.createdAt(), clock.instant()));
    }
    return outcomes.of(delivery, number, startedAt, result);
  }

  private WebhookRequest request(
      Delivery delivery, Endpoint endpoint, int number, Instant startedAt) {
    return WebhookRequest.attempt(
        URI.create(endpoint.url()),
        delivery.eventId(),
        delivery.eventType(),
        number,
        startedAt,
        delivery.payload().getBytes(StandardCharsets.UTF_8),
        keys.liveSecrets(endpoint, startedAt),
        endpoint.headers());
  }

  private Duration timeoutOf(Endpoint endpoint) {
    return endpoint.timeoutMs() == null ? defaultTimeout : Duration.ofMillis(endpoint.timeoutMs());
  }

  private Optional<Endpoint> lookUp(String endpointId) {
    try {
      return directory.getSynced(endpointId, SYNC_TIMEOUT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while looking up " + endpointId, e);
    }
  }
}
