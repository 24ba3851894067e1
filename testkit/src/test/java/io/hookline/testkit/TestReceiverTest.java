package io.hookline.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TestReceiverTest {

  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final TestReceiver receiver = TestReceiver.start();

  @AfterEach
  void closeReceiverAndClient() {
    receiver.close();
    client.shutdownNow();
  }

  @Test
  void recordsEveryRequestWithItsHeadersAndBody() throws Exception {
    Instant before = Instant.now();

    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create(receiver.url()))
                .header("Content-Type", "application/json")
                .header("Webhook-Id", "msg_1")
                .POST(BodyPublishers.ofString("{\"id\":\"evt_1\"}"))
                .build(),
            BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
    assertThat(receiver.count()).isEqualTo(1);
    ReceivedRequest request = receiver.requests().getFirst();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/hook");
    assertThat(request.header("webhook-id")).isEqualTo("msg_1");
    assertThat(request.header("WEBHOOK-ID")).isEqualTo("msg_1");
    assertThat(request.headers()).containsKey("content-type").doesNotContainKey("Content-Type");
    assertThat(request.header("x-absent")).isNull();
    assertThat(request.bodyAsString()).isEqualTo("{\"id\":\"evt_1\"}");
    assertThat(request.receivedAt()).isBetween(before, Instant.now());
  }

  @Test
  void answersWithTheProgrammedStatusAndBody() throws Exception {
    receiver.respondWith(422, "no thanks");

    HttpResponse<String> response = post(receiver.url());

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(response.body()).isEqualTo("no thanks");
  }

  @Test
  void addsRetryAfterAndKeepsTheStatusProgrammedBefore() throws Exception {
    receiver.respondWith(503).retryAfter("7");

    HttpResponse<String> response = post(receiver.url());

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("retry-after")).hasValue("7");
  }

  @Test
  void waitsTheProgrammedDelayBeforeAnswering() throws Exception {
    receiver.delay(Duration.ofMillis(300));
    long startNanos = System.nanoTime();

    HttpResponse<String> response = post(receiver.url());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - startNanos))
        .isGreaterThanOrEqualTo(Duration.ofMillis(300));
  }

  @Test
  void answersEachPathWithItsOwnBehaviourWithoutASlowPathHoldingUpTheOthers() throws Exception {
    ReceiverRoute slow = receiver.onPath("/ep/slow").delay(Duration.ofSeconds(30));
    ReceiverRoute gone = receiver.onPath("/ep/gone").respondWith(410);

    // The slow endpoint holds its request...
    CompletableFuture<HttpResponse<String>> slowAnswer = postAsync(slow.url());
    slow.awaitCount(1, Duration.ofSeconds(5));

    // ...while the others answer at once.
    assertThat(post(gone.url() + "/deeper").statusCode()).isEqualTo(410);
    assertThat(post(receiver.url("/ep/ok")).statusCode()).isEqualTo(200);
    assertThat(post(receiver.url("/ep/slower")).statusCode()).isEqualTo(200);
    assertThat(slowAnswer).isNotDone();

    assertThat(gone.requests())
        .extracting(ReceivedRequest::path)
        .containsExactly("/ep/gone/deeper");
    assertThat(slow.count()).isEqualTo(1);
    assertThat(receiver.count()).isEqualTo(4);
    assertThat(receiver.onPath("/ep/slow")).isSameAs(slow);
  }

  @Test
  void computesEachAnswerFromTheRequest() throws Exception {
    receiver.respondWith(
        request ->
            request.bodyAsString().contains("bad")
                ? Response.status(400).withBody("rejected " + request.path())
                : Response.ok());

    assertThat(post(receiver.url("/a"), "good").statusCode()).isEqualTo(200);
    HttpResponse<String> rejected = post(receiver.url("/b"), "bad");
    assertThat(rejected.statusCode()).isEqualTo(400);
    assertThat(rejected.body()).isEqualTo("rejected /b");
  }

  @Test
  void answers500WhenTheResponderThrows() throws Exception {
    receiver.respondWith(
        request -> {
          throw new IllegalStateException("boom");
        });

    assertThat(post(receiver.url()).statusCode()).isEqualTo(500);
    assertThat(receiver.count()).isEqualTo(1);
  }

  @Test
  void awaitCountReturnsOnceEnoughRequestsHaveArrived() {
    IntStream.range(0, 20).forEach(i -> postAsync(receiver.url("/n/" + i)));

    assertThat(receiver.awaitCount(20, Duration.ofSeconds(10))).hasSize(20);
  }

  @Test
  void awaitCountFailsWithWhatDidArrive() throws Exception {
    post(receiver.url("/only"));

    assertThatExceptionOfType(AssertionError.class)
        .isThrownBy(() -> receiver.awaitCount(2, Duration.ofMillis(200)))
        .withMessageContaining("Expected at least 2 requests")
        .withMessageContaining("POST /only");
  }

  @Test
  void clearForgetsTheRequestsButKeepsTheAnswers() throws Exception {
    receiver.respondWith(202);
    post(receiver.url());

    receiver.clear();

    assertThat(receiver.requests()).isEmpty();
    assertThat(post(receiver.url()).statusCode()).isEqualTo(202);
    assertThat(receiver.count()).isEqualTo(1);
  }

  private HttpResponse<String> post(String url) throws Exception {
    return post(url, "{}");
  }

  private HttpResponse<String> post(String url, String body) throws Exception {
    return client.send(request(url, body), BodyHandlers.ofString());
  }

  private CompletableFuture<HttpResponse<String>> postAsync(String url) {
    return client.sendAsync(request(url, "{}"), BodyHandlers.ofString());
  }

  private static HttpRequest request(String url, String body) {
    return HttpRequest.newBuilder(URI.create(url)).POST(BodyPublishers.ofString(body)).build();
  }
}
