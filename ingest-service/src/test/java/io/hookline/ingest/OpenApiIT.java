package io.hookline.ingest;

import static io.hookline.ingest.StatusRecords.attempt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.hookline.ingest.openapi.OpenApiDescription;
import io.hookline.schemas.AttemptOutcome;
import io.hookline.schemas.DeadLetterReason;
import io.hookline.schemas.Json;
import io.hookline.testkit.KafkaCluster;
import io.hookline.testkit.WithKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI description of {@code /v1} against the running service: it names exactly the routes
 * the router has, it is served behind the token, and real answers of every route, successes and
 * errors, are declared for their route and validate against the schema it gives them.
 */
@WithKafka
class OpenApiIT {
  private static final JsonSchemaFactory SCHEMAS =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
  private static final OpenApiDescription DESCRIPTION = OpenApiDescription.load();
  private static ApiFixture api;
  private static StatusRecords records;

  @BeforeAll
  static void start(KafkaCluster cluster) throws Exception {
    api = new ApiFixture(cluster, Map.of());
    records = new StatusRecords(cluster);
  }

  @AfterAll
  static void stop() {
    records.close();
    api.close();
  }

  @Test
  void everyRouteIsDescribedAndEveryDescribedRouteExists() {
    SortedSet<String> routed = api.ingest.apiRoutes();
    SortedSet<String> described = DESCRIPTION.operations();

    SortedSet<String> undescribed = new TreeSet<>(routed);
    undescribed.removeAll(described);
    SortedSet<String> unrouted = new TreeSet<>(described);
    unrouted.removeAll(routed);
    assertThat(undescribed).as("routes missing from openapi.json").isEmpty();
    assertThat(unrouted).as("operations in openapi.json that no route serves").isEmpty();
    assertThat(routed).contains("GET /v1/openapi.json", "POST /v1/events");
  }

  @Test
  void theDescriptionIsServedBehindTheTokenAndIsTheOneInTheJar() {
    ApiFixture.Answer served = api.get(OpenApiDescription.PATH);
    ApiFixture.Answer wrongToken =
        api.send("GET", OpenApiDescription.PATH, null, Map.of("Authorization", "Bearer wrong"));

    assertValid("GET", OpenApiDescription.PATH, 200, served);
    assertThat(served.header("Content-Type")).startsWith("application/json");
    assertThat(served.json()).isEqualTo(DESCRIPTION.document());
    assertThat(served.json().get("openapi").asText()).isEqualTo("3.1.0");
    assertValid("GET", OpenApiDescription.PATH, 401, wrongToken);
  }

  @Test
  void realAnswersOfTheEndpointRoutesValidateAgainstTheirSchemas() {
    ApiFixture.Answer created =
        api.post(
            "/v1/endpoints",
            "{\"tenant\":\"oa1\",\"url\":\"http://127.0.0.1:9/oa\",\"description\":\"d\","
                + "\"rateLimit\":{\"perSecond\":5}}");
    assertValid("POST", "/v1/endpoints", 201, created);
    String id = created.json().get("id").asText();
    String at = "/v1/endpoints/" + id;

    assertValid("GET", "/v1/endpoints", 200, api.get("/v1/endpoints?tenant=oa1&limit=1"));
    assertValid("GET", "/v1/endpoints/{id}", 200, api.get(at));
    assertValid("PATCH", "/v1/endpoints/{id}", 200, patch(at, "{\"description\":\"e\"}", ""));
    assertValid(
        "POST", "/v1/endpoints/{id}/rotate-secret", 200, api.post(at + "/rotate-secret", ""));
    assertValid(
        "POST", "/v1/endpoints/{id}/disable", 200, api.post(at + "/disable", "{\"reason\":\"m\"}"));
    assertValid("POST", "/v1/endpoints/{id}/enable", 200, api.post(at + "/enable", ""));
    assertValid("POST", "/v1/endpoints/{id}/test", 202, api.post(at + "/test", ""));

    // Errors: an unknown field, a bad query value, an unknown endpoint, a stale If-Match, a token
    // refused.
    assertValid(
        "POST",
        "/v1/endpoints",
        400,
        api.post("/v1/endpoints", "{\"tenant\":\"oa1\",\"url\":\"http://127.0.0.1:9/a\",\"x\":1}"));
    assertValid(
        "GET", "/v1/endpoints/{id}/attempts", 400, api.get(at + "/attempts?outcome=nonsense"));
    assertValid("GET", "/v1/endpoints/{id}", 404, api.get("/v1/endpoints/ep_nosuchendpoint"));
    assertValid("PATCH", "/v1/endpoints/{id}", 412, patch(at, "{\"description\":\"f\"}", "\"x\""));
    assertValid(
        "GET",
        "/v1/endpoints",
        401,
        api.send("GET", "/v1/endpoints?tenant=oa1", null, Map.of("Authorization", "Bearer no")));

    assertValid("DELETE", "/v1/endpoints/{id}", 204, api.send("DELETE", at, null, Map.of()));
  }

  @Test
  void realAnswersOfTheEventAndStatusRoutesValidateAgainstTheirSchemas() {
    String endpoint = api.endpoint("oa2", "");
    ApiFixture.Answer accepted =
        api.post("/v1/events", "{\"tenant\":\"oa2\",\"type\":\"order.paid\",\"data\":{\"n\":1}}");
    assertValid("POST", "/v1/events", 202, accepted);
    assertValid(
        "POST",
        "/v1/events/batch",
        202,
        api.post(
            "/v1/events/batch",
            "{\"events\":[{\"tenant\":\"oa2\",\"type\":\"a.b\",\"data\":{}},"
                + "{\"tenant\":\"oa2\",\"type\":\"a.c\",\"data\":{}}]}"));
    assertValid(
        "POST",
        "/v1/events/validate",
        200,
        api.post("/v1/events/validate", "{\"tenant\":\"oa2\",\"type\":\"a.b\",\"data\":{}}"));
    assertValid(
        "POST",
        "/v1/events",
        400,
        api.post("/v1/events", "{\"tenant\":\"oa2\",\"type\":\"a.b\",\"data\":{},\"tpye\":1}"));

    // No dispatcher runs here: its attempts, one retried and one dead, and the dead letter.
    String event = accepted.json().get("id").asText();
    Instant t = Instant.now();
    records.send(attempt("oa2", event, endpoint, 1, t, 35, AttemptOutcome.RETRYING, 503, t));
    records.send(
        attempt("oa2", event, endpoint, 2, t.plusSeconds(1), 9, AttemptOutcome.DEAD, 410, t));
    records.send(
        StatusRecords.deadLetter(
            "oa2", event, endpoint, DeadLetterReason.ENDPOINT_GONE, t.plusSeconds(1)));

    ApiFixture.Answer status =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> api.get("/v1/events/" + event),
                a ->
                    a.status() == 200
                        && a.json().at("/deliveries/0/attempts").size() == 2
                        && a.json().at("/deliveries/0/deadLetter").isObject());
    assertValid("GET", "/v1/events/{id}", 200, status);
    assertValid("GET", "/v1/events/{id}", 404, api.get("/v1/events/evt_nosuchevent"));
    ApiFixture.Answer attempts =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> api.get("/v1/endpoints/" + endpoint + "/attempts"),
                a -> a.status() == 200 && a.json().path("data").size() == 2);
    assertValid("GET", "/v1/endpoints/{id}/attempts", 200, attempts);
    ApiFixture.Answer stats =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> api.get("/v1/stats?tenant=oa2"),
                a -> a.status() == 200 && a.json().at("/attempts/total").asLong() == 2);
    assertValid("GET", "/v1/stats", 200, stats);
    assertValid("GET", "/v1/stats", 200, api.get("/v1/stats?tenant=oa2&series=hour"));
    assertValid("GET", "/v1/stats", 400, api.get("/v1/stats?hours=0"));
  }

  @Test
  void realAnswersOfTheDlqRoutesValidateAgainstTheirSchemas() {
    String endpoint = api.endpoint("oa3", "");
    Instant t = Instant.now();
    records.send(attempt("oa3", "evt_oa3", endpoint, 1, t, 35, AttemptOutcome.RETRYING, 503, t));
    records.send(
        attempt("oa3", "evt_oa3", endpoint, 2, t.plusSeconds(1), 9, AttemptOutcome.DEAD, 503, t));
    records.send(
        StatusRecords.deadLetter(
            "oa3", "evt_oa3", endpoint, DeadLetterReason.EXHAUSTED, t.plusSeconds(1)));
    ApiFixture.Answer page =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> api.get("/v1/dlq?endpoint=" + endpoint),
                a -> a.status() == 200 && a.json().path("data").size() == 1);
    assertValid("GET", "/v1/dlq", 200, page);
    assertValid("GET", "/v1/dlq", 400, api.get("/v1/dlq?reason=tired"));
    String ref = page.json().at("/data/0/ref").asText();
    ApiFixture.Answer entry =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> api.get("/v1/dlq/" + ref),
                a -> a.status() == 200 && a.json().path("attempts").size() == 2);
    assertValid("GET", "/v1/dlq/{ref}", 200, entry);
    // The dead letter and its attempts are held to the records' own schemas, inlined.
    ObjectNode broken = entry.json().deepCopy();
    ((ObjectNode) broken.at("/deadLetter/delivery")).put("attempt", "three");
    ((ObjectNode) broken.at("/attempts/0")).put("outcome", "maybe");
    JsonNode detail = DESCRIPTION.document().at("/components/schemas/DlqEntryDetail");
    assertThat(errors(detail, broken))
        .extracting(ValidationMessage::getInstanceLocation)
        .map(Object::toString)
        .contains("$.deadLetter.delivery.attempt", "$.attempts[0].outcome");
    assertValid("GET", "/v1/dlq/{ref}", 404, api.get("/v1/dlq/0:99999999"));
    assertValid("GET", "/v1/dlq/{ref}", 400, api.get("/v1/dlq/x"));
    String byRef = "{\"refs\":[\"" + ref + "\"]";
    assertValid(
        "POST", "/v1/dlq/replay", 200, api.post("/v1/dlq/replay", byRef + ",\"dryRun\":true}"));
    ApiFixture.Answer sent = api.post("/v1/dlq/replay", byRef + "}");
    assertValid("POST", "/v1/dlq/replay", 200, sent);
    assertValid("POST", "/v1/dlq/replay", 400, api.post("/v1/dlq/replay", "{\"rate\":-1}"));
    assertValid(
        "POST", "/v1/dlq/replay", 404, api.post("/v1/dlq/replay", "{\"refs\":[\"0:99999999\"]}"));
    String run = sent.json().get("run").asText();
    assertValid("GET", "/v1/dlq/replays/{run}", 200, api.get("/v1/dlq/replays/" + run));
    assertValid("GET", "/v1/dlq/replays/{run}", 404, api.get("/v1/dlq/replays/replay-00000000"));
    assertValid("GET", "/v1/dlq/{ref}", 200, api.get("/v1/dlq/" + ref)); // with its replay record
  }

  private static ApiFixture.Answer patch(String at, String body, String ifMatch) {
    return api.send("PATCH", at, body, ifMatch.isEmpty() ? Map.of() : Map.of("If-Match", ifMatch));
  }

  /**
   * The answer has {@code status}, the description declares that status for the operation, and the
   * answer's body (if any) validates against the schema it gives.
   */
  static void assertValid(String method, String template, int status, ApiFixture.Answer answer) {
    assertThat(answer.status()).as("%s %s: %s", method, template, answer.body()).isEqualTo(status);
    String pointer =
        "/paths/"
            + template.replace("~", "~0").replace("/", "~1")
            + "/"
            + method.toLowerCase(Locale.ROOT)
            + "/responses/"
            + answer.status();
    JsonNode response = DESCRIPTION.document().at(pointer);
    if (response.has("$ref")) { // a shared one: #/components/responses/...
      response = DESCRIPTION.document().at(response.get("$ref").asText().substring(1));
    }
    assertThat(response.isMissingNode())
        .as(
            "%s %s answered %d, which the description does not declare: %s",
            method, template, answer.status(), answer.body())
        .isFalse();
    JsonNode schema = response.at("/content/application~1json/schema");
    if (answer.body().isEmpty()) {
      assertThat(schema.isMissingNode())
          .as("%s %s %d has a schema but answered no body", method, template, answer.status())
          .isTrue();
      return;
    }
    assertThat(schema.isMissingNode())
        .as("%s %s %d answered a body but has no schema", method, template, answer.status())
        .isFalse();
    assertThat(errors(schema, answer.json()))
        .as("%s %s %d: %s", method, template, answer.status(), answer.body())
        .isEmpty();
  }

  /** What is wrong with {@code value} by {@code schema} of the description. */
  private static Set<ValidationMessage> errors(JsonNode schema, JsonNode value) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    root.set("components", DESCRIPTION.document().get("components"));
    root.setAll((ObjectNode) schema);
    return SCHEMAS.getSchema(root).validate(value);
  }
}
