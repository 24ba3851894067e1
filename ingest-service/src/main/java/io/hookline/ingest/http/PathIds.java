package io.hookline.ingest.http;

import io.hookline.core.http.HttpCall;
import io.hookline.core.http.HttpProblem;
import io.hookline.schemas.Identifiers;

/**
 * The {@code {id}} of a route's path: an event or endpoint id, held to the form every id has, so
 * that a malformed one is answered 400 without being echoed back (a 404 then only ever names a
 * well-formed id).
 */
public final class PathIds {
  private PathIds() {}

  public static String require(HttpCall call) {
    String id = call.pathParam("id");
    if (!Identifiers.isId(id)) {
      throw HttpProblem.badRequest("the id in the path must be " + Identifiers.ID_FORM, "id");
    }
    return id;
  }
}
