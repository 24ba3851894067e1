package io.hookline.ingest.endpoints;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookline.core.crypto.SecretBox;
import io.hookline.core.endpoints.EndpointDirectory;
import io.hookline.core.http.HttpCall;
import io.hookline.core.http.HttpProblem;
import io.hookline.core.ids.Ids;
import io.hookline.core.signing.WebhookSecret;
import io.hookline.ingest.http.ApiRouter;
import io.hookline.ingest.http.Bodies;
import io.hookline.ingest.http.PathIds;
import io.hookline.ingest.http.QueryParams;
import io.hookline.schemas.Endpoint;
import io.hookline.schemas.EndpointSecret;
import io.hookline.schemas.Identifiers;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /v1/endpoints}: create, list, get, patch and delete. Secrets are generated here, sealed
 * with the master key before they reach Kafka, and shown to the caller only in the answer to create
 * (and rotate, see {@link EndpointActionsApi}).
 */
final class EndpointsApi {
  private static final int MAX_PAGE = 100;

  private final EndpointStore store;
  private final EndpointDirectory directory;
  private final SecretBox secretBox;
  private final Clock clock;
  private final int maxPayloadBytes;
  private final UrlGuard urlGuard;

  EndpointsApi(
      EndpointStore store,
      EndpointDirectory directory,
      SecretBox secretBox,
      Clock clock,
      int maxPayloadBytes,
      UrlGuard urlGuard) {
    this.urlGuard = urlGuard;
    this.store = store;
    this.directory = directory;
    this.secretBox = secretBox;
    this.clock = clock;
    this.maxPayloadBytes = maxPayloadBytes;
  }

  void register(ApiRouter api) {
    api.add("POST", "/v1/endpoints", this::create);
    api.add("GET", "/v1/endpoints", this::list);
    api.add("GET", "/v1/endpoints/{id}", this::get);
    api.add("PATCH", "/v1/endpoints/{id}", this::patch);
    api.add("DELETE", "/v1/endpoints/{id}", this::delete);
  }

  private void create(HttpCall call) throws IOException {
    ObjectNode given = Bodies.object(call, maxPayloadBytes);
    refuseStateFields(given);
    EndpointBody body = Bodies.bind(given, EndpointBody.class, "");
    if (body.tenant() == null) {
      throw HttpProblem.badRequest("'tenant' is required", "tenant");
    }
    if (!Identifiers.isTenant(body.tenant())) {
      throw HttpProblem.badRequest("'tenant' must be " + Identifiers.TENANT_FORM, "tenant");
    }
    if (body.url() == null) {
      throw HttpProblem.badRequest("'url' is required", "url");
    }
    Instant now = clock.instant();
    String id = Ids.endpointId(clock);
    WebhookSecret secret = WebhookSecret.generate();
    EndpointSecret sealed = new EndpointSecret(secretBox.seal(secret.reveal(), id), now, null);
    Endpoint blank =
        new Endpoint(
            id,
            body.tenant(),
            "https://placeholder.invalid",
            "",
            List.of(),
            List.of(sealed),
            null,
            null,
            null,
            Map.of(),
            true,
            null,
            now,
            now);
    EndpointDraft draft = new EndpointDraft(blank);
    EndpointFields.apply(body, given, draft, urlGuard);
    Endpoint endpoint = draft.build(now);
    store.create(endpoint);
    call.responseHeader("Location", "/v1/endpoints/" + id);
    call.responseHeader("ETag", EndpointStore.etag(endpoint));
    call.respond(201, EndpointView.of(endpoint, secret.reveal(), now));
  }

  private void get(HttpCall call) {
    Endpoint endpoint = store.require(PathIds.require(call));
    call.responseHeader("ETag", EndpointStore.etag(endpoint));
    call.respond(200, EndpointView.of(endpoint, null, clock.instant()));
  }

  /** A page of a tenant's endpoints by id: {@code ?tenant=T&limit=50&after=<id>}. */
  private void list(HttpCall call) {
    String tenant = call.query("tenant");
    if (tenant == null) {
      throw HttpProblem.badRequest("query parameter 'tenant' is required", "tenant");
    }
    if (!Identifiers.isTenant(tenant)) {
      throw HttpProblem.badRequest("'tenant' must be " + Identifiers.TENANT_FORM, "tenant");
    }
    int limit = QueryParams.integer(call, "limit", 1, MAX_PAGE, 50);
    String after = call.query().getOrDefault("after", "");
    List<Endpoint> page =
        directory.forTenant(tenant).stream()
            .filter(e -> e.id().compareTo(after) > 0)
            .sorted(Comparator.comparing(Endpoint::id))
            .limit(limit + 1L)
            .toList();
    boolean more = page.size() > limit;
    Instant now = clock.instant();
    List<EndpointView> views =
        page.stream().limit(limit).map(e -> EndpointView.of(e, null, now)).toList();
    Map<String, Object> answer = new HashMap<>();
    answer.put("data", views);
    answer.put("nextAfter", more ? views.get(views.size() - 1).id() : null);
    call.respond(200, answer);
  }

  private void patch(HttpCall call) throws IOException {
    String id = PathIds.require(call);
    ObjectNode given = Bodies.object(call, maxPayloadBytes);
    for (String field : List.of("tenant", "id", "secrets")) {
      if (given.has(field)) {
        throw HttpProblem.badRequest(
            "'"
                + field
                + "' cannot be changed"
                + (field.equals("secrets") ? "; use rotate-secret" : ""),
            field);
      }
    }
    refuseStateFields(given);
    EndpointBody body = Bodies.bind(given, EndpointBody.class, "");
    Endpoint updated =
        store.update(
            id, ifMatch(call), draft -> EndpointFields.apply(body, given, draft, urlGuard));
    call.responseHeader("ETag", EndpointStore.etag(updated));
    call.respond(200, EndpointView.of(updated, null, clock.instant()));
  }

  private void delete(HttpCall call) {
    store.delete(PathIds.require(call), ifMatch(call));
    call.respondEmpty(204);
  }

  /** Enabling and disabling have routes of their own, which tell the tenant. */
  private static void refuseStateFields(ObjectNode given) {
    for (String field : List.of("enabled", "disabledReason")) {
      if (given.has(field)) {
        throw HttpProblem.badRequest(
            "'"
                + field
                + "' is not a field of this request: switch delivery with POST"
                + " /v1/endpoints/{id}/disable or /enable",
            field);
      }
    }
  }

  static Optional<String> ifMatch(HttpCall call) {
    return call.header("If-Match");
  }
}
