package io.hookline.ingest.api;

import com.sun.net.httpserver.HttpExchange;
import io.hookline.core.http.HttpProblem;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API's route table: {@code METHOD /path/{param}} → handler. A path that matches with another
 * method answers 405; no match answers 404. Built once, then read-only and thread-safe.
 */
final class Routes {
  /** What a handler gets besides the exchange: path parameters and the query string. */
  record Request(Map<String, String> params, Map<String, String> query) {
    String param(String name) {
      return params.get(name);
    }
  }

  @FunctionalInterface
  interface Handler {
    void handle(HttpExchange exchange, Request request) throws IOException;
  }

  private record Route(String method, Pattern path, List<String> names, Handler handler) {}

  private static final Pattern PARAM = Pattern.compile("\\{([a-zA-Z]+)}");
  private final List<Route> routes = new ArrayList<>();

  Routes add(String method, String template, Handler handler) {
    List<String> names = new ArrayList<>();
    Matcher m = PARAM.matcher(template);
    StringBuilder regex = new StringBuilder();
    int last = 0;
    while (m.find()) {
      regex.append(Pattern.quote(template.substring(last, m.start()))).append("([^/]+)");
      names.add(m.group(1));
      last = m.end();
    }
    regex.append(Pattern.quote(template.substring(last)));
    routes.add(new Route(method, Pattern.compile(regex.toString()), names, handler));
    return this;
  }

  void dispatch(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath().replaceAll("/+$", "");
    String method = exchange.getRequestMethod();
    boolean pathMatched = false;
    for (Route route : routes) {
      Matcher m = route.path().matcher(path);
      if (!m.matches()) {
        continue;
      }
      pathMatched = true;
      if (route.method().equals(method)) {
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < route.names().size(); i++) {
          params.put(
              route.names().get(i), URLDecoder.decode(m.group(i + 1), StandardCharsets.UTF_8));
        }
        route.handler().handle(exchange, new Request(params, query(exchange)));
        return;
      }
    }
    if (pathMatched) {
      throw new HttpProblem(405, "method_not_allowed", method + " is not allowed on " + path, null);
    }
    throw HttpProblem.notFound("no route " + method + " " + path);
  }

  private static Map<String, String> query(HttpExchange exchange) {
    Map<String, String> out = new HashMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }
}
