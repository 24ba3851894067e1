package io.hookline.dispatcher.http;

import static io.hookline.dispatcher.http.LoopbackReceiver.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.core.net.EgressPolicy;
import io.hookline.core.webhook.WebhookRequest;
import io.hookline.dispatcher.http.HttpResult.Delivered;
import io.hookline.dispatcher.http.HttpResult.Failed;
import io.hookline.dispatcher.http.HttpResult.Gone;
import io.hookline.dispatcher.http.LoopbackReceiver.Received;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpSenderTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final byte[] BODY =
      "{\"id\":\"evt_1\",\"type\":\"order.paid\"}".getBytes(StandardCharsets.UTF_8);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private LoopbackReceiver receiver;
  private HttpSender sender;

  @BeforeEach
  void startReceiverAndSender() throws Exception {
    receiver = new LoopbackReceiver();
    sender =
        new HttpSender(
            HttpSenderConfig.defaults(),
            EgressPolicy.fromAllowList("127.0.0.0/8"),
            Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void stop() {
    sender.close();
    receiver.close();
  }

  private HttpResult send() {
    return sender.send(new WebhookRequest(receiver.url("/hook"), Map.of(), BODY), TIMEOUT);
  }

  @Test
  void deliversA2xxAndSendsTheHeadersAndTheBody() {
    receiver.answering(status(202, "thanks"));

    HttpResult result =
        sender.send(
            new WebhookRequest(
                receiver.url("/hook"),
                Map.of(
                    "webhook-id", "evt_1", "hookline-attempt", "1", "user-agent", "Hookline/test"),
                BODY),
            TIMEOUT);

    assertThat(result)
        .isInstanceOfSatisfying(
            Delivered.class,
            d -> {
              assertThat(d.status()).isEqualTo(202);
              assertThat(d.snippet()).isEqualTo("thanks");
            });
    Received request = receiver.received().getFirst();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/hook");
    assertThat(request.body()).isEqualTo(BODY);
    assertThat(request.headers())
        .containsEntry("webhook-id", "evt_1")
        .containsEntry("hookline-attempt", "1")
        .containsEntry("content-type", "application/json")
        .containsEntry("user-agent", "Hookline/test")
        .doesNotContainKeys("cookie", "accept-encoding");
  }

  @Test
  void treatsA410AsGone() {
    receiver.answering(status(410, "unsubscribed"));

    assertThat(send())
        .isInstanceOfSatisfying(Gone.class, g -> assertThat(g.snippet()).isEqualTo("unsubscribed"));
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 404, 429, 500, 502, 503})
  void treatsAnyOtherStatusAsARetryableFailureWithTheStatusRecorded(int code) {
    receiver.answering(status(code, "nope"));

    assertFailure(send(), failed(code, "HTTP " + code, Optional.empty(), "nope"));
  }

  @Test
  void honoursRetryAfterInSecondsOnA503() {
    receiver.answering(status(503, "", "Retry-After", "120"));

    assertFailure(send(), failed(503, "HTTP 503", Optional.of(Duration.ofSeconds(120)), ""));
  }

  @Test
  void honoursRetryAfterAsAnHttpDateOnA429() {
    String inFiveMinutes =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(300).atZone(ZoneOffset.UTC));
    receiver.answering(status(429, "", "Retry-After", inFiveMinutes));

    assertFailure(send(), failed(429, "HTTP 429", Optional.of(Duration.ofMinutes(5)), ""));
  }

  @Test
  void capsRetryAfterAtTheConfiguredMaximum() {
    receiver.answering(status(503, "", "Retry-After", "86400"));

    assertFailure(send(), failed(503, "HTTP 503", Optional.of(Duration.ofHours(1)), ""));
  }

  @ParameterizedTest
  @ValueSource(strings = {"-5", "soon", "Wed, 21 Oct 2015 07:28:00 GMT"})
  void ignoresANegativeUnparseableOrPastRetryAfter(String value) {
    receiver.answering(status(503, "", "Retry-After", value));

    assertFailure(send(), failed(503, "HTTP 503", Optional.empty(), ""));
  }

  @Test
  void ignoresRetryAfterOnA500() {
    receiver.answering(status(500, "", "Retry-After", "120"));

    assertFailure(send(), failed(500, "HTTP 500", Optional.empty(), ""));
  }

  @Test
  void doesNotFollowARedirect() {
    receiver.answering(status(301, "", "Location", "http://127.0.0.1:1/elsewhere"));

    HttpResult result = send();

    assertFailure(
        result,
        failed(
            301,
            "HTTP 301 redirect not followed (Location: http://127.0.0.1:1/elsewhere)",
            Optional.empty(),
            ""));
    assertThat(receiver.received()).hasSize(1);
  }

  @Test
  void keepsOnlyTheFirstKibibyteOfTheResponseBody() {
    receiver.answering(status(500, "é".repeat(600) + "z".repeat(4000)));

    HttpResult result = send();

    assertThat(result)
        .isInstanceOfSatisfying(
            Failed.class,
            f -> {
              assertThat(f.snippet()).isEqualTo("é".repeat(512));
              assertThat(f.snippet().getBytes(StandardCharsets.UTF_8)).hasSize(1024);
            });
  }

  @Test
  void stopsReadingAnEndlessBodyAfterTheSnippet() {
    receiver.answering(LoopbackReceiver.endlessBody());

    HttpResult result = send();

    assertThat(result)
        .isInstanceOfSatisfying(
            Delivered.class, d -> assertThat(d.snippet()).isEqualTo("x".repeat(1024)));
  }

  @Test
  void reusesTheConnectionForSequentialSends() {
    receiver.answering(status(200, "ok"));

    send();
    send();

    List<Received> requests = receiver.received();
    assertThat(requests).hasSize(2);
    assertThat(requests.get(1).clientPort()).isEqualTo(requests.get(0).clientPort());
  }

  @Test
  void servesManyVirtualThreadsAtOnce() throws Exception {
    receiver.answering(status(204, ""));

    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<HttpResult>> results =
          IntStream.range(0, 200).mapToObj(i -> threads.submit(this::send)).toList();
      for (Future<HttpResult> result : results) {
        assertThat(result.get()).isInstanceOf(Delivered.class);
      }
    }
    assertThat(receiver.received()).hasSize(200);
  }

  private static void assertFailure(HttpResult actual, Failed expected) {
    assertThat(actual)
        .isInstanceOf(Failed.class)
        .usingRecursiveComparison()
        .ignoringFields("durationMs")
        .isEqualTo(expected);
  }

  private static Failed failed(
      int status, String error, Optional<Duration> retryAfter, String snippet) {
    return new Failed(status, error, retryAfter, snippet, 0);
  }
}
