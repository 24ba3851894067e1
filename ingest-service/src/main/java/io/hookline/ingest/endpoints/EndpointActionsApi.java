package io.hookline.ingest.endpoints;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookline.core.crypto.SecretBox;
import io.hookline.core.http.HttpCall;
import io.hookline.core.http.HttpProblem;
import io.hookline.core.ids.Ids;
import io.hookline.core.signing.WebhookSecret;
import io.hookline.ingest.events.EventPublisher;
import io.hookline.ingest.fanout.FanOut;
import io.hookline.ingest.http.ApiRouter;
import io.hookline.ingest.http.Bodies;
import io.hookline.ingest.http.PathIds;
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

  static final String TEST_EVENT_TYPE = FanOut.TEST_EVENT_TYPE;

  /** The body {@code /disable} takes, optionally. */
  record DisableBody(String reason) {}

  /** The body of the routes that take none: only {@code {}} (or nothing) is accepted. */
  record NoBody() {}

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

  void register(ApiRouter api) {
    api.add("POST", "/v1/endpoints/{id}/rotate-secret", this::rotate);
    api.add("POST", "/v1/endpoints/{id}/enable", this::enable);
    api.add("POST", "/v1/endpoints/{id}/disable", this::disable);
    api.add("POST", "/v1/endpoints/{id}/test", this::test);
  }

  private void refuseAnyBody(HttpCall call) throws IOException {
    Bodies.bind(Bodies.objectOrEmpty(call, maxPayloadBytes), NoBody.class, "");
  }

  /** A new secret signs from now; the others keep signing for the grace period, then stop. */
  private void rotate(HttpCall call) throws IOException {
    String id = PathIds.require(call);
    refuseAnyBody(call);
    WebhookSecret fresh = WebhookSecret.generate();
    Instant now = clock.instant();
    Instant graceEnds = now.plus(ROTATION_GRACE);
    Endpoint updated =
        store.update(
            id,
            EndpointsApi.ifMatch(call),
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
    call.responseHeader("ETag", EndpointStore.etag(updated));
    call.respond(200, EndpointView.of(updated, fresh.reveal(), now));
  }

  private void enable(HttpCall call) throws IOException {
    String id = PathIds.require(call);
    refuseAnyBody(call);
    Endpoint before = store.require(id);
    Endpoint updated = store.update(id, EndpointsApi.ifMatch(call), draft -> draft.enabled = true);
    if (!before.enabled()) {
      events.publishOperational(updated, "hookline.endpoint.enabled", "enabled through the API");
    }
    call.responseHeader("ETag", EndpointStore.etag(updated));
    call.respond(200, EndpointView.of(updated, null, clock.instant()));
  }

  private void disable(HttpCall call) throws IOException {
    String id = PathIds.require(call);
    DisableBody body =
        Bodies.bind(Bodies.objectOrEmpty(call, maxPayloadBytes), DisableBody.class, "");
    String reason =
        body.reason() == null || body.reason().isBlank()
            ? "disabled through the API"
            : body.reason();
    if (reason.length() > 500) {
      throw HttpProblem.badRequest("'reason' must be at most 500 characters", "reason");
    }
    Endpoint before = store.require(id);
    Endpoint updated =
        store.update(
            id,
            EndpointsApi.ifMatch(call),
            draft -> {
              draft.enabled = false;
              draft.disabledReason = reason;
            });
    if (before.enabled()) {
      events.publishOperational(updated, "hookline.endpoint.disabled", reason);
    }
    call.responseHeader("ETag", EndpointStore.etag(updated));
    call.respond(200, EndpointView.of(updated, null, clock.instant()));
  }

  /** Sends a {@code webhook.test} event to this endpoint only, whatever it subscribes to. */
  private void test(HttpCall call) throws IOException {
    String id = PathIds.require(call);
    refuseAnyBody(call);
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
    call.respond(202, Map.of("id", event.id(), "status", "accepted"));
  }
}
