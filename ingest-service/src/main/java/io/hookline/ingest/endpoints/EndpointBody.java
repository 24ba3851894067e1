package io.hookline.ingest.endpoints;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /v1/endpoints} and {@code PATCH /v1/endpoints/{id}}: the fields a user
 * sets. Numbers are read wide ({@code long}) so that an out-of-range value is answered with its
 * range rather than a parse error. Which fields a PATCH sets (and which it clears with {@code
 * null}) is told by the JSON object it was read from.
 */
record EndpointBody(
    String tenant,
    String url,
    String description,
    List<String> eventTypes,
    Rate rateLimit,
    Long maxInFlight,
    Long timeoutMs,
    Map<String, String> headers) {

  /** {@code rateLimit}: {@code burst} defaults to {@code perSecond}. */
  record Rate(Long perSecond, Long burst) {}
}
