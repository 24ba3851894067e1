package io.hookline.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;

/**
 * Something that happened in a tenant's system, to be sent to every endpoint subscribed to its
 * type. Key on {@code webhooks.events}: the tenant id.
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

  public Event {
    Fields.requiredText(id, "id");
    Fields.requiredText(tenant, "tenant");
    Fields.requiredText(type, "type");
    Fields.required(timestamp, "timestamp");
    Fields.required(data, "data");
    metadata = Fields.mapOrEmpty(metadata);
  }
}
