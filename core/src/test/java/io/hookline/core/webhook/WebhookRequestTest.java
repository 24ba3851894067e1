package io.hookline.core.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.standardwebhooks.Webhook;
import io.hookline.core.Version;
import io.hookline.core.signing.WebhookSecret;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookRequestTest {
  private static final URI URL = URI.create("http://127.0.0.1:9/hook");
  private static final String BODY = "{\"id\":\"evt_1\",\"type\":\"order.created\",\"data\":{}}";

  @Test
  void anAttemptCarriesTheStandardWebhooksHeadersAnIndependentVerifierAccepts() {
    WebhookSecret secret = WebhookSecret.generate();
    Instant now = Instant.now();

    WebhookRequest request =
        WebhookRequest.attempt(
            URL,
            "evt_1",
            "order.created",
            3,
            now,
            BODY.getBytes(StandardCharsets.UTF_8),
            List.of(secret),
            Map.of());

    assertThat(request.headers())
        .containsEntry("webhook-id", "evt_1")
        .containsEntry("webhook-timestamp", String.valueOf(now.getEpochSecond()))
        .containsEntry("hookline-attempt", "3")
        .containsEntry("hookline-event-type", "order.created")
        .containsEntry("user-agent", Version.userAgent());
    Map<String, List<String>> asReceived = new LinkedHashMap<>();
    request.headers().forEach((k, v) -> asReceived.put(k, List.of(v)));
    assertThatCode(() -> new Webhook(secret.reveal()).verify(BODY, asReceived))
        .doesNotThrowAnyException();
  }

  @Test
  void theEndpointsOwnHeadersAreSentButNeverReplaceAReservedOne() {
    Map<String, String> own = new LinkedHashMap<>();
    own.put("Authorization", "Bearer abc");
    own.put("Webhook-Id", "forged");
    own.put("User-Agent", "forged");
    own.put("Content-Type", "text/plain");
    own.put("Connection", "close");

    WebhookRequest request =
        WebhookRequest.attempt(
            URL,
            "evt_1",
            "order.created",
            1,
            Instant.now(),
            new byte[0],
            List.of(WebhookSecret.generate()),
            own);

    assertThat(request.headers())
        .containsEntry("Authorization", "Bearer abc")
        .containsEntry("webhook-id", "evt_1")
        .containsEntry("user-agent", Version.userAgent())
        .doesNotContainKeys("Webhook-Id", "User-Agent", "Content-Type", "Connection");
  }

  @Test
  void aRequestNeverCarriesAHeaderTheHttpClientOwns() {
    assertThatThrownBy(() -> new WebhookRequest(URL, Map.of("Content-Length", "1"), new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Content-Length");
  }

  @Test
  void reservedNamesAreEveryTransportAndWebhookHeaderInAnyCase() {
    assertThat(WebhookRequest.isReserved("HOST")).isTrue();
    assertThat(WebhookRequest.isReserved("Hookline-Event-Type")).isTrue();
    assertThat(WebhookRequest.isReserved("x-tenant")).isFalse();
  }
}
