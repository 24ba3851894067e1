package io.hookline.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

/**
 * The record of one delivery attempt, written to {@code webhooks.attempts} for every attempt (and
 * for every throttled deferral). Key: the endpoint id.
 *
 * @param attempt 1-based number of this attempt
 * @param statusCode the HTTP status, {@code null} when no response was received
 * @param error why it failed, in plain words; {@code null} when delivered
 * @param responseSnippet at most 1 KiB of the response body
 * @param next the topic the delivery went to next, if any
 * @param acceptedAt the delivery's {@link Delivery#acceptedAt()}: when its event was accepted;
 *     {@code null} when the delivery did not carry it
 */
@JsonPropertyOrder({
  "v",
  "deliveryId",
  "eventId",
  "endpointId",
  "tenant",
  "attempt",
  "startedAt",
  "durationMs",
  "outcome",
  "statusCode",
  "error",
  "responseSnippet",
  "next",
  "acceptedAt"
})
@JsonIgnoreProperties(value = "v", allowGetters = true)
public record Attempt(
    String deliveryId,
    String eventId,
    String endpointId,
    String tenant,
    @JsonProperty(required = true) int attempt,
    Instant startedAt,
    @JsonProperty(required = true) long durationMs,
    AttemptOutcome outcome,
    Integer statusCode,
    String error,
    String responseSnippet,
    String next,
    Instant acceptedAt)
    implements WireRecord {

  public static final int MAX_SNIPPET_CHARS = 1024;

  public Attempt {
    Fields.requiredText(deliveryId, "deliveryId");
    Fields.requiredText(eventId, "eventId");
    Fields.requiredText(endpointId, "endpointId");
    Fields.requiredText(tenant, "tenant");
    Fields.nonNegative(attempt, "attempt");
    Fields.required(startedAt, "startedAt");
    Fields.required(outcome, "outcome");
    if (responseSnippet != null && responseSnippet.length() > MAX_SNIPPET_CHARS) {
      responseSnippet = responseSnippet.substring(0, MAX_SNIPPET_CHARS);
    }
  }

  /** Attempt {@code number} of {@code delivery}, started at {@code startedAt}: its outcomes. */
  public static Started of(Delivery delivery, int number, Instant startedAt) {
    return new Started(delivery, number, startedAt);
  }

  /** An attempt that has started; each method is one way it can end. */
  public record Started(Delivery delivery, int number, Instant startedAt) {
    /** Answered 2xx. */
    public Attempt delivered(long durationMs, int status, String snippet) {
      return end(durationMs, AttemptOutcome.DELIVERED, status, null, snippet, null);
    }

    /** Failed; the delivery goes on to {@code tierTopic}. */
    public Attempt retrying(
        long durationMs, Integer status, String error, String snippet, String tierTopic) {
      return end(durationMs, AttemptOutcome.RETRYING, status, error, snippet, tierTopic);
    }

    /** Failed for good; the delivery goes to {@code dlqTopic}. */
    public Attempt dead(
        long durationMs, Integer status, String error, String snippet, String dlqTopic) {
      return end(durationMs, AttemptOutcome.DEAD, status, error, snippet, dlqTopic);
    }

    /** Not sent: deferred to {@code tierTopic} because {@code why}. */
    public Attempt throttled(String why, String tierTopic) {
      return end(0, AttemptOutcome.THROTTLED, null, why, null, tierTopic);
    }

    private Attempt end(
        long durationMs,
        AttemptOutcome outcome,
        Integer status,
        String error,
        String snippet,
        String next) {
      return new Attempt(
          delivery.id(),
          delivery.eventId(),
          delivery.endpointId(),
          delivery.tenant(),
          number,
          startedAt,
          durationMs,
          outcome,
          status,
          error,
          snippet,
          next,
          delivery.acceptedAt());
    }
  }
}
