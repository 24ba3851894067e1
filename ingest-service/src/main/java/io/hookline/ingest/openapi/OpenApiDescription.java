package io.hookline.ingest.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookline.ingest.http.ApiRouter;
import io.hookline.schemas.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The OpenAPI 3.1 description of the public {@code /v1} API ({@code openapi.json} next to this
 * class, in the jar), served at {@code GET /v1/openapi.json} behind the API token like every {@code
 * /v1} route. The description is written by hand; {@code OpenApiIT} fails when a route is missing
 * from it or it names one that does not exist, and when a real answer does not validate against the
 * schema it gives.
 */
public final class OpenApiDescription {
  public static final String PATH = "/v1/openapi.json";
  private static final String RESOURCE = "openapi.json";
  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  private final String text;
  private final JsonNode document;

  private OpenApiDescription(String text) {
    this.text = text;
    this.document = Json.read(text.getBytes(StandardCharsets.UTF_8), JsonNode.class);
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
