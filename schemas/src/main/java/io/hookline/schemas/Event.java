package io.hookline.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;

/**
 * Something that happened in a tenant's system, to be sent to every endpoint subscribed to its
 * type. Key on {@code webhooks.events}: the tenant id. Every event is valid by construction: the
 * same rules hold for one posted to the API and one produced straight to Kafka (read through {@link
 * EventInput}, which also fills in what a producer may leave out).
 *
 * @param id client-given or generated ({@code evt_} + time-ordered random); the receiver's
 *     de-duplication key ({@code webhook-id})
 * @param endpointId when set, the event goes to this one endpoint only
 * @param metadata free-form string labels, never sent to receivers
 */
@JsonPropertyOrder({"v", "id", "tenant", "type", "timestamp", "data", "endpointId", "metadata"})
@JsonIgnoreProperties(value = "v", allowGetters = true)
public record Event(
    String id,
    String tenant,
    String type,
    Instant timestamp,
    ObjectNode data,
    String endpointId,
    Map<String, String> metadata)
    implements WireRecord {

  public static final String TYPE_FORM = "a dotted event type such as order.created";

  public Event {
    Identifiers.requireId(id, "id");
    Identifiers.requireTenant(tenant, "tenant");
    Fields.required(type, "type");
    if (!EventTypePattern.isValidType(type) || type.length() > 255) {
      throw new InvalidRecordException("type", "'type' must be " + TYPE_FORM);
    }
    Fields.required(timestamp, "timestamp");
    Fields.required(data, "data");
    if (endpointId != null) {
      Identifiers.requireId(endpointId, "endpointId");
    }
    for (var e : metadata == null ? Map.<String, String>of().entrySet() : metadata.entrySet()) {
      if (e.getKey().isEmpty() || e.getKey().length() > 128) {
        throw new InvalidRecordException("metadata", "'metadata' keys must be 1-128 characters");
      }
      if (e.getValue() == null) {
        String f = "metadata." + e.getKey();
        throw new InvalidRecordException(f, "'" + f + "' must be a string");
      }
    }
    metadata = Fields.mapOrEmpty(metadata);
  }
}
