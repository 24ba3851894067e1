package io.hookline.ingest.endpoints;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hookline.schemas.Endpoint;
import io.hookline.schemas.EndpointSecret;
import io.hookline.schemas.RateLimit;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * An endpoint as the API shows it: never its secrets, only when each live one was made and when it
 * stops signing ({@code signingKeys}, newest first: two after a rotation, until the old one
 * expires). {@code secret} is present only in the answer to create (and rotate), the one time its
 * owner sees it.
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
    List<SigningKey> signingKeys,
    Instant createdAt,
    Instant updatedAt,
    String secret) {

  /** A live signing secret without its value; {@code expiresAt} absent for the newest. */
  record SigningKey(Instant createdAt, Instant expiresAt) {}

  static EndpointView of(Endpoint e, String revealedSecret, Instant now) {
    List<SigningKey> keys =
        e.secrets().stream()
            .filter(s -> s.isLiveAt(now))
            .sorted(Comparator.comparing(EndpointSecret::createdAt).reversed())
            .map(s -> new SigningKey(s.createdAt(), s.expiresAt()))
            .toList();
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
        keys,
        e.createdAt(),
        e.updatedAt(),
        revealedSecret);
  }

  @Override
  public String toString() {
    return "EndpointView[id=" + id + ", tenant=" + tenant + ", url=" + url + "]";
  }
}
