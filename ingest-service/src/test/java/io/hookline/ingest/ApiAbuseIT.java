package io.hookline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookline.ingest.RawConnection.RawResponse;
import io.hookline.schemas.Json;
import io.hookline.testkit.KafkaCluster;
import io.hookline.testkit.WithKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The API server against clients that misbehave: half-sent and trickled requests are closed within
 * the read timeout, malformed and oversized requests are answered in the JSON error format (never
 * the server's own HTML), and the number of connections is bounded. After each, a valid request
 * still succeeds.
 */
@WithKafka
class ApiAbuseIT {
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(1);
  private static ApiFixture api;

  @BeforeAll
  static void start(KafkaCluster cluster) throws Exception {
    api =
        new ApiFixture(
            cluster,
            Map.of(
                "HOOKLINE_HTTP_SERVER_READ_TIMEOUT_MS",
                String.valueOf(READ_TIMEOUT.toMillis()),
                "HOOKLINE_HTTP_SERVER_MAX_CONNECTIONS",
                "500"));
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @AfterEach
  void aValidRequestStillSucceeds() {
    assertThat(api.get("/v1/endpoints?tenant=abuse").status()).isEqualTo(200);
  }

  @Test
  void closesHalfSentRequestsOnceTheReadTimeoutHasPassed() throws Exception {
    List<RawConnection> connections = new ArrayList<>();
    try {
      for (int i = 0; i < 300; i++) {
        connections.add(
            new RawConnection(api.ingest.port())
                .write("POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le"));
      }
      // Each must be closed by the server: the read timeout plus slack for a slow machine.
      for (RawConnection c : connections) {
        assertThat(c.closedByServerWithin(READ_TIMEOUT.plusSeconds(4))).isTrue();
      }
    } finally {
      for (RawConnection c : connections) {
        c.close();
      }
    }
  }

  @Test
  void closesAClientThatTricklesItsRequestHeadersNeverPausingLongEnoughToSeemIdle()
      throws Exception {
    String head =
        "GET /v1/endpoints?tenant=abuse HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "X-Slow: "
            + "a".repeat(200)
            + "\r\n\r\n";
    ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
    try (RawConnection c = new RawConnection(api.ingest.port())) {
      // One byte every 100 ms: the whole head would take 25 s; the server must not wait for it.
      AtomicInteger next = new AtomicInteger();
      writer.scheduleAtFixedRate(
          () -> {
            int i = next.getAndIncrement();
            if (i < head.length()) {
              try {
                c.write(head.substring(i, i + 1));
              } catch (IOException e) {
                // the server closed the connection: what this test wants
              }
            }
          },
          0,
          100,
          TimeUnit.MILLISECONDS);
      assertThat(c.closedByServerWithin(READ_TIMEOUT.plusSeconds(5))).isTrue();
      assertThat(next.get()).isLessThan(head.length());
    } finally {
      writer.shutdownNow();
    }
  }

  @Test
  void closesARequestWhoseBodyStopsHalfWay() throws Exception {
    try (RawConnection c = new RawConnection(api.ingest.port())) {
      c.write(
          "POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
              + ApiFixture.TOKEN
              + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"tenant\":");
      RawResponse response = c.readResponse(READ_TIMEOUT.plusSeconds(4));
      assertThat(response.status()).isEqualTo(408);
      assertThat(assertJsonError(response).get("error").asText()).isEqualTo("request_timeout");
      assertThat(c.closedByServerWithin(Duration.ofSeconds(4))).isTrue();
    }
  }

  @Test
  void answersABodyOverTheLimitWith413AndConnectionCloseSoThatNoClientReusesTheConnection()
      throws Exception {
    // The server answers before reading the body and then drops the connection: a client that
    // was not told so put it back in its pool and lost its next request on it (IngestApiIT, once).
    for (String length : new String[] {"Content-Length: 1000000", "Transfer-Encoding: chunked"}) {
      try (RawConnection c = new RawConnection(api.ingest.port())) {
        c.write(
            "POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                + ApiFixture.TOKEN
                + "\r\nContent-Type: application/json\r\n"
                + length
                + "\r\n\r\n");
        if (length.startsWith("Transfer")) {
          c.write(Integer.toHexString(300_000) + "\r\n" + "x".repeat(300_000) + "\r\n");
        }
        RawResponse response = c.readResponse(Duration.ofSeconds(5));

        assertThat(response.status()).as(length).isEqualTo(413);
        assertThat(assertJsonError(response).get("error").asText()).isEqualTo("payload_too_large");
        assertThat(response.head().toLowerCase(Locale.ROOT))
            .as(length)
            .contains("\r\nconnection: close\r\n");
        assertThat(c.closedByServerWithin(Duration.ofSeconds(4))).isTrue();
      }
    }
  }

  @Test
  void servesABodyThatTakesLongerThanTheReadTimeoutWhileItKeepsComing() throws Exception {
    // 3 KiB in six pieces 300 ms apart: 1.5 s in all (the read timeout is 1 s), about 2 KiB/s.
    String body =
        "{\"tenant\":\"abuse\",\"type\":\"a.b\",\"data\":{\"pad\":\"" + "p".repeat(3000) + "\"}}";
    ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
    try (RawConnection c = new RawConnection(api.ingest.port())) {
      c.write(
          "POST /v1/events/validate HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
              + ApiFixture.TOKEN
              + "\r\nContent-Type: application/json\r\nContent-Length: "
              + body.length()
              + "\r\n\r\n");
      int piece = (body.length() + 5) / 6;
      AtomicInteger next = new AtomicInteger();
      writer.scheduleAtFixedRate(
          () -> {
            int from = next.getAndIncrement() * piece;
            if (from < body.length()) {
              try {
                c.write(body.substring(from, Math.min(body.length(), from + piece)));
              } catch (IOException e) {
                // the test fails below
              }
            }
          },
          300,
          300,
          TimeUnit.MILLISECONDS);
      assertThat(c.readResponse(Duration.ofSeconds(10)).status()).isEqualTo(200);
    } finally {
      writer.shutdownNow();
    }
  }

  @Test
  void closesAKeptAliveConnectionWhoseSecondRequestHeadTrickles() throws Exception {
    ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
    try (RawConnection c = new RawConnection(api.ingest.port())) {
      c.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      assertThat(c.readResponse(Duration.ofSeconds(5)).status()).isEqualTo(200);
      String head =
          "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + "a".repeat(200) + "\r\n\r\n";
      AtomicInteger next = new AtomicInteger();
      writer.scheduleAtFixedRate(
          () -> {
            int i = next.getAndIncrement();
            if (i < head.length()) {
              try {
                c.write(head.substring(i, i + 1));
              } catch (IOException e) {
                // closed by the server: what this test wants
              }
            }
          },
          0,
          100,
          TimeUnit.MILLISECONDS);
      assertThat(c.closedByServerWithin(READ_TIMEOUT.plusSeconds(5))).isTrue();
      assertThat(next.get()).isLessThan(head.length());
    } finally {
      writer.shutdownNow();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "GET /v1/%zz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        "GET /v1/endpoints?tenant=%G1 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
            + ApiFixture.TOKEN
            + "\r\n\r\n",
        "GET /v1/end\u0001points HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        "GET v1/endpoints HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        "POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: abc\r\n\r\n",
        "POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -5\r\n\r\n",
        "POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n"
            + "Content-Length: 3\r\n\r\n{}",
        "POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 99999999999999999999\r\n\r\n",
        "GET /v1/endpoints HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header Name: x\r\n\r\n",
      })
  void answersAMalformedRequestWithAJsonErrorThatNamesNoJavaException(String request)
      throws Exception {
    RawResponse response = send(request);

    assertThat(response.status()).as(response.head()).isBetween(400, 499);
    assertJsonError(response);
  }

  @Test
  void answersOversizedHeadersWith431InTheJsonErrorFormat() throws Exception {
    RawResponse response =
        send(
            "GET /v1/endpoints?tenant=abuse HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: "
                + "b".repeat(32 * 1024)
                + "\r\n\r\n");

    assertThat(response.status()).isEqualTo(431);
    assertThat(assertJsonError(response).get("error").asText()).isEqualTo("headers_too_large");
  }

  @Test
  void answersAnOverlongUriWith414InTheJsonErrorFormat() throws Exception {
    RawResponse response =
        send("GET /v1/endpoints/" + "e".repeat(32 * 1024) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");

    assertThat(response.status()).isEqualTo(414);
    assertThat(assertJsonError(response).get("error").asText()).isEqualTo("uri_too_long");
  }

  @Test
  void servesNoMoreConnectionsAtOnceThanItsBoundAndTheNextOneOnceOneCloses(KafkaCluster cluster)
      throws Exception {
    try (ApiFixture bounded =
        new ApiFixture(cluster, Map.of("HOOKLINE_HTTP_SERVER_MAX_CONNECTIONS", "4"))) {
      List<RawConnection> held = new ArrayList<>();
      try {
        for (int i = 0; i < 4; i++) {
          // A complete request on a kept-alive connection: the connection stays open afterwards.
          RawConnection c = new RawConnection(bounded.ingest.port());
          c.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
          assertThat(c.readResponse(Duration.ofSeconds(5)).status()).isEqualTo(200);
          held.add(c);
        }
        try (RawConnection fifth = new RawConnection(bounded.ingest.port())) {
          fifth.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
          // While four are open the fifth is not served…
          assertThat(fifth.readResponse(Duration.ofSeconds(1)).status()).isEqualTo(-1);
          // …and is once one of them goes.
          held.remove(0).close();
          assertThat(fifth.readResponse(Duration.ofSeconds(5)).status()).isEqualTo(200);
        }
      } finally {
        for (RawConnection c : held) {
          c.close();
        }
      }
    }
  }

  private static RawResponse send(String request) {
    try (RawConnection c = new RawConnection(api.ingest.port())) {
      c.write(request);
      return c.readResponse(Duration.ofSeconds(5));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode assertJsonError(RawResponse response) throws IOException {
    assertThat(response.contentType()).as(response.head()).startsWith("application/json");
    JsonNode json = Json.mapper().readTree(response.body());
    assertThat(json.get("error").asText()).isNotBlank();
    assertThat(json.get("message").asText()).isNotBlank();
    assertThat(response.body())
        .doesNotContainIgnoringCase("exception")
        .doesNotContainIgnoringCase("<html")
        .doesNotContainIgnoringCase("<h1>");
    return json;
  }
}
