package io.hookline.bench.reference;

import io.hookline.core.signing.WebhookSecret;
import io.hookline.core.signing.WebhookSigner;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The headers a webhook request carries (Standard Webhooks id, timestamp and signature, plus
 * Hookline's attempt and type), built the way the dispatcher builds them, so that the references do
 * the same per-request work apart from Kafka.
 */
final class SignedRequest {
  private SignedRequest() {}

  static Map<String, String> headers(
      String eventId, String eventType, byte[] body, WebhookSecret secret) {
    long timestamp = System.currentTimeMillis() / 1000;
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("webhook-id", eventId);
    headers.put("webhook-timestamp", String.valueOf(timestamp));
    headers.put(
        "webhook-signature",
        WebhookSigner.signatureHeader(eventId, timestamp, body, List.of(secret)));
    headers.put("hookline-attempt", "1");
    headers.put("hookline-event-type", eventType);
    return headers;
  }
}
