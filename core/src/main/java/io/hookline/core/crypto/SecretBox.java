package io.hookline.core.crypto;

import io.hookline.core.config.ConfigException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts endpoint secrets at rest with AES-256-GCM under the master key ({@code
 * HOOKLINE_MASTER_KEY}, base64 of 32 bytes). Each sealed value is bound to its context (the
 * endpoint id), so a ciphertext copied onto another endpoint does not open. Thread-safe.
 *
 * <p>Format: {@code v1:<base64 of 12-byte nonce || ciphertext || 16-byte tag>}.
 */
public final class SecretBox {
  public static final String MASTER_KEY = "HOOKLINE_MASTER_KEY";
  private static final String VERSION = "v1:";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;

  private SecretBox(byte[] key) {
    this.key = new SecretKeySpec(key, "AES");
  }

  /** Parses the master key; the error names the variable, never the value. */
  public static SecretBox fromMasterKey(String base64) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(MASTER_KEY + " must be base64 (try: openssl rand -base64 32)");
    }
    if (key.length != 32) {
      throw new ConfigException(
          MASTER_KEY
              + " must decode to 32 bytes, got "
              + key.length
              + " (openssl rand -base64 32)");
    }
    return new SecretBox(key);
  }

  /** A random master key, base64, for local use. */
  public static String generateMasterKey() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  public String seal(String plaintext, String context) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      byte[] out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
      return VERSION + Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable", e);
    }
  }

  /**
   * Opens what {@link #seal} produced for the same context.
   *
   * @throws IllegalArgumentException when the value was not sealed by this master key for this
   *     context (the message holds no key material)
   */
  public String open(String sealed, String context) {
    if (sealed == null || !sealed.startsWith(VERSION)) {
      throw new IllegalArgumentException("not a sealed secret (expected prefix " + VERSION + ")");
    }
    try {
      byte[] all = Base64.getDecoder().decode(sealed.substring(VERSION.length()));
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      byte[] plain = cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "secret does not open with this master key for " + context + " (wrong key or tampered)");
    }
  }

  @Override
  public String toString() {
    return "SecretBox[****]";
  }
}
