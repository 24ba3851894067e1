package io.hookline.ingest.api;

import com.sun.net.httpserver.HttpExchange;
import io.hookline.core.crypto.SecretBox;
import io.hookline.core.endpoints.EndpointDirectory;
import io.hookline.core.http.Exchange;
import io.hookline.core.http.HttpProblem;
import io.hookline.core.ids.Ids;
import io.hookline.core.signing.WebhookSecret;
import io.hookline.schemas.Endpoint;
import io.hookline.schemas.EndpointSecret;
import io.hookline.schemas.EventTypePattern;
import io.hookline.schemas.Json;
import io.hookline.schemas.RateLimit;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * {@code /v1/endpoints}: create, get and list endpoints. Writes go to the compacted endpoints
 * topic; the answer waits until this instance's directory has applied the write, so a client can
 * post events to a new endpoint right after creating it.
 */
final class EndpointsApi {
  private static final Duration READ_YOUR_WRITE = Duration.ofSeconds(10);

  private final String topic;
  private final KafkaWriter writer;
  private final EndpointDirectory directory;
  private final SecretBox secretBox;
  private final Clock clock;
  private final int maxPayloadBytes;

  EndpointsApi(
      String topic,
      KafkaWriter writer,
      EndpointDirectory directory,
      SecretBox secretBox,
      Clock clock,
      int maxPayloadBytes) {
    this.topic = topic;
    this.writer = writer;
    this.directory = directory;
    this.secretBox = secretBox;
    this.clock = clock;
    this.maxPayloadBytes = maxPayloadBytes;
  }

  void create(HttpExchange exchange) throws IOException {
    JsonBody body = JsonBody.parse(Exchange.readBody(exchange, maxPayloadBytes));
    String tenant = body.requiredText("tenant", Validation.TENANT, Validation.TENANT_FORM);
    String url = Validation.endpointUrl(body.requiredText("url", null, null)).toString();
    String description = body.optionalText("description", null, null).orElse("");
    List<String> eventTypes = body.optionalStringList("eventTypes");
    for (int i = 0; i < eventTypes.size(); i++) {
      if (!EventTypePattern.isValidPattern(eventTypes.get(i))) {
        String field = "eventTypes[" + i + "]";
        throw HttpProblem.badRequest(
            "'" + field + "' must be a dotted type like order.created, a prefix like order.*, or *",
            field);
      }
    }
    RateLimit rateLimit =
        body.optionalObject("rateLimit")
            .map(
                rl -> {
                  int perSecond =
                      rl.optionalInt("perSecond", 1, 100_000)
                          .orElseThrow(
                              () ->
                                  HttpProblem.badRequest(
                                      "'rateLimit.perSecond' is required", "rateLimit.perSecond"));
                  int burst = rl.optionalInt("burst", 1, 100_000).orElse(perSecond);
                  return new RateLimit(perSecond, burst);
                })
            .orElse(null);
    Integer maxInFlight = body.optionalInt("maxInFlight", 1, 1000).orElse(null);
    Integer timeoutMs = body.optionalInt("timeoutMs", 100, 120_000).orElse(null);
    Map<String, String> headers = Validation.customHeaders(body.optionalStringMap("headers"));

    Instant now = clock.instant();
    String id = Ids.endpointId(clock);
    WebhookSecret secret = WebhookSecret.generate();
    EndpointSecret sealed = new EndpointSecret(secretBox.seal(secret.reveal(), id), now, null);
    Endpoint endpoint =
        new Endpoint(
            id,
            tenant,
            url,
            description,
            eventTypes,
            List.of(sealed),
            rateLimit,
            maxInFlight,
            timeoutMs,
            headers,
            true,
            null,
            now,
            now);
    RecordMetadata written = writer.write(topic, id, Json.write(endpoint));
    awaitApplied(written);
    exchange.getResponseHeaders().set("Location", "/v1/endpoints/" + id);
    Exchange.sendJson(exchange, 201, EndpointView.of(endpoint, secret.reveal()));
  }

  void get(HttpExchange exchange, String id) throws IOException {
    Endpoint endpoint =
        directory.get(id).orElseThrow(() -> HttpProblem.notFound("no endpoint " + id));
    Exchange.sendJson(exchange, 200, EndpointView.of(endpoint, null));
  }

  void list(HttpExchange exchange, Map<String, String> query) throws IOException {
    String tenant = query.get("tenant");
    if (tenant == null || !Validation.TENANT.matcher(tenant).matches()) {
      throw HttpProblem.badRequest("query parameter 'tenant' is required", "tenant");
    }
    List<EndpointView> views =
        directory.forTenant(tenant).stream()
            .sorted(Comparator.comparing(Endpoint::id))
            .map(e -> EndpointView.of(e, null))
            .toList();
    Exchange.sendJson(exchange, 200, Map.of("data", views));
  }

  private void awaitApplied(RecordMetadata written) {
    try {
      if (!directory.awaitApplied(written.partition(), written.offset(), READ_YOUR_WRITE)) {
        throw new HttpProblem(
            503, "unavailable", "the endpoint was written but is not visible yet; retry GET", null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HttpProblem(503, "unavailable", "interrupted", null);
    }
  }
}
