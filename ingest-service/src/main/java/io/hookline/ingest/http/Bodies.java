package io.hookline.ingest.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookline.core.http.HttpCall;
import io.hookline.core.http.HttpProblem;
import io.hookline.schemas.InvalidRecordException;
import io.hookline.schemas.Json;
import java.io.IOException;

/**
 * Request bodies: a bounded read, then a strict bind to the route's request record (an unknown
 * field is refused, naming the nearest known one), every failure a 400 that names the field.
 */
public final class Bodies {
  private Bodies() {}

  /** The body as a JSON object; 413 beyond {@code maxBytes}, 400 when it is not an object. */
  public static ObjectNode object(HttpCall call, int maxBytes) throws IOException {
    byte[] bytes = call.body(maxBytes);
    try {
      return Json.readStrictObject(bytes);
    } catch (InvalidRecordException e) {
      throw problem(e, "");
    }
  }

  /** The body as an object, or an empty one when there is no body at all. */
  public static ObjectNode objectOrEmpty(HttpCall call, int maxBytes) throws IOException {
    byte[] bytes = call.body(maxBytes);
    if (bytes.length == 0) {
      return Json.mapper().createObjectNode();
    }
    try {
      return Json.readStrictObject(bytes);
    } catch (InvalidRecordException e) {
      throw problem(e, "");
    }
  }

  /**
   * {@code node} bound to {@code type}; errors name fields under {@code prefix} (e.g. {@code
   * events[2].}).
   */
  public static <T> T bind(JsonNode node, Class<T> type, String prefix) {
    try {
      return Json.readStrict(node, type);
    } catch (InvalidRecordException e) {
      throw problem(e, prefix);
    }
  }

  /** A broken rule as a 400 naming the field, placed under {@code prefix}. */
  public static HttpProblem problem(InvalidRecordException e, String prefix) {
    if (e.field() == null) {
      return HttpProblem.badRequest(e.getMessage(), null);
    }
    String field = prefix + e.field();
    String message = e.getMessage().replace("'" + e.field() + "'", "'" + field + "'");
    return HttpProblem.badRequest(message, field);
  }
}
