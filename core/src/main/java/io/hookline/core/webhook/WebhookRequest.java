package io.hookline.core.webhook;

import io.hookline.core.Version;
import io.hookline.core.signing.WebhookSecret;
import io.hookline.core.signing.WebhookSigner;
import io.hookline.schemas.WebhookHeaders;
import java.net.URI;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The HTTP request a receiver gets for one attempt of one delivery: a JSON body, the Standard
 * Webhooks headers ({@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature}),
 * Hookline's own ({@code hookline-attempt}, {@code hookline-event-type}), the {@code user-agent},
 * and the endpoint's own headers, which never replace any of those. The one place that builds it,
 * for the dispatcher and for the bench's reference senders.
 *
 * @param url where it is sent
 * @param headers every header to send, in order; none of the HTTP client's own
 * @param body the exact bytes the signature covers
 */
public record WebhookRequest(URI url, Map<String, String> headers, byte[] body) {
  /** The body's media type. */
  public static final String CONTENT_TYPE = "application/json";

  public static final String USER_AGENT = "user-agent";

  /**
   * Header names (lower case) the HTTP client owns: the body's framing and type, the connection,
   * the host. No request carries them among its headers.
   */
  public static final Set<String> TRANSPORT =
      Set.of(
          "host",
          "content-type",
          "content-length",
          "transfer-encoding",
          "connection",
          "keep-alive",
          "proxy-connection",
          "te",
          "upgrade",
          "expect");

  /** Header names (lower case) {@link #attempt} sets itself. */
  public static final Set<String> WEBHOOK =
      Set.of(
          USER_AGENT,
          WebhookHeaders.ID,
          WebhookHeaders.TIMESTAMP,
          WebhookHeaders.SIGNATURE,
          WebhookHeaders.ATTEMPT,
          WebhookHeaders.EVENT_TYPE);

  /**
   * @throws IllegalArgumentException if {@code headers} names a {@link #TRANSPORT} header
   */
  public WebhookRequest {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(body, "body");
    for (String name : headers.keySet()) {
      if (TRANSPORT.contains(name.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("the HTTP client sets " + name + " itself");
      }
    }
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  /**
   * Whether an endpoint's own headers may not set {@code name} (any case): a {@link #TRANSPORT}
   * header, or one of the {@link #WEBHOOK} headers.
   */
  public static boolean isReserved(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return TRANSPORT.contains(lower) || WEBHOOK.contains(lower);
  }

  /**
   * The request of attempt {@code attempt} (1-based) of event {@code eventId}, signed at {@code at}
   * with every live secret of the endpoint. Reserved names among {@code endpointHeaders} are left
   * out (the API refuses them when an endpoint is created).
   */
  public static WebhookRequest attempt(
      URI url,
      String eventId,
      String eventType,
      int attempt,
      Instant at,
      byte[] body,
      List<WebhookSecret> secrets,
      Map<String, String> endpointHeaders) {
    Map<String, String> headers = new LinkedHashMap<>();
    endpointHeaders.forEach(
        (name, value) -> {
          if (!isReserved(name)) {
            headers.put(name, value);
          }
        });
    long timestamp = at.getEpochSecond();
    headers.put(WebhookHeaders.ID, eventId);
    headers.put(WebhookHeaders.TIMESTAMP, String.valueOf(timestamp));
    headers.put(
        WebhookHeaders.SIGNATURE, WebhookSigner.signatureHeader(eventId, timestamp, body, secrets));
    headers.put(WebhookHeaders.ATTEMPT, String.valueOf(attempt));
    headers.put(WebhookHeaders.EVENT_TYPE, eventType);
    headers.put(USER_AGENT, Version.userAgent());
    return new WebhookRequest(url, headers, body);
  }
}
