package io.hookline.core.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.standardwebhooks.Webhook;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {
  private static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  @Test
  void reproducesTheStandardWebhooksTestVectorExactly() {
    String header =
        WebhookSigner.signatureHeader(
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330L,
            "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8),
            List.of(WebhookSecret.parse(SPEC_SECRET)));

    assertThat(header).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  }

  @Test
  void severalLiveSecretsGiveOneSpaceSeparatedEntryEach() {
    WebhookSecret newer = WebhookSecret.generate();
    WebhookSecret older = WebhookSecret.generate();

    String header =
        WebhookSigner.signatureHeader(
            "evt_1", 1_700_000_000L, new byte[] {'{', '}'}, List.of(newer, older));

    String[] entries = header.split(" ");
    assertThat(entries).hasSize(2).allMatch(e -> e.startsWith("v1,"));
    assertThat(entries[0]).isNotEqualTo(entries[1]);
  }

  @Test
  void anIndependentVerifierAcceptsEachOfTheSecrets() throws Exception {
    WebhookSecret newer = WebhookSecret.generate();
    WebhookSecret older = WebhookSecret.generate();
    String body = "{\"id\":\"evt_1\",\"type\":\"order.created\",\"data\":{\"n\":1}}";
    long now = Instant.now().getEpochSecond();
    String signature =
        WebhookSigner.signatureHeader(
            "evt_1", now, body.getBytes(StandardCharsets.UTF_8), List.of(newer, older));
    Map<String, List<String>> headers =
        Map.of(
            "webhook-id", List.of("evt_1"),
            "webhook-timestamp", List.of(String.valueOf(now)),
            "webhook-signature", List.of(signature));

    assertThatCode(() -> new Webhook(newer.reveal()).verify(body, headers))
        .doesNotThrowAnyException();
    assertThatCode(() -> new Webhook(older.reveal()).verify(body, headers))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> new Webhook(WebhookSecret.generate().reveal()).verify(body, headers))
        .hasMessageContaining("No matching signature");
  }

  @Test
  void signingWithoutASecretIsRefused() {
    assertThatThrownBy(() -> WebhookSigner.signatureHeader("e", 1, new byte[0], List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aGeneratedSecretRoundTripsAndNeverPrintsItself() {
    WebhookSecret secret = WebhookSecret.generate();

    assertThat(secret.reveal()).startsWith("whsec_");
    assertThat(WebhookSecret.parse(secret.reveal())).isEqualTo(secret);
    assertThat(secret.toString()).doesNotContain(secret.reveal().substring(6));
  }

  @Test
  void aMalformedSecretIsRefusedWithoutEchoingIt() {
    assertThatThrownBy(() -> WebhookSecret.parse("whsec_c2hvcnQ="))
        .hasMessage("a signing secret must hold 24 to 64 bytes");
    assertThatThrownBy(() -> WebhookSecret.parse("hunter2")).hasMessageNotContaining("hunter2");
  }
}
