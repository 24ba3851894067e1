package io.hookline.core.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.pathmap.UriTemplatePathSpec;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.PathMappingsHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's routes: {@code METHOD /path/{param}} → {@link Route}, matched by Jetty's URI
 * templates (a literal path beats a template that also matches it). A path that matches with
 * another method answers 405 with {@code Allow}; no match answers 404 through the server's JSON
 * error handler. A route that throws {@link HttpProblem} answers its JSON error; any other failure
 * answers a 500 whose body holds no stack trace (the trace goes to the log). Add every route before
 * the server starts; thread-safe once serving.
 */
public final class Router {
  private static final Logger log = LoggerFactory.getLogger(Router.class);

  private final Map<String, Map<String, Route>> byTemplate = new LinkedHashMap<>();
  private final Map<String, Guard> guards = new LinkedHashMap<>();

  /** A check every request under a path prefix passes before any route, 404 or 405 is decided. */
  @FunctionalInterface
  public interface Guard {
    /** Returns normally to let the request through; throws {@link HttpProblem} to answer it. */
    void check(HttpCall call);
  }

  /**
   * Puts every request whose path starts with {@code prefix} (e.g. {@code /v1/}) through {@code
   * guard} first, so that nothing under it, not even whether a path or method exists, is told to a
   * caller it refuses.
   */
  public Router guard(String prefix, Guard guard) {
    guards.put(prefix, guard);
    return this;
  }

  public Router add(String method, String template, Route route) {
    Route previous =
        byTemplate.computeIfAbsent(template, t -> new TreeMap<>()).putIfAbsent(method, route);
    if (previous != null) {
      throw new IllegalArgumentException(method + " " + template + " is routed twice");
    }
    return this;
  }

  /** Every route as {@code METHOD template} (e.g. {@code GET /v1/endpoints/{id}}), sorted. */
  public SortedSet<String> routes() {
    SortedSet<String> out = new TreeSet<>();
    byTemplate.forEach(
        (template, methods) -> methods.keySet().forEach(m -> out.add(m + " " + template)));
    return out;
  }

  /** The Jetty handler serving these routes. */
  Handler handler() {
    PathMappingsHandler mappings = new PathMappingsHandler();
    byTemplate.forEach(
        (template, methods) -> {
          UriTemplatePathSpec spec = new UriTemplatePathSpec(template);
          mappings.addMapping(spec, new Methods(spec, Map.copyOf(methods)));
        });
    Map<String, Guard> checks = Map.copyOf(guards);
    return new Handler.Wrapper(mappings) {
      @Override
      public boolean handle(Request request, Response response, Callback callback)
          throws Exception {
        SecurityHeaders.apply(response.getHeaders());
        String path = request.getHttpURI().getCanonicalPath();
        for (var g : checks.entrySet()) {
          if (path != null && path.startsWith(g.getKey())) {
            HttpCall call = new HttpCall(request, Map.of());
            try {
              g.getValue().check(call);
            } catch (HttpProblem p) {
              call.respond(p.status(), p.body());
              write(call, request, response, callback);
              return true;
            }
          }
        }
        return super.handle(request, response, callback);
      }
    };
  }

  /** The routes of one path template, by method. Blocking: Jetty runs it on a virtual thread. */
  private static final class Methods extends Handler.Abstract {
    private final UriTemplatePathSpec spec;
    private final Map<String, Route> routes;
    private final String allow;

    Methods(UriTemplatePathSpec spec, Map<String, Route> routes) {
      this.spec = spec;
      this.routes = routes;
      this.allow = String.join(", ", new TreeMap<>(routes).keySet());
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      String path = request.getHttpURI().getCanonicalPath();
      Map<String, String> params = spec.getPathParams(path);
      HttpCall call = new HttpCall(request, params == null ? Map.of() : params);
      try {
        Route route = routes.get(request.getMethod());
        if (route == null && request.getMethod().equals("HEAD")) {
          route = routes.get("GET"); // answered without its body
        }
        if (route == null) {
          call.responseHeader("Allow", allow);
          throw new HttpProblem(
              405,
              "method_not_allowed",
              request.getMethod() + " is not allowed here; allowed: " + allow,
              null);
        }
        route.handle(call);
        if (!call.answered()) {
          throw new IllegalStateException("the route gave no answer");
        }
      } catch (HttpProblem p) {
        call.respond(p.status(), p.body());
      } catch (IOException e) {
        log.debug("client went away during {}", call.describe(), e);
        callback.failed(e);
        return true;
      } catch (RuntimeException e) {
        log.error("{} failed", call.describe(), e);
        call.respond(500, new ApiError("internal", "internal error; see the server log", null));
      }
      write(call, request, response, callback);
      return true;
    }
  }

  private static void write(HttpCall call, Request request, Response response, Callback callback) {
    response.setStatus(call.status());
    call.responseHeaders().forEach((name, value) -> response.getHeaders().put(name, value));
    byte[] body = call.bodyBytes();
    if (call.contentType() != null) {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, call.contentType());
    }
    if (call.status() != 204 && call.status() != 304) {
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    }
    if (body.length == 0 || request.getMethod().equals("HEAD")) {
      response.write(true, null, callback);
    } else {
      response.write(true, ByteBuffer.wrap(body), callback);
    }
  }
}
