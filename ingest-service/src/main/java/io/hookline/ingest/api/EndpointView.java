package io.hookline.ingest.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hookline.schemas.Endpoint;
import io.hookline.schemas.RateLimit;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An endpoint as the API shows it: never its secrets. {@code secret} is present only in the answer
 * to create (and rotate), the one time its owner sees it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record EndpointView(
    String id,
    String tenant,
    String url,
    String description,
    List<String> eventTypes,
    RateLimit rateLimit,
    Integer maxInFlight,
    Integer timeoutMs,
    Map<String, String> headers,
    boolean enabled,
    String disabledReason,
    Instant createdAt,
    Instant updatedAt,
    String secret) {

  static EndpointView of(Endpoint e, String revealedSecret) {
    return new EndpointView(
        e.id(),
        e.tenant(),
        e.url(),
        e.description(),
        e.eventTypes(),
        e.rateLimit(),
        e.maxInFlight(),
        e.timeoutMs(),
        e.headers(),
        e.enabled(),
        e.disabledReason(),
        e.createdAt(),
        e.updatedAt(),
        revealedSecret);
  }

  @Override
  public String toString() {
    return "EndpointView[id=" + id + ", tenant=" + tenant + ", url=" + url + "]";
  }
}
