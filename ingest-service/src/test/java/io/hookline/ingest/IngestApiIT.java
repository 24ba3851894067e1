package io.hookline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookline.core.config.Env;
import io.hookline.core.crypto.SecretBox;
import io.hookline.schemas.DeadLetter;
import io.hookline.schemas.DeadLetterReason;
import io.hookline.schemas.Delivery;
import io.hookline.schemas.Endpoint;
import io.hookline.schemas.Json;
import io.hookline.testkit.KafkaCluster;
import io.hookline.testkit.WithKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The ingest API on a real broker: what it accepts, what it refuses and how it says so. */
@WithKafka
class IngestApiIT {
  private static final String TOKEN = "ingest-test-token";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static KafkaCluster kafka;
  private static IngestService ingest;
  private static String base;

  @BeforeAll
  static void start(KafkaCluster cluster) throws Exception {
    kafka = cluster;
    ingest =
        IngestService.start(
            IngestConfig.fromEnv(
                Env.of(
                    Map.of(
                        "HOOKLINE_KAFKA_BOOTSTRAP",
                        cluster.bootstrapServers(),
                        "HOOKLINE_TOPIC_PREFIX",
                        cluster.topicPrefix(),
                        "HOOKLINE_TOPIC_PARTITIONS",
                        "3",
                        "HOOKLINE_HTTP_HOST",
                        "127.0.0.1",
                        "HOOKLINE_HTTP_PORT",
                        "0",
                        "HOOKLINE_STATUS_PEER_PORT",
                        "0",
                        "HOOKLINE_API_TOKEN",
                        TOKEN,
                        "HOOKLINE_INGEST_MAX_PAYLOAD_BYTES",
                        "2048",
                        "HOOKLINE_MASTER_KEY",
                        SecretBox.generateMasterKey()))));
    base = "http://127.0.0.1:" + ingest.port();
  }

  @AfterAll
  static void stop() {
    ingest.close();
  }

  @Test
  void createsAnEndpointReturningItsSecretOnceAndStoringItOnlyEncrypted() throws Exception {
    Answer created =
        post("/v1/endpoints", "{\"tenant\":\"t1\",\"url\":\"https://hooks.example.com/a\"}");

    assertThat(created.status).isEqualTo(201);
    String id = created.json.get("id").asText();
    String secret = created.json.get("secret").asText();
    assertThat(secret).startsWith("whsec_");

    Answer fetched = get("/v1/endpoints/" + id);
    assertThat(fetched.status).isEqualTo(200);
    assertThat(fetched.body).doesNotContain(secret).doesNotContain("secret");
    assertThat(get("/v1/endpoints?tenant=t1").body).contains(id).doesNotContain("secret");

    List<ConsumerRecord<byte[], byte[]>> stored =
        kafka.readUntil(
            kafka.topicPrefix() + "endpoints",
            rs -> rs.stream().anyMatch(r -> key(r).equals(id)),
            Duration.ofSeconds(10));
    String onTopic =
        stored.stream()
            .filter(r -> key(r).equals(id))
            .map(r -> new String(r.value(), StandardCharsets.UTF_8))
            .findFirst()
            .orElseThrow();
    assertThat(onTopic).doesNotContain(secret.substring("whsec_".length()));
    assertThat(Json.read(onTopic, Endpoint.class).secrets()).hasSize(1);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not JSON                 | {\"tenant\": | 400 | invalid_request | ",
        "an array                 | [1,2]       | 400 | invalid_request | ",
        "missing tenant           | {\"type\":\"a.b\",\"data\":{}} | 400 | invalid_request | tenant",
        "missing data             | {\"tenant\":\"t1\",\"type\":\"a.b\"} | 400 | invalid_request | data",
        "data not an object       | {\"tenant\":\"t1\",\"type\":\"a.b\",\"data\":[1]} | 400 | invalid_request | data",
        "malformed type           | {\"tenant\":\"t1\",\"type\":\"a..b\",\"data\":{}} | 400 | invalid_request | type",
        "bad timestamp            | {\"tenant\":\"t1\",\"type\":\"a.b\",\"data\":{},\"timestamp\":\"yesterday\"} | 400 | invalid_request | timestamp",
        "unknown endpoint         | {\"tenant\":\"t1\",\"type\":\"a.b\",\"data\":{},\"endpointId\":\"ep_nope\"} | 404 | unknown_endpoint | endpointId",
      })
  void aBadEventIsRefusedWithAJsonErrorNamingTheField(
      String name, String body, int status, String code, String field) throws Exception {
    post("/v1/endpoints", "{\"tenant\":\"t1\",\"url\":\"https://hooks.example.com/a\"}");

    Answer answer = post("/v1/events", body);

    assertThat(answer.status).isEqualTo(status);
    assertThat(answer.json.get("error").asText()).isEqualTo(code);
    assertThat(answer.json.get("message").asText()).isNotBlank().doesNotContain("Exception");
    if (field == null) {
      assertThat(answer.json.has("field")).isFalse();
    } else {
      assertThat(answer.json.get("field").asText()).isEqualTo(field);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "ftp url                  | {\"tenant\":\"t1\",\"url\":\"ftp://x.example\"} | url",
        "credentials in url       | {\"tenant\":\"t1\",\"url\":\"https://u:p@x.example\"} | url",
        "not a url                | {\"tenant\":\"t1\",\"url\":\"https://exa mple\"} | url",
        "bad event type pattern   | {\"tenant\":\"t1\",\"url\":\"https://x.example\",\"eventTypes\":[\"a.*.b\"]} | eventTypes[0]",
        "zero rate                | {\"tenant\":\"t1\",\"url\":\"https://x.example\",\"rateLimit\":{\"perSecond\":0}} | rateLimit.perSecond",
        "reserved header          | {\"tenant\":\"t1\",\"url\":\"https://x.example\",\"headers\":{\"webhook-id\":\"x\"}} | headers.webhook-id",
        "hop-by-hop header        | {\"tenant\":\"t1\",\"url\":\"https://x.example\",\"headers\":{\"Keep-Alive\":\"x\"}} | headers.Keep-Alive",
        "null header value        | {\"tenant\":\"t1\",\"url\":\"https://x.example\",\"headers\":{\"X-A\":null}} | headers.X-A",
        "bad tenant               | {\"tenant\":\"a b\",\"url\":\"https://x.example\"} | tenant",
        "private address          | {\"tenant\":\"t1\",\"url\":\"http://10.0.0.5/hook\"} | url",
        "loopback address         | {\"tenant\":\"t1\",\"url\":\"http://localhost:8090/hook\"} | url",
        "metadata address         | {\"tenant\":\"t1\",\"url\":\"http://169.254.169.254/latest\"} | url",
      })
  void aBadEndpointIsRefusedNamingTheField(String name, String body, String field)
      throws Exception {
    Answer answer = post("/v1/endpoints", body);

    assertThat(answer.status).isEqualTo(400);
    assertThat(answer.json.get("field").asText()).isEqualTo(field);
  }

  @Test
  void aRefusedAddressIsExplainedInPlainWords() throws Exception {
    Answer answer = post("/v1/endpoints", "{\"tenant\":\"t1\",\"url\":\"http://10.1.2.3/in\"}");

    assertThat(answer.json.get("message").asText())
        .isEqualTo(
            "'url' is refused: 10.1.2.3 is a private address (the dispatcher only connects to public addresses)");
  }

  @Test
  void everyV1RouteNeedsTheBearerToken() throws Exception {
    HttpResponse<String> none =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/v1/events"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> wrong =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/v1/endpoints?tenant=t1"))
                .header("Authorization", "Bearer not-the-token")
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).contains("\"error\":\"unauthorized\"").doesNotContain("not-the-token");
  }

  @Test
  void aBodyOverThePayloadLimitIs413() throws Exception {
    String big =
        "{\"tenant\":\"t1\",\"type\":\"a.b\",\"data\":{\"x\":\"" + "y".repeat(4096) + "\"}}";

    Answer answer = post("/v1/events", big);

    assertThat(answer.status).isEqualTo(413);
    assertThat(answer.json.get("error").asText()).isEqualTo("payload_too_large");
  }

  @Test
  void aPoisonEventOnTheTopicGoesToTheDlqAndTheFanOutKeepsGoing() throws Exception {
    String endpointId =
        post("/v1/endpoints", "{\"tenant\":\"t2\",\"url\":\"https://hooks.example.com/b\"}")
            .json
            .get("id")
            .asText();
    byte[] poison = "{\"tenant\":\"t2\",\"type\":".getBytes(StandardCharsets.UTF_8);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producerProps())) {
      producer
          .send(
              new ProducerRecord<>(
                  kafka.topicPrefix() + "events", "t2".getBytes(StandardCharsets.UTF_8), poison))
          .get();
    }
    assertThat(
            post(
                    "/v1/events",
                    "{\"tenant\":\"t2\",\"type\":\"a.b\",\"id\":\"evt_after_poison\",\"data\":{}}")
                .status)
        .isEqualTo(202);

    DeadLetter dead =
        kafka
            .readUntil(kafka.topicPrefix() + "dlq", rs -> !rs.isEmpty(), Duration.ofSeconds(30))
            .stream()
            .map(r -> Json.read(r.value(), DeadLetter.class))
            .findFirst()
            .orElseThrow();
    assertThat(dead.reason()).isEqualTo(DeadLetterReason.POISON);
    assertThat(dead.originalBytesDecoded()).isEqualTo(poison);
    assertThat(dead.source().topic()).isEqualTo(kafka.topicPrefix() + "events");

    Delivery after =
        kafka
            .readUntil(
                kafka.topicPrefix() + "deliveries",
                rs -> rs.stream().anyMatch(r -> key(r).equals(endpointId)),
                Duration.ofSeconds(30))
            .stream()
            .filter(r -> key(r).equals(endpointId))
            .map(r -> Json.read(r.value(), Delivery.class))
            .findFirst()
            .orElseThrow();
    assertThat(after.eventId()).isEqualTo("evt_after_poison");
    assertThat(ingest.isFanOutRunning()).isTrue();
  }

  @Test
  void anEventFansOutToEachSubscribedEnabledEndpointOfItsTenantOnly() throws Exception {
    String orders = endpoint("t3", "[\"order.*\"]");
    String all = endpoint("t3", "[]");
    String invoices = endpoint("t3", "[\"invoice.paid\"]");
    String otherTenant = endpoint("t4", "[]");

    post(
        "/v1/events",
        "{\"tenant\":\"t3\",\"type\":\"order.created\",\"id\":\"evt_fan\",\"data\":{\"n\":1}}");

    List<Delivery> deliveries =
        kafka
            .readUntil(
                kafka.topicPrefix() + "deliveries",
                rs -> rs.stream().filter(r -> eventIdOf(r).equals("evt_fan")).count() >= 2,
                Duration.ofSeconds(30))
            .stream()
            .map(r -> Json.read(r.value(), Delivery.class))
            .filter(d -> d.eventId().equals("evt_fan"))
            .toList();
    assertThat(deliveries).extracting(Delivery::endpointId).containsExactlyInAnyOrder(orders, all);
    assertThat(deliveries).extracting(Delivery::endpointId).doesNotContain(invoices, otherTenant);
    assertThat(deliveries.get(0).payload())
        .isEqualTo(
            "{\"id\":\"evt_fan\",\"type\":\"order.created\",\"timestamp\":\""
                + Json.mapper().readTree(deliveries.get(0).payload()).get("timestamp").asText()
                + "\",\"data\":{\"n\":1}}");
    assertThat(deliveries).allMatch(d -> d.attempt() == 0 && d.tenant().equals("t3"));
  }

  private String endpoint(String tenant, String eventTypes) throws Exception {
    return post(
            "/v1/endpoints",
            "{\"tenant\":\""
                + tenant
                + "\",\"url\":\"https://hooks.example.com/x\",\"eventTypes\":"
                + eventTypes
                + "}")
        .json
        .get("id")
        .asText();
  }

  private static String eventIdOf(ConsumerRecord<byte[], byte[]> r) {
    return Json.read(r.value(), Delivery.class).eventId();
  }

  private static String key(ConsumerRecord<byte[], byte[]> r) {
    return r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
  }

  private record Answer(int status, String body, JsonNode json) {}

  private static Answer post(String path, String body) throws Exception {
    return answer(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", "Bearer " + TOKEN)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  private static Answer get(String path) throws Exception {
    return answer(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", "Bearer " + TOKEN)
            .build());
  }

  private static Answer answer(HttpRequest request) throws Exception {
    HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    return new Answer(
        r.statusCode(), r.body(), r.body().isEmpty() ? null : Json.mapper().readTree(r.body()));
  }
}
