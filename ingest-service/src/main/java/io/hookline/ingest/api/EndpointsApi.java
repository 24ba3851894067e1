package io.hookline.ingest.api;

import com.sun.net.httpserver.HttpExchange;
import io.hookline.core.crypto.SecretBox;
import io.hookline.core.endpoints.EndpointDirectory;
import io.hookline.core.http.Exchange;
import io.hookline.core.http.HttpProblem;
import io.hookline.core.ids.Ids;
import io.hookline.core.signing.WebhookSecret;
import io.hookline.schemas.Endpoint;
import io.hookline.schemas.EndpointSecret;
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

  void register(Routes routes) {
    routes
        .add("POST", "/v1/endpoints", (ex, req) -> create(ex))
        .add("GET", "/v1/endpoints", (ex, req) -> list(ex, req.query()))
        .add("GET", "/v1/endpoints/{id}", (ex, req) -> get(ex, req.param("id")))
        .add("PATCH", "/v1/endpoints/{id}", (ex, req) -> patch(ex, req.param("id")))
        .add("DELETE", "/v1/endpoints/{id}", (ex, req) -> delete(ex, req.param("id")));
  }

  private void create(HttpExchange exchange) throws IOException {
    JsonBody body = JsonBody.parse(Exchange.readBody(exchange, maxPayloadBytes));
    String tenant = body.requiredText("tenant", Validation.TENANT, Validation.TENANT_FORM);
    body.requiredText("url", null, null);
    Instant now = clock.instant();
    String id = Ids.endpointId(clock);
    WebhookSecret secret = WebhookSecret.generate();
    EndpointSecret sealed = new EndpointSecret(secretBox.seal(secret.reveal(), id), now, null);
    Endpoint blank =
        new Endpoint(
            id,
            tenant,
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
    EndpointFields.apply(body, draft, urlGuard);
    Endpoint endpoint = draft.build(now);
    store.create(endpoint);
    exchange.getResponseHeaders().set("Location", "/v1/endpoints/" + id);
    exchange.getResponseHeaders().set("ETag", EndpointStore.etag(endpoint));
    Exchange.sendJson(exchange, 201, EndpointView.of(endpoint, secret.reveal()));
  }

  private void get(HttpExchange exchange, String id) throws IOException {
    Endpoint endpoint = store.require(id);
    exchange.getResponseHeaders().set("ETag", EndpointStore.etag(endpoint));
    Exchange.sendJson(exchange, 200, EndpointView.of(endpoint, null));
  }

  /** A page of a tenant's endpoints by id: {@code ?tenant=T&limit=50&after=<id>}. */
  private void list(HttpExchange exchange, Map<String, String> query) throws IOException {
    String tenant = query.get("tenant");
    if (tenant == null || !Validation.TENANT.matcher(tenant).matches()) {
      throw HttpProblem.badRequest("query parameter 'tenant' is required", "tenant");
    }
    int limit = limit(query.get("limit"));
    String after = query.getOrDefault("after", "");
    List<Endpoint> page =
        directory.forTenant(tenant).stream()
            .filter(e -> e.id().compareTo(after) > 0)
            .sorted(Comparator.comparing(Endpoint::id))
            .limit(limit + 1L)
            .toList();
    boolean more = page.size() > limit;
    List<EndpointView> views =
        page.stream().limit(limit).map(e -> EndpointView.of(e, null)).toList();
    Map<String, Object> answer = new HashMap<>();
    answer.put("data", views);
    answer.put("nextAfter", more ? views.get(views.size() - 1).id() : null);
    Exchange.sendJson(exchange, 200, answer);
  }

  private void patch(HttpExchange exchange, String id) throws IOException {
    JsonBody body = JsonBody.parse(Exchange.readBody(exchange, maxPayloadBytes));
    if (body.has("tenant") || body.has("id") || body.has("secrets")) {
      String field = body.has("tenant") ? "tenant" : body.has("id") ? "id" : "secrets";
      throw HttpProblem.badRequest(
          "'"
              + field
              + "' cannot be changed"
              + (field.equals("secrets") ? "; use rotate-secret" : ""),
          field);
    }
    Endpoint updated =
        store.update(id, ifMatch(exchange), draft -> EndpointFields.apply(body, draft, urlGuard));
    exchange.getResponseHeaders().set("ETag", EndpointStore.etag(updated));
    Exchange.sendJson(exchange, 200, EndpointView.of(updated, null));
  }

  private void delete(HttpExchange exchange, String id) throws IOException {
    store.delete(id, ifMatch(exchange));
    exchange.sendResponseHeaders(204, -1);
  }

  static Optional<String> ifMatch(HttpExchange exchange) {
    return Optional.ofNullable(exchange.getRequestHeaders().getFirst("If-Match"));
  }

  private static int limit(String raw) {
    if (raw == null) {
      return 50;
    }
    try {
      int n = Integer.parseInt(raw);
      if (n >= 1 && n <= MAX_PAGE) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw HttpProblem.badRequest("'limit' must be between 1 and " + MAX_PAGE, "limit");
  }
}
