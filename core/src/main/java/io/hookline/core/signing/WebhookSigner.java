package io.hookline.core.signing;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook requests per Standard Webhooks 1.0: {@code v1,<base64 HMAC-SHA256 of
 * "id.timestamp.body">}, one entry per live secret, space-separated. Stateless and thread-safe.
 */
public final class WebhookSigner {
  private static final String HMAC = "HmacSHA256";

  private WebhookSigner() {}

  /**
   * The {@code webhook-signature} header value.
   *
   * @param id the {@code webhook-id} (the event id)
   * @param timestampSeconds the {@code webhook-timestamp}, Unix seconds
   * @param body the exact request body
   * @param secrets the endpoint's live secrets, newest first; at least one
   */
  public static String signatureHeader(
      String id, long timestampSeconds, byte[] body, List<WebhookSecret> secrets) {
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("at least one live secret is needed to sign");
    }
    byte[] prefix = (id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8);
    StringBuilder header = new StringBuilder();
    for (WebhookSecret secret : secrets) {
      if (!header.isEmpty()) {
        header.append(' ');
      }
      header.append("v1,").append(sign(secret, prefix, body));
    }
    return header.toString();
  }

  private static String sign(WebhookSecret secret, byte[] prefix, byte[] body) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(secret.key(), HMAC));
      mac.update(prefix);
      mac.update(body);
      return Base64.getEncoder().encodeToString(mac.doFinal());
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }
}
