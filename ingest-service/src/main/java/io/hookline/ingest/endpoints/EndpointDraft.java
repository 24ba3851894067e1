package io.hookline.ingest.endpoints;

import io.hookline.schemas.Endpoint;
import io.hookline.schemas.EndpointSecret;
import io.hookline.schemas.RateLimit;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A mutable copy of an endpoint, changed field by field and built into a new record. */
final class EndpointDraft {
  private final Endpoint base;
  String url;
  String description;
  List<String> eventTypes;
  List<EndpointSecret> secrets;
  RateLimit rateLimit;
  Integer maxInFlight;
  Integer timeoutMs;
  Map<String, String> headers;
  boolean enabled;
  String disabledReason;

  EndpointDraft(Endpoint base) {
    this.base = base;
    this.url = base.url();
    this.description = base.description();
    this.eventTypes = base.eventTypes();
    this.secrets = base.secrets();
    this.rateLimit = base.rateLimit();
    this.maxInFlight = base.maxInFlight();
    this.timeoutMs = base.timeoutMs();
    this.headers = base.headers();
    this.enabled = base.enabled();
    this.disabledReason = base.disabledReason();
  }

  Endpoint build(Instant updatedAt) {
    return new Endpoint(
        base.id(),
        base.tenant(),
        url,
        description,
        eventTypes,
        secrets,
        rateLimit,
        maxInFlight,
        timeoutMs,
        headers,
        enabled,
        enabled ? null : disabledReason,
        base.createdAt(),
        updatedAt);
  }
}
