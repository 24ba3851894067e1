package io.hookline.ingest.dashboard;

import io.hookline.core.http.HttpCall;
import io.hookline.core.http.HttpProblem;
import io.hookline.core.http.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboard: a page and its few assets, inside the jar, served at {@code /} and {@code
 * /assets/<file>} without the API token (they hold no data: every datum comes from the {@code /v1}
 * API, with the token the operator signs in with). No build step, no third-party code, nothing from
 * another origin; the server's Content-Security-Policy allows this origin's scripts and styles
 * only, none inline. Each asset answers with an ETag and {@code Cache-Control: no-cache}, so a
 * browser revalidates (304) rather than run a stale page after an upgrade.
 */
public final class DashboardAssets {
  /** The assets, by file name, in the jar next to this class. */
  static final List<String> FILES = List.of("index.html", "app.js", "app.css", "favicon.svg");

  private record Asset(byte[] bytes, String contentType, String etag) {}

  private final Map<String, Asset> assets;

  private DashboardAssets(Map<String, Asset> assets) {
    this.assets = assets;
  }

  /** The assets in this jar; fails when one is missing. */
  public static DashboardAssets load() {
    Map<String, Asset> assets = new LinkedHashMap<>();
    for (String file : FILES) {
      try (InputStream in = DashboardAssets.class.getResourceAsStream(file)) {
        if (in == null) {
          throw new IllegalStateException(file + " is missing from the ingest-service's jar");
        }
        byte[] bytes = in.readAllBytes();
        assets.put(file, new Asset(bytes, contentType(file), etag(bytes)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new DashboardAssets(Map.copyOf(assets));
  }

  /** Adds {@code GET /} and {@code GET /assets/{file}} (public, like {@code /healthz}). */
  public void register(Router router) {
    router.add("GET", "/", call -> serve(call, "index.html"));
    router.add("GET", "/assets/{file}", call -> serve(call, call.pathParam("file")));
  }

  private void serve(HttpCall call, String file) {
    Asset asset = assets.get(file);
    if (asset == null || file.equals("index.html") && !call.path().equals("/")) {
      throw HttpProblem.notFound("no such asset");
    }
    call.responseHeader("ETag", asset.etag());
    call.responseHeader("Cache-Control", "no-cache");
    if (call.header("If-None-Match").map(asset.etag()::equals).orElse(false)) {
      call.respondEmpty(304);
      return;
    }
    call.respondBytes(200, asset.contentType(), asset.bytes());
  }

  private static String contentType(String file) {
    String ext = file.substring(file.lastIndexOf('.') + 1);
    return switch (ext) {
      case "html" -> "text/html; charset=utf-8";
      case "js" -> "text/javascript; charset=utf-8";
      case "css" -> "text/css; charset=utf-8";
      case "svg" -> "image/svg+xml";
      default -> throw new IllegalArgumentException("no content type for " + file);
    };
  }

  private static String etag(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
