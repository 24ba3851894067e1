package io.hookline.schemas;

import java.time.Instant;

/**
 * One signing secret of an endpoint, as stored: encrypted at rest, never in clear on a topic.
 *
 * @param ciphertext the {@code whsec_…} secret sealed with the master key (see core's SecretBox)
 * @param expiresAt when this secret stops signing; {@code null} for the newest secret
 */
public record EndpointSecret(String ciphertext, Instant createdAt, Instant expiresAt) {
  public EndpointSecret {
    Fields.requiredText(ciphertext, "ciphertext");
    Fields.required(createdAt, "createdAt");
  }

  /** Whether this secret still signs at {@code now}. */
  public boolean isLiveAt(Instant now) {
    return expiresAt == null || now.isBefore(expiresAt);
  }

  /** Never print the ciphertext either: it is still key material. */
  @Override
  public String toString() {
    return "EndpointSecret[createdAt=" + createdAt + ", expiresAt=" + expiresAt + "]";
  }
}
