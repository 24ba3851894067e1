package io.hookline.ingest.http;

import io.hookline.core.http.HttpCall;
import io.hookline.core.http.HttpProblem;

/** Query parameters as the routes read them, every broken rule a 400 naming the parameter. */
public final class QueryParams {
  private QueryParams() {}

  /** A whole number in {@code [min, max]}; absent means {@code byDefault}, required if null. */
  public static int integer(HttpCall call, String name, int min, int max, Integer byDefault) {
    String raw = call.query(name);
    if (raw == null && byDefault != null) {
      return byDefault;
    }
    try {
      int n = Integer.parseInt(raw == null ? "" : raw.strip());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw HttpProblem.badRequest(
        "'" + name + "' must be a whole number between " + min + " and " + max, name);
  }
}
