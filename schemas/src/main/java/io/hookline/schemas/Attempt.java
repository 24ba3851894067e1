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
  "next"
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
    String next)
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
}
