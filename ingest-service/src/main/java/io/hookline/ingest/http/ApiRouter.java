package io.hookline.ingest.http;

import io.hookline.core.http.Route;
import io.hookline.core.http.Router;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A listener's {@code /v1} routes on its {@link Router}, every request under {@code /v1/} needing
 * that listener's bearer token before anything else is decided (an unknown path or method
 * included). The public API is one (the API token: endpoints, events, status), the status peer
 * listener another (the peer token). Routes run on a virtual thread a request.
 */
public final class ApiRouter {
  private final Router router;

  public ApiRouter(Router router, String apiToken) {
    this.router = router.guard("/v1/", new BearerAuth(apiToken)::require);
  }

  /**
   * Adds a route under {@code /v1/}, behind the bearer token like every path there. Call before the
   * HTTP server starts.
   */
  public void add(String method, String template, Route route) {
    router.add(method, template, route);
  }

  /** Every route under {@code /v1/}, as {@code METHOD template}, sorted. */
  public SortedSet<String> routes() {
    SortedSet<String> out = new TreeSet<>();
    router.routes().stream().filter(r -> r.contains(" /v1/")).forEach(out::add);
    return out;
  }
}
