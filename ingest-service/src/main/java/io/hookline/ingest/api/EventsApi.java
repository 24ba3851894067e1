package io.hookline.ingest.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.hookline.core.endpoints.EndpointDirectory;
import io.hookline.core.http.Exchange;
import io.hookline.core.http.HttpProblem;
import io.hookline.core.ids.Ids;
import io.hookline.schemas.Event;
import io.hookline.schemas.EventTypePattern;
import io.hookline.schemas.Json;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** {@code POST /v1/events}: validate, write to {@code webhooks.events}, answer 202 once acked. */
final class EventsApi {
  private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

  private final String topic;
  private final KafkaWriter writer;
  private final EndpointDirectory directory;
  private final Clock clock;
  private final int maxPayloadBytes;

  EventsApi(
      String topic,
      KafkaWriter writer,
      EndpointDirectory directory,
      Clock clock,
      int maxPayloadBytes) {
    this.topic = topic;
    this.writer = writer;
    this.directory = directory;
    this.clock = clock;
    this.maxPayloadBytes = maxPayloadBytes;
  }

  void post(HttpExchange exchange) throws IOException {
    JsonBody body = JsonBody.parse(Exchange.readBody(exchange, maxPayloadBytes));
    Event event = toEvent(body);
    if (directory.forTenant(event.tenant()).isEmpty()) {
      throw new HttpProblem(
          404,
          "unknown_tenant",
          "tenant '" + event.tenant() + "' has no endpoints; create one first",
          "tenant");
    }
    if (event.endpointId() != null
        && directory
            .get(event.endpointId())
            .filter(e -> e.tenant().equals(event.tenant()))
            .isEmpty()) {
      throw new HttpProblem(
          404,
          "unknown_endpoint",
          "endpoint '" + event.endpointId() + "' does not exist for tenant " + event.tenant(),
          "endpointId");
    }
    writer.write(topic, event.tenant(), Json.write(event));
    Exchange.sendJson(exchange, 202, Map.of("id", event.id(), "status", "accepted"));
  }

  private Event toEvent(JsonBody body) {
    String tenant = body.requiredText("tenant", Validation.TENANT, Validation.TENANT_FORM);
    String type = body.requiredText("type", TYPE, "a dotted event type such as order.created");
    if (!EventTypePattern.isValidType(type)) {
      throw HttpProblem.badRequest(
          "'type' must be a dotted event type such as order.created", "type");
    }
    ObjectNode data = body.requiredObject("data");
    String id =
        body.optionalText("id", Validation.ID, Validation.ID_FORM)
            .orElseGet(() -> Ids.eventId(clock));
    Instant timestamp =
        timestamp(body.optionalText("timestamp", null, null)).orElse(clock.instant());
    String endpointId =
        body.optionalText("endpointId", Validation.ID, Validation.ID_FORM).orElse(null);
    Map<String, String> metadata = body.optionalStringMap("metadata");
    return new Event(id, tenant, type, timestamp, data, endpointId, metadata);
  }

  private static Optional<Instant> timestamp(Optional<String> raw) {
    try {
      return raw.map(Instant::parse);
    } catch (DateTimeParseException e) {
      throw HttpProblem.badRequest(
          "'timestamp' must be RFC 3339 in UTC, e.g. 2026-01-31T12:00:00Z", "timestamp");
    }
  }
}
