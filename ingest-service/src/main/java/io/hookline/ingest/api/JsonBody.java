package io.hookline.ingest.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookline.core.http.HttpProblem;
import io.hookline.schemas.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A request body read as a JSON object, with typed accessors that answer 400 naming the field when
 * a value is missing or of the wrong kind.
 */
final class JsonBody {
  private final ObjectNode root;
  private final String path;

  private JsonBody(ObjectNode root, String path) {
    this.root = root;
    this.path = path;
  }

  static JsonBody parse(byte[] bytes) {
    if (bytes.length == 0) {
      throw HttpProblem.badRequest("request body is empty: expected a JSON object", null);
    }
    JsonNode node;
    try {
      node = Json.mapper().readTree(bytes);
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      String where =
          loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
      throw HttpProblem.badRequest("request body is not valid JSON" + where, null);
    } catch (IOException e) {
      throw HttpProblem.badRequest("request body could not be read", null);
    }
    if (!(node instanceof ObjectNode object)) {
      throw HttpProblem.badRequest("request body must be a JSON object", null);
    }
    return new JsonBody(object, "");
  }

  /** The elements of array {@code field}, each an object, named {@code field[i].…} in errors. */
  List<JsonBody> requiredObjectArray(String field, int maxItems) {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      throw HttpProblem.badRequest("'" + name(field) + "' is required", name(field));
    }
    if (!n.isArray()) {
      throw HttpProblem.badRequest("'" + name(field) + "' must be an array", name(field));
    }
    if (n.isEmpty() || n.size() > maxItems) {
      throw HttpProblem.badRequest(
          "'" + name(field) + "' must hold 1 to " + maxItems + " items, has " + n.size(),
          name(field));
    }
    List<JsonBody> out = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      String item = name(field) + "[" + i + "]";
      if (!(n.get(i) instanceof ObjectNode o)) {
        throw HttpProblem.badRequest("'" + item + "' must be a JSON object", item);
      }
      out.add(new JsonBody(o, item + "."));
    }
    return out;
  }

  private String name(String field) {
    return path + field;
  }

  private Optional<JsonNode> node(String field) {
    JsonNode n = root.get(field);
    return n == null || n.isNull() ? Optional.empty() : Optional.of(n);
  }

  /** Whether {@code field} is present at all, even as {@code null}. */
  boolean has(String field) {
    return root.has(field);
  }

  /** Whether {@code field} is present as an explicit {@code null}. */
  boolean isNull(String field) {
    return root.has(field) && root.get(field).isNull();
  }

  /** The name of {@code field} as errors give it, e.g. {@code events[2].type}. */
  String fieldName(String field) {
    return name(field);
  }

  String requiredText(String field, Pattern format, String expected) {
    return optionalText(field, format, expected)
        .orElseThrow(
            () -> HttpProblem.badRequest("'" + name(field) + "' is required", name(field)));
  }

  Optional<String> optionalText(String field, Pattern format, String expected) {
    Optional<JsonNode> n = node(field);
    if (n.isEmpty()) {
      return Optional.empty();
    }
    if (!n.get().isTextual()) {
      throw HttpProblem.badRequest("'" + name(field) + "' must be a string", name(field));
    }
    String value = n.get().textValue();
    if (format != null && !format.matcher(value).matches()) {
      throw HttpProblem.badRequest("'" + name(field) + "' must be " + expected, name(field));
    }
    return Optional.of(value);
  }

  ObjectNode requiredObject(String field) {
    return node(field)
        .map(
            n -> {
              if (n instanceof ObjectNode o) {
                return o;
              }
              throw HttpProblem.badRequest(
                  "'" + name(field) + "' must be a JSON object", name(field));
            })
        .orElseThrow(
            () -> HttpProblem.badRequest("'" + name(field) + "' is required", name(field)));
  }

  Optional<JsonBody> optionalObject(String field) {
    return node(field)
        .map(
            n -> {
              if (n instanceof ObjectNode o) {
                return new JsonBody(o, name(field) + ".");
              }
              throw HttpProblem.badRequest(
                  "'" + name(field) + "' must be a JSON object", name(field));
            });
  }

  Optional<Integer> optionalInt(String field, int min, int max) {
    Optional<JsonNode> n = node(field);
    if (n.isEmpty()) {
      return Optional.empty();
    }
    if (!n.get().isIntegralNumber() || !n.get().canConvertToInt()) {
      throw HttpProblem.badRequest("'" + name(field) + "' must be a whole number", name(field));
    }
    int v = n.get().intValue();
    if (v < min || v > max) {
      throw HttpProblem.badRequest(
          "'" + name(field) + "' must be between " + min + " and " + max, name(field));
    }
    return Optional.of(v);
  }

  List<String> optionalStringList(String field) {
    Optional<JsonNode> n = node(field);
    if (n.isEmpty()) {
      return List.of();
    }
    if (!n.get().isArray()) {
      throw HttpProblem.badRequest(
          "'" + name(field) + "' must be an array of strings", name(field));
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n.get().size(); i++) {
      JsonNode item = n.get().get(i);
      if (!item.isTextual()) {
        String f = name(field) + "[" + i + "]";
        throw HttpProblem.badRequest("'" + f + "' must be a string", f);
      }
      out.add(item.textValue());
    }
    return out;
  }

  Map<String, String> optionalStringMap(String field) {
    Optional<JsonNode> n = node(field);
    if (n.isEmpty()) {
      return Map.of();
    }
    if (!n.get().isObject()) {
      throw HttpProblem.badRequest(
          "'" + name(field) + "' must be an object of strings", name(field));
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (var e : n.get().properties()) {
      if (!e.getValue().isTextual()) {
        String f = name(field) + "." + e.getKey();
        throw HttpProblem.badRequest("'" + f + "' must be a string", f);
      }
      out.put(e.getKey(), e.getValue().textValue());
    }
    return out;
  }
}
