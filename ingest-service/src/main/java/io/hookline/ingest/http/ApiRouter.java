package io.hookline.ingest.http;

import io.hookline.core.http.Route;
import io.hookline.core.http.Router;

/**
 * The {@code /v1} API's HTTP plumbing: its routes on the service's {@link Router}, every request
 * under {@code /v1/} needing the bearer token before anything else is decided (an unknown path or
 * method included). The features register their routes here (endpoints, events, status); routes run
 * on a virtual thread a request.
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
}
