package io.hookline.ingest.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.hookline.core.endpoints.EndpointDirectory;
import io.hookline.core.http.Exchange;
import io.hookline.core.http.HttpProblem;
import io.hookline.core.ids.Ids;
import io.hookline.schemas.Event;
import io.hookline.schemas.EventTypePattern;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code POST /v1/events} and {@code /v1/events/batch}: validate, write to {@code webhooks.events},
 * answer 202 once Kafka has every event. A retried POST is harmless: an event's id (client-given,
 * or derived from the {@code Idempotency-Key} header) is de-duplicated by the fan-out within the
 * idempotency window, and the answer names the same id.
 */
final class EventsApi {
  private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");
  private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");

  private final EventPublisher publisher;
  private final EndpointDirectory directory;
  private final Clock clock;
  private final int maxPayloadBytes;
  private final int maxBatch;

  EventsApi(
      EventPublisher publisher,
      EndpointDirectory directory,
      Clock clock,
      int maxPayloadBytes,
      int maxBatch) {
    this.publisher = publisher;
    this.directory = directory;
    this.clock = clock;
    this.maxPayloadBytes = maxPayloadBytes;
    this.maxBatch = maxBatch;
  }

  void register(Routes routes) {
    routes
        .add("POST", "/v1/events", (ex, req) -> post(ex))
        .add("POST", "/v1/events/batch", (ex, req) -> postBatch(ex))
        .add("POST", "/v1/events/validate", (ex, req) -> validate(ex));
  }

  /**
   * Checks an event exactly as {@code POST /v1/events} would, without writing it: 200 with the id
   * it would get, or the same 4xx. Lets clients test their payloads (and measures the API's cost
   * without Kafka, see {@code bench/run ingest}).
   */
  private void validate(HttpExchange exchange) throws IOException {
    JsonBody body = JsonBody.parse(Exchange.readBody(exchange, maxPayloadBytes));
    Event event = toEvent(body, idempotencyKey(exchange));
    requireKnownTargets(event, body);
    Exchange.sendJson(exchange, 200, Map.of("id", event.id(), "status", "valid"));
  }

  private void post(HttpExchange exchange) throws IOException {
    JsonBody body = JsonBody.parse(Exchange.readBody(exchange, maxPayloadBytes));
    Event event = toEvent(body, idempotencyKey(exchange));
    requireKnownTargets(event, body);
    publisher.publish(event);
    Exchange.sendJson(exchange, 202, Map.of("id", event.id(), "status", "accepted"));
  }

  /** All or nothing at validation; once valid, every event is written before the answer. */
  private void postBatch(HttpExchange exchange) throws IOException {
    JsonBody body = JsonBody.parse(Exchange.readBody(exchange, maxPayloadBytes * 4));
    Optional<String> key = idempotencyKey(exchange);
    List<JsonBody> items = body.requiredObjectArray("events", maxBatch);
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      int index = i;
      Event event = toEvent(items.get(i), key.map(k -> k + "#" + index));
      requireKnownTargets(event, items.get(i));
      events.add(event);
    }
    List<Map<String, String>> answers = new ArrayList<>();
    for (Event event : events) {
      publisher.publish(event);
      answers.add(Map.of("id", event.id(), "status", "accepted"));
    }
    Exchange.sendJson(exchange, 202, Map.of("data", answers));
  }

  private void requireKnownTargets(Event event, JsonBody body) {
    if (directory.forTenant(event.tenant()).isEmpty()) {
      throw new HttpProblem(
          404,
          "unknown_tenant",
          "tenant '" + event.tenant() + "' has no endpoints; create one first",
          body.fieldName("tenant"));
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
          body.fieldName("endpointId"));
    }
  }

  private Event toEvent(JsonBody body, Optional<String> idempotencyKey) {
    String tenant = body.requiredText("tenant", Validation.TENANT, Validation.TENANT_FORM);
    String type = body.requiredText("type", TYPE, "a dotted event type such as order.created");
    if (!EventTypePattern.isValidType(type)) {
      throw HttpProblem.badRequest(
          "'" + body.fieldName("type") + "' must be a dotted event type such as order.created",
          body.fieldName("type"));
    }
    ObjectNode data = body.requiredObject("data");
    String id =
        body.optionalText("id", Validation.ID, Validation.ID_FORM)
            .or(() -> idempotencyKey.map(k -> idFromKey(tenant, k)))
            .orElseGet(() -> Ids.eventId(clock));
    Instant timestamp = timestamp(body).orElse(clock.instant());
    String endpointId =
        body.optionalText("endpointId", Validation.ID, Validation.ID_FORM).orElse(null);
    Map<String, String> metadata = body.optionalStringMap("metadata");
    return new Event(id, tenant, type, timestamp, data, endpointId, metadata);
  }

  /** The same tenant and key always name the same event. */
  static String idFromKey(String tenant, String key) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((tenant + "\n" + key).getBytes(StandardCharsets.UTF_8));
      return "evt_k" + HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Optional<String> idempotencyKey(HttpExchange exchange) {
    String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
    if (key == null) {
      return Optional.empty();
    }
    if (!IDEMPOTENCY_KEY.matcher(key).matches()) {
      throw HttpProblem.badRequest(
          "'Idempotency-Key' must be 1-255 visible ASCII characters", "Idempotency-Key");
    }
    return Optional.of(key);
  }

  private static Optional<Instant> timestamp(JsonBody body) {
    try {
      return body.optionalText("timestamp", null, null).map(Instant::parse);
    } catch (DateTimeParseException e) {
      throw HttpProblem.badRequest(
          "'"
              + body.fieldName("timestamp")
              + "' must be RFC 3339 in UTC, e.g. 2026-01-31T12:00:00Z",
          body.fieldName("timestamp"));
    }
  }
}
