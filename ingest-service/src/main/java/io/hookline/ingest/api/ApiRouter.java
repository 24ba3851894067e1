package io.hookline.ingest.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.hookline.core.crypto.SecretBox;
import io.hookline.core.endpoints.EndpointDirectory;
import io.hookline.core.http.HttpProblem;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;

/** Routes {@code /v1/*} after checking the bearer token. Called on one virtual thread a request. */
public final class ApiRouter implements HttpHandler {
  private final BearerAuth auth;
  private final EventsApi events;
  private final EndpointsApi endpoints;

  public ApiRouter(
      String apiToken,
      String eventsTopic,
      String endpointsTopic,
      Producer<String, byte[]> producer,
      Duration ackTimeout,
      EndpointDirectory directory,
      SecretBox secretBox,
      Clock clock,
      int maxPayloadBytes) {
    KafkaWriter writer = new KafkaWriter(producer, ackTimeout);
    this.auth = new BearerAuth(apiToken);
    this.events = new EventsApi(eventsTopic, writer, directory, clock, maxPayloadBytes);
    this.endpoints =
        new EndpointsApi(endpointsTopic, writer, directory, secretBox, clock, maxPayloadBytes);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    auth.require(exchange);
    String method = exchange.getRequestMethod();
    String[] parts = exchange.getRequestURI().getPath().replaceAll("/+$", "").split("/");
    // parts: "", "v1", resource, [id]
    String resource = parts.length > 2 ? parts[2] : "";
    switch (resource) {
      case "events" -> {
        if (parts.length == 3) {
          requireMethod(method, "POST");
          events.post(exchange);
          return;
        }
      }
      case "endpoints" -> {
        if (parts.length == 3) {
          if (method.equals("POST")) {
            endpoints.create(exchange);
          } else {
            requireMethod(method, "GET");
            endpoints.list(exchange, query(exchange));
          }
          return;
        }
        if (parts.length == 4) {
          requireMethod(method, "GET");
          endpoints.get(exchange, parts[3]);
          return;
        }
      }
      default -> {}
    }
    throw HttpProblem.notFound("no route " + method + " " + exchange.getRequestURI().getPath());
  }

  private static void requireMethod(String actual, String allowed) {
    if (!actual.equals(allowed)) {
      throw new HttpProblem(405, "method_not_allowed", "use " + allowed, null);
    }
  }

  private static Map<String, String> query(HttpExchange exchange) {
    Map<String, String> out = new HashMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }
}
