package io.hookline.ingest.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.hookline.core.crypto.SecretBox;
import io.hookline.core.http.Exchange;
import io.hookline.core.http.HttpProblem;
import io.hookline.core.ids.Ids;
import io.hookline.core.signing.WebhookSecret;
import io.hookline.schemas.Endpoint;
import io.hookline.schemas.EndpointSecret;
import io.hookline.schemas.Event;
import io.hookline.schemas.Json;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code /v1/endpoints/{id}/…}: rotate-secret, enable, disable and test. Enabling and disabling
 * publish the operational events {@code hookline.endpoint.enabled} / {@code
 * hookline.endpoint.disabled} to the endpoint's tenant.
 */
final class EndpointActionsApi {
  /** How long a rotated-out secret keeps signing, so receivers can switch without a gap. */
  static final Duration ROTATION_GRACE = Duration.ofHours(24);

  static final String TEST_EVENT_TYPE = io.hookline.ingest.fanout.FanOut.TEST_EVENT_TYPE;

  private final EndpointStore store;
  private final EventPublisher events;
  private final SecretBox secretBox;
  private final Clock clock;
  private final int maxPayloadBytes;

  EndpointActionsApi(
      EndpointStore store,
      EventPublisher events,
      SecretBox secretBox,
      Clock clock,
      int maxPayloadBytes) {
    this.store = store;
    this.events = events;
    this.secretBox = secretBox;
    this.clock = clock;
    this.maxPayloadBytes = maxPayloadBytes;
  }

  void register(Routes routes) {
    routes
        .add("POST", "/v1/endpoints/{id}/rotate-secret", (ex, req) -> rotate(ex, req.param("id")))
        .add("POST", "/v1/endpoints/{id}/enable", (ex, req) -> enable(ex, req.param("id")))
        .add("POST", "/v1/endpoints/{id}/disable", (ex, req) -> disable(ex, req.param("id")))
        .add("POST", "/v1/endpoints/{id}/test", (ex, req) -> test(ex, req.param("id")));
  }

  /** A new secret signs from now; the others keep signing for the grace period, then stop. */
  private void rotate(HttpExchange exchange, String id) throws IOException {
    WebhookSecret fresh = WebhookSecret.generate();
    Instant now = clock.instant();
    Instant graceEnds = now.plus(ROTATION_GRACE);
    Endpoint updated =
        store.update(
            id,
            EndpointsApi.ifMatch(exchange),
            draft -> {
              List<EndpointSecret> secrets = new ArrayList<>();
              secrets.add(new EndpointSecret(secretBox.seal(fresh.reveal(), id), now, null));
              for (EndpointSecret old : draft.secrets) {
                if (old.isLiveAt(now)) {
                  Instant ends =
                      old.expiresAt() == null || old.expiresAt().isAfter(graceEnds)
                          ? graceEnds
                          : old.expiresAt();
                  secrets.add(new EndpointSecret(old.ciphertext(), old.createdAt(), ends));
                }
              }
              draft.secrets = secrets;
            });
    exchange.getResponseHeaders().set("ETag", EndpointStore.etag(updated));
    Exchange.sendJson(exchange, 200, EndpointView.of(updated, fresh.reveal()));
  }

  private void enable(HttpExchange exchange, String id) throws IOException {
    Endpoint before = store.require(id);
    Endpoint updated =
        store.update(id, EndpointsApi.ifMatch(exchange), draft -> draft.enabled = true);
    if (!before.enabled()) {
      events.publishOperational(updated, "hookline.endpoint.enabled", "enabled through the API");
    }
    Exchange.sendJson(exchange, 200, EndpointView.of(updated, null));
  }

  private void disable(HttpExchange exchange, String id) throws IOException {
    byte[] raw = Exchange.readBody(exchange, maxPayloadBytes);
    String reason =
        raw.length == 0
            ? "disabled through the API"
            : JsonBody.parse(raw)
                .optionalText("reason", null, null)
                .orElse("disabled through the API");
    Endpoint before = store.require(id);
    Endpoint updated =
        store.update(
            id,
            EndpointsApi.ifMatch(exchange),
            draft -> {
              draft.enabled = false;
              draft.disabledReason = reason;
            });
    if (before.enabled()) {
      events.publishOperational(updated, "hookline.endpoint.disabled", reason);
    }
    Exchange.sendJson(exchange, 200, EndpointView.of(updated, null));
  }

  /** Sends a {@code webhook.test} event to this endpoint only, whatever it subscribes to. */
  private void test(HttpExchange exchange, String id) throws IOException {
    Endpoint endpoint = store.require(id);
    if (!endpoint.enabled()) {
      throw new HttpProblem(
          409, "endpoint_disabled", "endpoint " + id + " is disabled; enable it first", null);
    }
    ObjectNode data = Json.mapper().createObjectNode();
    data.put("message", "This is a test webhook from Hookline.");
    data.put("endpointId", id);
    Event event =
        new Event(
            Ids.eventId(clock),
            endpoint.tenant(),
            TEST_EVENT_TYPE,
            clock.instant(),
            data,
            id,
            Map.of());
    events.publish(event);
    Exchange.sendJson(exchange, 202, Map.of("id", event.id(), "status", "accepted"));
  }
}
