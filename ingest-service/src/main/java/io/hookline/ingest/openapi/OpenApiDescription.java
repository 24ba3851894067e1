package io.hookline.ingest.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookline.ingest.http.ApiRouter;
import io.hookline.schemas.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The OpenAPI 3.1 description of the public {@code /v1} API ({@code openapi.json} next to this
 * class, in the jar), served at {@code GET /v1/openapi.json} behind the API token like every {@code
 * /v1} route. The description is written by hand (the records Kafka carries are inlined from the
 * schemas module); {@code OpenApiIT} fails when a route is missing from it or it names one that
 * does not exist, and when a real answer does not validate against the schema it gives.
 */
public final class OpenApiDescription {
  public static final String PATH = "/v1/openapi.json";
  private static final String RESOURCE = "openapi.json";
  private static final String RECORD_SCHEMAS = "https://hookline.io/schemas/";
  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  private final String text;
  private final JsonNode document;

  private OpenApiDescription(String text) {
    ObjectNode doc = (ObjectNode) Json.read(text.getBytes(StandardCharsets.UTF_8), JsonNode.class);
    inlineRecordSchemas(doc);
    this.document = doc;
    this.text = Json.writeString(doc);
  }

  /**
   * A component that is only {@code {"$ref": "https://hookline.io/schemas/<name>.json"}} becomes
   * that JSON Schema, from the schemas module's jar: the records Kafka carries (a dead letter, an
   * attempt, a ledger entry) are described by the very schemas their writers are held to. Each
   * keeps its {@code $id}, so its own {@code #/$defs/...} references still resolve inside it.
   */
  private static void inlineRecordSchemas(ObjectNode doc) {
    JsonNode schemas = doc.path("components").path("schemas");
    if (!(schemas instanceof ObjectNode components)) {
      return;
    }
    List<String> names = new ArrayList<>();
    components.fieldNames().forEachRemaining(names::add);
    for (String name : names) {
      JsonNode c = components.get(name);
      String ref = c.path("$ref").asText("");
      if (c.size() == 1 && ref.startsWith(RECORD_SCHEMAS)) {
        String file = "/schemas/" + ref.substring(RECORD_SCHEMAS.length());
        try (InputStream in = Json.class.getResourceAsStream(file)) {
          if (in == null) {
            throw new IllegalStateException(file + " is missing from the schemas jar");
          }
          ObjectNode schema = (ObjectNode) Json.mapper().readTree(in);
          schema.remove("$schema");
          components.set(name, schema);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  /** The description in this jar. */
  public static OpenApiDescription load() {
    try (InputStream in = OpenApiDescription.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the ingest-service's jar");
      }
      return new OpenApiDescription(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The parsed document. */
  public JsonNode document() {
    return document;
  }

  /** Every operation it describes as {@code METHOD path} (as {@link ApiRouter#routes()} names). */
  public SortedSet<String> operations() {
    SortedSet<String> out = new TreeSet<>();
    document
        .path("paths")
        .properties()
        .forEach(
            path ->
                path.getValue()
                    .properties()
                    .forEach(
                        op -> {
                          if (METHODS.contains(op.getKey())) {
                            out.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
                          }
                        }));
    return out;
  }

  /** Adds {@code GET /v1/openapi.json}. */
  public void register(ApiRouter api) {
    api.add("GET", PATH, call -> call.respondText(200, "application/json", text));
  }
}
