package io.hookline.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A receiver of webhooks. Key on the compacted {@code webhooks.endpoints} topic: the endpoint id; a
 * tombstone deletes it.
 *
 * @param eventTypes the types it subscribes to; empty means all; {@code order.*} matches every type
 *     under {@code order.}
 * @param secrets encrypted signing secrets; the newest signs, older ones keep signing until their
 *     {@code expiresAt}
 * @param rateLimit {@code null} means unlimited
 * @param maxInFlight concurrent requests to this endpoint; {@code null} means the dispatcher's
 *     default
 * @param timeoutMs total request timeout; {@code null} means the dispatcher's default
 * @param headers extra request headers sent with every delivery
 */
@JsonPropertyOrder({
  "v",
  "id",
  "tenant",
  "url",
  "description",
  "eventTypes",
  "secrets",
  "rateLimit",
  "maxInFlight",
  "timeoutMs",
  "headers",
  "enabled",
  "disabledReason",
  "createdAt",
  "updatedAt"
})
@JsonIgnoreProperties(value = "v", allowGetters = true)
public record Endpoint(
    String id,
    String tenant,
    String url,
    String description,
    List<String> eventTypes,
    List<EndpointSecret> secrets,
    RateLimit rateLimit,
    Integer maxInFlight,
    Integer timeoutMs,
    Map<String, String> headers,
    @JsonProperty(required = true) boolean enabled,
    String disabledReason,
    Instant createdAt,
    Instant updatedAt)
    implements WireRecord {

  public Endpoint {
    Fields.requiredText(id, "id");
    Fields.requiredText(tenant, "tenant");
    Fields.requiredText(url, "url");
    eventTypes = Fields.listOrEmpty(eventTypes);
    secrets = Fields.listOrEmpty(secrets);
    headers = Fields.mapOrEmpty(headers);
    Fields.required(createdAt, "createdAt");
    Fields.required(updatedAt, "updatedAt");
    if (maxInFlight != null && maxInFlight <= 0) {
      throw new InvalidRecordException("maxInFlight", "'maxInFlight' must be > 0");
    }
    if (timeoutMs != null && timeoutMs <= 0) {
      throw new InvalidRecordException("timeoutMs", "'timeoutMs' must be > 0");
    }
  }

  /** Whether this endpoint subscribes to events of {@code type}. */
  public boolean subscribesTo(String type) {
    return EventTypePattern.anyMatches(eventTypes, type);
  }
}
