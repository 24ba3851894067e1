package io.hookline.ingest.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookline.core.endpoints.EndpointDirectory;
import io.hookline.core.http.HttpCall;
import io.hookline.core.http.HttpProblem;
import io.hookline.core.ids.Ids;
import io.hookline.ingest.http.ApiRouter;
import io.hookline.ingest.http.Bodies;
import io.hookline.schemas.Event;
import io.hookline.schemas.EventInput;
import io.hookline.schemas.InvalidRecordException;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code POST /v1/events} and {@code /v1/events/batch}: validate, write to {@code webhooks.events},
 * answer 202 once Kafka has every event. A retried POST is harmless: an event's id (client-given,
 * or derived from the {@code Idempotency-Key} header) is de-duplicated by the fan-out within the
 * idempotency window, and the answer names the same id. Events are read and checked by {@link
 * EventInput}, exactly as the fan-out reads one produced straight to Kafka; only unknown fields are
 * refused here and tolerated there.
 */
public final class EventsApi {
  private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");

  /** The body of {@code POST /v1/events/batch}. */
  record Batch(List<EventInput> events) {}

  private final EventPublisher publisher;
  private final EndpointDirectory directory;
  private final Clock clock;
  private final int maxPayloadBytes;
  private final int maxBatch;

  public EventsApi(
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

  public void register(ApiRouter api) {
    api.add("POST", "/v1/events", this::post);
    api.add("POST", "/v1/events/batch", this::postBatch);
    api.add("POST", "/v1/events/validate", this::validate);
  }

  /**
   * Checks an event exactly as {@code POST /v1/events} would, without writing it: 200 with the id
   * it would get, or the same 4xx. Lets clients test their payloads (and measures the API's cost
   * without Kafka, see {@code bench/run ingest}).
   */
  private void validate(HttpCall call) throws IOException {
    Event event = toEvent(Bodies.object(call, maxPayloadBytes), idempotencyKey(call), "");
    requireKnownTarget(event, "");
    call.respond(200, Map.of("id", event.id(), "status", "valid"));
  }

  private void post(HttpCall call) throws IOException {
    Event event = toEvent(Bodies.object(call, maxPayloadBytes), idempotencyKey(call), "");
    requireKnownTarget(event, "");
    publisher.publish(event);
    call.respond(202, Map.of("id", event.id(), "status", "accepted"));
  }

  /** All or nothing at validation; once valid, every event is written before the answer. */
  private void postBatch(HttpCall call) throws IOException {
    ObjectNode body = Bodies.object(call, maxPayloadBytes * 4);
    Optional<String> key = idempotencyKey(call);
    Batch batch = Bodies.bind(body, Batch.class, "");
    if (batch.events() == null) {
      throw HttpProblem.badRequest("'events' is required", "events");
    }
    if (batch.events().isEmpty() || batch.events().size() > maxBatch) {
      throw HttpProblem.badRequest(
          "'events' must hold 1 to " + maxBatch + " items, has " + batch.events().size(), "events");
    }
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < batch.events().size(); i++) {
      int index = i;
      String prefix = "events[" + i + "].";
      EventInput input = batch.events().get(i);
      if (input == null) {
        throw HttpProblem.badRequest(
            "'events[" + i + "]' must be a JSON object", "events[" + i + "]");
      }
      Event event = toEvent(input, key.map(k -> k + "#" + index), prefix);
      requireKnownTarget(event, prefix);
      events.add(event);
    }
    // All sent, then all awaited: one Kafka round trip for the batch, not one per event.
    publisher.publishAll(events);
    List<Map<String, String>> answers = new ArrayList<>();
    for (Event event : events) {
      answers.add(Map.of("id", event.id(), "status", "accepted"));
    }
    call.respond(202, Map.of("data", answers));
  }

  /**
   * An event for a tenant with no endpoints is accepted (and delivered to none), as one produced
   * straight to Kafka is: most tenants of a platform never set up webhooks. Naming an endpoint that
   * the tenant does not have is a mistake worth a 404.
   */
  private void requireKnownTarget(Event event, String prefix) {
    if (event.endpointId() != null
        && directory
            .get(event.endpointId())
            .filter(e -> e.tenant().equals(event.tenant()))
            .isEmpty()) {
      throw new HttpProblem(
          404,
          "unknown_endpoint",
          "endpoint '" + event.endpointId() + "' does not exist for tenant " + event.tenant(),
          prefix + "endpointId");
    }
  }

  private Event toEvent(ObjectNode body, Optional<String> idempotencyKey, String prefix) {
    return toEvent(Bodies.bind(body, EventInput.class, prefix), idempotencyKey, prefix);
  }

  private Event toEvent(EventInput input, Optional<String> idempotencyKey, String prefix) {
    try {
      return input.toEvent(
          () ->
              idempotencyKey
                  .map(k -> Ids.eventIdFromKey(input.tenant() == null ? "" : input.tenant(), k))
                  .orElseGet(() -> Ids.eventId(clock)),
          clock.instant());
    } catch (InvalidRecordException e) {
      throw Bodies.problem(e, prefix);
    }
  }

  private static Optional<String> idempotencyKey(HttpCall call) {
    Optional<String> key = call.header("Idempotency-Key");
    if (key.isPresent() && !IDEMPOTENCY_KEY.matcher(key.get()).matches()) {
      throw HttpProblem.badRequest(
          "'Idempotency-Key' must be 1-255 visible ASCII characters", "Idempotency-Key");
    }
    return key;
  }
}
