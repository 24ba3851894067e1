package io.hookline.dispatcher.internal;

import io.hookline.core.kafka.DeadLetters;
import io.hookline.dispatcher.http.HttpResult;
import io.hookline.schemas.Attempt;
import io.hookline.schemas.DeadLetter;
import io.hookline.schemas.DeadLetterReason;
import io.hookline.schemas.Delivery;
import io.hookline.schemas.RetryTier;
import io.hookline.schemas.Topics;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The dispatcher's decisions: what becomes of a delivery given what happened to it. A 2xx is
 * delivered; a 410 is dead at once; any other failure waits in the tier the retry schedule (and the
 * receiver's {@code Retry-After}) names, or is dead once the tiers are spent. Pure apart from the
 * clock; thread-safe.
 */
public final class Outcomes {
  private final Topics topics;
  private final Clock clock;

  public Outcomes(Topics topics, Clock clock) {
    this.topics = topics;
    this.clock = clock;
  }

  /**
   * The outcome of attempt {@code number}, started at {@code startedAt}, that got {@code result}.
   */
  public Outcome of(Delivery delivery, int number, Instant startedAt, HttpResult result) {
    Attempt.Started attempt = Attempt.of(delivery, number, startedAt);
    return switch (result) {
      case HttpResult.Delivered ok ->
          new Outcome.Delivered(attempt.delivered(ok.durationMs(), ok.status(), ok.snippet()));
      case HttpResult.Gone gone -> {
        Delivery last = delivery.afterFailedAttempt(startedAt, gone.status(), "HTTP 410 Gone");
        yield dead(
            attempt, gone.durationMs(), last, gone.snippet(), DeadLetterReason.ENDPOINT_GONE);
      }
      case HttpResult.Failed failed -> {
        Delivery next = delivery.afterFailedAttempt(startedAt, failed.status(), failed.error());
        Optional<RetryTier> tier = topics.tiers().tierAfter(number, failed.retryAfter());
        if (tier.isEmpty()) {
          yield dead(
              attempt, failed.durationMs(), next, failed.snippet(), DeadLetterReason.EXHAUSTED);
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

  /** Dead after an attempt: its record says so, and {@code last} (after it) goes to the DLQ. */
  private Outcome dead(
      Attempt.Started attempt,
      long durationMs,
      Delivery last,
      String snippet,
      DeadLetterReason reason) {
    return new Outcome.Dead(
        Optional.of(
            attempt.dead(durationMs, last.lastStatus(), last.lastError(), snippet, topics.dlq())),
        DeadLetter.of(last, reason, clock.instant()));
  }

  /**
   * The endpoint's lane is full: the delivery is deferred to the first tier, attempt count
   * unchanged, so the partition keeps moving.
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

  /** An attempt that failed inside the dispatcher: retried like any failure. */
  public Outcome failedInternally(Delivery delivery, RuntimeException error) {
    String message =
        "dispatcher error: " + error.getClass().getSimpleName() + ": " + error.getMessage();
    HttpResult failed = new HttpResult.Failed(null, message, Optional.empty(), null, 0);
    return of(delivery, delivery.attempt() + 1, clock.instant(), failed);
  }

  /** No request is made: the endpoint is deleted or disabled ({@code reason}). */
  public Outcome notSent(Delivery delivery, DeadLetterReason reason) {
    return new Outcome.Dead(Optional.empty(), DeadLetter.of(delivery, reason, clock.instant()));
  }

  /** The record is not a readable delivery: to the DLQ with its original bytes. */
  public Outcome poison(ConsumerRecord<String, byte[]> record, String error) {
    return new Outcome.Dead(
        Optional.empty(),
        DeadLetters.poisonDelivery(
            DeadLetters.sourceOf(record), record.key(), record.value(), error, clock.instant()));
  }
}
