package io.hookline.ingest.api;

import io.hookline.core.http.HttpProblem;
import io.hookline.schemas.EventTypePattern;
import io.hookline.schemas.RateLimit;
import java.util.List;

/**
 * The changeable fields of an endpoint, read from a request body onto a draft: every field present
 * is validated and applied; on PATCH an explicit {@code null} clears an optional one.
 */
final class EndpointFields {
  private EndpointFields() {}

  static void apply(JsonBody body, EndpointDraft draft, UrlGuard guard) {
    if (body.has("url")) {
      java.net.URI url = Validation.endpointUrl(body.requiredText("url", null, null));
      guard.check(url, "url");
      draft.url = url.toString();
    }
    if (body.has("description")) {
      draft.description = body.optionalText("description", null, null).orElse("");
    }
    if (body.has("eventTypes")) {
      draft.eventTypes = eventTypes(body);
    }
    if (body.has("rateLimit")) {
      draft.rateLimit = body.isNull("rateLimit") ? null : rateLimit(body);
    }
    if (body.has("maxInFlight")) {
      draft.maxInFlight = body.optionalInt("maxInFlight", 1, 1000).orElse(null);
    }
    if (body.has("timeoutMs")) {
      draft.timeoutMs = body.optionalInt("timeoutMs", 100, 120_000).orElse(null);
    }
    if (body.has("headers")) {
      draft.headers = Validation.customHeaders(body.optionalStringMap("headers"));
    }
  }

  private static List<String> eventTypes(JsonBody body) {
    List<String> types = body.optionalStringList("eventTypes");
    for (int i = 0; i < types.size(); i++) {
      if (!EventTypePattern.isValidPattern(types.get(i))) {
        String field = "eventTypes[" + i + "]";
        throw HttpProblem.badRequest(
            "'" + field + "' must be a dotted type like order.created, a prefix like order.*, or *",
            field);
      }
    }
    return types;
  }

  private static RateLimit rateLimit(JsonBody body) {
    JsonBody rl = body.optionalObject("rateLimit").orElseThrow();
    int perSecond =
        rl.optionalInt("perSecond", 1, 100_000)
            .orElseThrow(
                () ->
                    HttpProblem.badRequest(
                        "'rateLimit.perSecond' is required", "rateLimit.perSecond"));
    int burst = rl.optionalInt("burst", 1, 100_000).orElse(perSecond);
    return new RateLimit(perSecond, burst);
  }
}
