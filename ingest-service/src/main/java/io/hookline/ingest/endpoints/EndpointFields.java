package io.hookline.ingest.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookline.core.http.HttpProblem;
import io.hookline.schemas.EventTypePattern;
import io.hookline.schemas.RateLimit;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The changeable fields of an endpoint, from a request body onto a draft: every field present is
 * validated and applied; on PATCH an explicit {@code null} clears an optional one.
 */
final class EndpointFields {
  static final int MAX_IN_FLIGHT = 1000;
  static final int MIN_TIMEOUT_MS = 100;
  static final int MAX_TIMEOUT_MS = 120_000;
  static final int MAX_RATE = 100_000;

  private EndpointFields() {}

  /**
   * Applies what {@code body} sets, as told by {@code given} (the JSON object it was read from).
   */
  static void apply(EndpointBody body, JsonNode given, EndpointDraft draft, UrlGuard guard) {
    if (given.has("url")) {
      if (body.url() == null) {
        throw HttpProblem.badRequest("'url' cannot be cleared", "url");
      }
      URI url = Validation.endpointUrl(body.url());
      guard.check(url, "url");
      draft.url = url.toString();
    }
    if (given.has("description")) {
      draft.description = body.description() == null ? "" : body.description();
    }
    if (given.has("eventTypes")) {
      draft.eventTypes = eventTypes(body.eventTypes());
    }
    if (given.has("rateLimit")) {
      draft.rateLimit = body.rateLimit() == null ? null : rateLimit(body.rateLimit());
    }
    if (given.has("maxInFlight")) {
      draft.maxInFlight = inRange(body.maxInFlight(), "maxInFlight", 1, MAX_IN_FLIGHT);
    }
    if (given.has("timeoutMs")) {
      draft.timeoutMs = inRange(body.timeoutMs(), "timeoutMs", MIN_TIMEOUT_MS, MAX_TIMEOUT_MS);
    }
    if (given.has("headers")) {
      draft.headers = Validation.customHeaders(body.headers() == null ? Map.of() : body.headers());
    }
  }

  private static List<String> eventTypes(List<String> types) {
    if (types == null) {
      return List.of();
    }
    for (int i = 0; i < types.size(); i++) {
      if (!EventTypePattern.isValidPattern(types.get(i))) {
        String field = "eventTypes[" + i + "]";
        throw HttpProblem.badRequest(
            "'" + field + "' must be a dotted type like order.created, a prefix like order.*, or *",
            field);
      }
    }
    return List.copyOf(types);
  }

  private static RateLimit rateLimit(EndpointBody.Rate rate) {
    if (rate.perSecond() == null) {
      throw HttpProblem.badRequest("'rateLimit.perSecond' is required", "rateLimit.perSecond");
    }
    int perSecond = inRange(rate.perSecond(), "rateLimit.perSecond", 1, MAX_RATE);
    int burst =
        rate.burst() == null ? perSecond : inRange(rate.burst(), "rateLimit.burst", 1, MAX_RATE);
    return new RateLimit(perSecond, burst);
  }

  /** {@code value} when within bounds; {@code null} stays {@code null} (cleared). */
  private static Integer inRange(Long value, String field, int min, int max) {
    if (value == null) {
      return null;
    }
    if (value < min || value > max) {
      throw HttpProblem.badRequest(
          "'" + field + "' must be between " + min + " and " + max + ", was " + value, field);
    }
    return value.intValue();
  }
}
