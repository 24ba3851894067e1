package io.hookline.ingest.status;

import io.hookline.core.http.HttpCall;
import io.hookline.core.http.HttpProblem;
import io.hookline.core.http.Route;
import io.hookline.ingest.http.QueryParams;
import io.hookline.schemas.AttemptOutcome;
import io.hookline.schemas.InvalidRecordException;

/** What the public status routes and the peer routes read from a query alike. */
final class StatusQueries {
  private StatusQueries() {}

  /** {@code route}, with "not available right now" answered 503 saying when to retry. */
  static Route unavailableAs503(Route route) {
    return call -> {
      try {
        route.handle(call);
      } catch (StatusUnavailableException e) {
        call.responseHeader("Retry-After", "1");
        throw new HttpProblem(503, "status_unavailable", e.getMessage(), null);
      }
    };
  }

  /** {@code ?outcome=}, or {@code null} for every outcome. */
  static AttemptOutcome outcome(HttpCall call) {
    String raw = call.query("outcome");
    if (raw == null) {
      return null;
    }
    try {
      return AttemptOutcome.fromWire(raw);
    } catch (InvalidRecordException e) {
      throw HttpProblem.badRequest(
          "'outcome' must be one of delivered, retrying, dead, throttled", "outcome");
    }
  }

  /** {@code ?limit=}: 1 to the attempts kept per endpoint, default 50 (or fewer if fewer kept). */
  static int limit(HttpCall call, StatusConfig config) {
    int max = config.attemptsPerEndpoint();
    return intParam(call, "limit", 1, max, Math.min(50, max));
  }

  /** A whole number in {@code [min, max]}; absent means {@code byDefault}, required if null. */
  static int intParam(HttpCall call, String name, int min, int max, Integer byDefault) {
    return QueryParams.integer(call, name, min, max, byDefault);
  }

  /** Required epoch milliseconds. */
  static long longParam(HttpCall call, String name) {
    try {
      return Long.parseLong(call.query().getOrDefault(name, "").strip());
    } catch (NumberFormatException e) {
      throw HttpProblem.badRequest("'" + name + "' must be epoch milliseconds", name);
    }
  }
}
