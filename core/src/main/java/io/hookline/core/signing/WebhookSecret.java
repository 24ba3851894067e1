package io.hookline.core.signing;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * A Standard Webhooks signing secret: {@code whsec_} + base64 of 24 to 64 random bytes. Holds key
 * material: {@link #toString()} never prints it.
 */
public final class WebhookSecret {
  public static final String PREFIX = "whsec_";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] key;

  private WebhookSecret(byte[] key) {
    this.key = key;
  }

  /** A fresh secret of 32 random bytes. */
  public static WebhookSecret generate() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return new WebhookSecret(key);
  }

  /**
   * Parses {@code whsec_<base64>}.
   *
   * @throws IllegalArgumentException without echoing the input, which is secret
   */
  public static WebhookSecret parse(String text) {
    if (text == null || !text.startsWith(PREFIX)) {
      throw new IllegalArgumentException("a signing secret must start with " + PREFIX);
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(text.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a signing secret must be " + PREFIX + " + base64");
    }
    if (key.length < 24 || key.length > 64) {
      throw new IllegalArgumentException("a signing secret must hold 24 to 64 bytes");
    }
    return new WebhookSecret(key);
  }

  /** The {@code whsec_…} text, to hand to the endpoint's owner exactly once. */
  public String reveal() {
    return PREFIX + Base64.getEncoder().encodeToString(key);
  }

  byte[] key() {
    return key;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WebhookSecret other && MessageDigest.isEqual(key, other.key);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(key);
  }

  @Override
  public String toString() {
    return "WebhookSecret[****]";
  }
}
