package io.hookline.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

/**
 * One event to be sent to one endpoint. Key on {@code webhooks.deliveries} and every retry tier:
 * the endpoint id. The retry state lives here, in the message.
 *
 * @param id {@code dlv_…}, one per event × endpoint, stable across retries
 * @param payload the exact request body to send
 * @param attempt attempts already made; 0 when fresh
 * @param createdAt when the fan-out (or a replay) wrote it; the maximum delivery age counts from it
 * @param firstAttemptAt when attempt 1 started; {@code null} before it
 * @param replayOf the DLQ entry this delivery replays, if it does
 * @param acceptedAt when its event was accepted: the timestamp of the event's record on {@code
 *     webhooks.events} (the API's 202, or the producing service's send), or the replay's time for a
 *     replay. Acceptance-to-delivery latency counts from it. {@code null} in records written before
 *     Hookline carried it.
 */
@JsonPropertyOrder({
  "v",
  "id",
  "eventId",
  "endpointId",
  "tenant",
  "eventType",
  "payload",
  "attempt",
  "createdAt",
  "acceptedAt",
  "firstAttemptAt",
  "lastStatus",
  "lastError",
  "replayOf"
})
@JsonIgnoreProperties(value = "v", allowGetters = true)
public record Delivery(
    String id,
    String eventId,
    String endpointId,
    String tenant,
    String eventType,
    String payload,
    @JsonProperty(required = true) int attempt,
    Instant createdAt,
    Instant firstAttemptAt,
    Integer lastStatus,
    String lastError,
    SourceRef replayOf,
    Instant acceptedAt)
    implements WireRecord {

  public Delivery {
    Fields.requiredText(id, "id");
    Fields.requiredText(eventId, "eventId");
    Fields.requiredText(endpointId, "endpointId");
    Fields.requiredText(tenant, "tenant");
    Fields.requiredText(eventType, "eventType");
    Fields.required(payload, "payload");
    Fields.nonNegative(attempt, "attempt");
    Fields.required(createdAt, "createdAt");
  }

  /** A fresh delivery: no attempt made yet. */
  public static Delivery fresh(
      String id,
      String eventId,
      String endpointId,
      String tenant,
      String eventType,
      String payload,
      Instant createdAt,
      Instant acceptedAt) {
    return new Delivery(
        id,
        eventId,
        endpointId,
        tenant,
        eventType,
        payload,
        0,
        createdAt,
        null,
        null,
        null,
        null,
        acceptedAt);
  }

  /** This delivery after one more failed attempt that started at {@code startedAt}. */
  public Delivery afterFailedAttempt(Instant startedAt, Integer status, String error) {
    Instant first = firstAttemptAt == null ? startedAt : firstAttemptAt;
    return new Delivery(
        id,
        eventId,
        endpointId,
        tenant,
        eventType,
        payload,
        attempt + 1,
        createdAt,
        first,
        status,
        error,
        replayOf,
        acceptedAt);
  }
}
