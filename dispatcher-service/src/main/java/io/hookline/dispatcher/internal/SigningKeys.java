package io.hookline.dispatcher.internal;

import io.hookline.core.crypto.SecretBox;
import io.hookline.core.signing.WebhookSecret;
import io.hookline.schemas.Endpoint;
import io.hookline.schemas.EndpointSecret;
import java.time.Instant;
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
  private final Map<String, WebhookSecret> opened = new ConcurrentHashMap<>();

  SigningKeys(SecretBox box) {
    this.box = box;
  }

  /**
   * The endpoint's secrets that sign at {@code now}, newest first.
   *
   * @throws IllegalStateException when none is live or one does not open with the master key
   */
  List<WebhookSecret> liveSecrets(Endpoint endpoint, Instant now) {
    List<WebhookSecret> live =
        endpoint.secrets().stream()
            .filter(s -> s.isLiveAt(now))
            .sorted(Comparator.comparing(EndpointSecret::createdAt).reversed())
            .map(s -> open(endpoint.id(), s))
            .toList();
    if (live.isEmpty()) {
      throw new IllegalStateException("endpoint " + endpoint.id() + " has no live signing secret");
    }
    return live;
  }

  private WebhookSecret open(String endpointId, EndpointSecret sealed) {
    String cacheKey = endpointId + "\n" + sealed.ciphertext();
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
