package io.hookline.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The service HTTP server on loopback: routing, JSON errors, and the read timeout's scope. */
class HttpHostTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private HttpHost host;

  @AfterEach
  void stop() {
    if (host != null) {
      host.close();
    }
  }

  private String start(Router router, Duration readTimeout) throws Exception {
    HttpServerConfig config = new HttpServerConfig("127.0.0.1", 0, readTimeout, 8192, 64);
    host =
        HttpHost.start(
            config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), new Health(), router);
    return "http://127.0.0.1:" + host.port();
  }

  private static HttpResponse<String> send(String method, String url) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aRouteThatWaitsLongerThanTheReadTimeoutStillAnswers() throws Exception {
    // The read timeout bounds reading a request; a route waiting on Kafka (up to its own timeout)
    // must not be cut off by it.
    CountDownLatch never = new CountDownLatch(1);
    Router router =
        new Router()
            .add(
                "POST",
                "/slow",
                call -> {
                  try {
                    never.await(1500, TimeUnit.MILLISECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  call.respond(202, Map.of("status", "accepted"));
                });
    String base = start(router, Duration.ofMillis(300));

    HttpResponse<String> r = send("POST", base + "/slow");

    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(r.body()).contains("accepted");
  }

  @Test
  void pathParametersMethodsAndUnknownRoutesAnswerInJson() throws Exception {
    Router router =
        new Router()
            .add(
                "GET",
                "/v1/things/{id}",
                call -> call.respond(200, Map.of("id", call.pathParam("id"))))
            .add("GET", "/v1/things/special", call -> call.respond(200, Map.of("id", "literal")));
    String base = start(router, Duration.ofSeconds(5));

    assertThat(send("GET", base + "/v1/things/t_1").body()).isEqualTo("{\"id\":\"t_1\"}");
    assertThat(send("GET", base + "/v1/things/special").body()).contains("literal");
    HttpResponse<String> wrongMethod = send("DELETE", base + "/v1/things/t_1");
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("GET");
    assertThat(wrongMethod.body()).contains("\"error\":\"method_not_allowed\"");
    HttpResponse<String> unknown = send("GET", base + "/v2/nothing");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    assertThat(send("HEAD", base + "/healthz").statusCode()).isEqualTo(200);
  }

  @Test
  void everyAnswerCarriesTheSecurityHeaders() throws Exception {
    Router router =
        new Router()
            .guard(
                "/v1/private/",
                call -> {
                  throw new HttpProblem(401, "unauthorized", "no", null);
                })
            .add("GET", "/v1/things", call -> call.respond(200, Map.of("ok", true)))
            .add("GET", "/v1/private/x", call -> call.respond(200, Map.of("ok", true)))
            .add("GET", "/v1/fails", call -> call.respond(200, Map.of("n", 1 / zero())));
    String base = start(router, Duration.ofSeconds(5));

    for (String[] request :
        new String[][] {
          {"GET", "/v1/things"}, // a route
          {"DELETE", "/v1/things"}, // 405
          {"GET", "/v2/none"}, // 404, answered by the server's error handler
          {"GET", "/v1/private/x"}, // refused by a guard
          {"GET", "/v1/fails"}, // 500
          {"GET", "/healthz"}, // operational
        }) {
      HttpResponse<String> r = send(request[0], base + request[1]);
      String answer = request[0] + " " + request[1] + " (" + r.statusCode() + ")";
      assertThat(r.headers().firstValue("Content-Security-Policy"))
          .as(answer)
          .hasValue(SecurityHeaders.CONTENT_SECURITY_POLICY);
      assertThat(r.headers().firstValue("X-Content-Type-Options")).as(answer).hasValue("nosniff");
      assertThat(r.headers().firstValue("Referrer-Policy")).as(answer).hasValue("no-referrer");
      assertThat(r.headers().firstValue("X-Frame-Options")).as(answer).hasValue("DENY");
    }
    // A request the parser refuses (headers over the limit: 431) is answered by Jetty itself.
    String refused = rawHead(host.port(), "X-Big: " + "a".repeat(9000));
    assertThat(refused).startsWith("HTTP/1.1 431");
    assertThat(refused)
        .contains("Content-Security-Policy: " + SecurityHeaders.CONTENT_SECURITY_POLICY)
        .contains("X-Content-Type-Options: nosniff", "Referrer-Policy: no-referrer");
    assertThat(SecurityHeaders.CONTENT_SECURITY_POLICY)
        .contains("frame-ancestors 'none'", "script-src 'self'")
        .doesNotContain("unsafe-inline", "unsafe-eval");
  }

  /**
   * Sends a GET with {@code header} over a plain socket; returns the answer's status and headers.
   */
  private static String rawHead(int port, String header) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET /v1/things HTTP/1.1\r\nHost: 127.0.0.1\r\n" + header + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      int end = answer.indexOf("\r\n\r\n");
      return end < 0 ? answer : answer.substring(0, end);
    }
  }

  private static int zero() {
    return 0;
  }

  @Test
  void aFailingRouteAnswers500WithoutItsStackTrace() throws Exception {
    Router router =
        new Router()
            .add(
                "GET",
                "/boom",
                call -> {
                  throw new IllegalStateException("secret internals");
                });
    String base = start(router, Duration.ofSeconds(5));

    HttpResponse<String> r = send("GET", base + "/boom");

    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).contains("\"error\":\"internal\"").doesNotContain("secret internals");
  }
}
