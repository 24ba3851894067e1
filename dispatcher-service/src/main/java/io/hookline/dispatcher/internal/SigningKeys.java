package io.hookline.dispatcher.internal;

import io.hookline.core.crypto.SecretBox;
import io.hookline.core.signing.WebhookSecret;
import io.hookline.schemas.Endpoint;
import io.hookline.schemas.EndpointSecret;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens endpoints' sealed secrets with the master key, caching the opened ones (bounded) so AES is
 * not on the hot path. Thread-safe.
 */
final class SigningKeys {
  private static final int MAX_CACHED = 100_000;

  private final SecretBox box;
  private final Map<Sealed, WebhookSecret> opened = new ConcurrentHashMap<>();

  private record Sealed(String endpointId, String ciphertext) {}

  SigningKeys(SecretBox box) {
    this.box = box;
  }

  /**
   * The endpoint's secrets that sign at {@code now}, newest first.
   *
   * @throws IllegalStateException when none is live or one does not open with the master key
   */
  List<WebhookSecret> liveSecrets(Endpoint endpoint, Instant now) {
    // On every attempt: a loop, and no copy for the usual single secret.
    List<EndpointSecret> live = new ArrayList<>(endpoint.secrets().size());
    for (EndpointSecret s : endpoint.secrets()) {
      if (s.isLiveAt(now)) {
        live.add(s);
      }
    }
    if (live.isEmpty()) {
      throw new IllegalStateException("endpoint " + endpoint.id() + " has no live signing secret");
    }
    if (live.size() == 1) {
      return List.of(open(endpoint.id(), live.getFirst()));
    }
    live.sort(Comparator.comparing(EndpointSecret::createdAt).reversed());
    List<WebhookSecret> secrets = new ArrayList<>(live.size());
    for (EndpointSecret s : live) {
      secrets.add(open(endpoint.id(), s));
    }
    return secrets;
  }

  private WebhookSecret open(String endpointId, EndpointSecret sealed) {
    // Both strings hash once and keep it: no key built and hashed afresh per attempt.
    Sealed cacheKey = new Sealed(endpointId, sealed.ciphertext());
    WebhookSecret secret = opened.get(cacheKey);
    if (secret == null) {
      secret = WebhookSecret.parse(box.open(sealed.ciphertext(), endpointId));
      if (opened.size() >= MAX_CACHED) {
        opened.clear();
      }
      opened.put(cacheKey, secret);
    }
    return secret;
  }
}
