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
    ApiFixture.Answer anonymous =
        api.send("GET", OpenApiDescription.PATH, null, Map.of("Authorization", "Bearer wrong"));

    assertThat(served.status()).isEqualTo(200);
    assertThat(served.header("Content-Type")).startsWith("application/json");
    assertThat(served.json()).isEqualTo(DESCRIPTION.document());
    assertThat(served.json().get("openapi").asText()).isEqualTo("3.1.0");
    assertValid("GET", OpenApiDescription.PATH, served);
    assertThat(anonymous.status()).isEqualTo(401);
    assertValid("GET", OpenApiDescription.PATH, anonymous);
  }

  @Test
  void realAnswersOfTheEndpointRoutesValidateAgainstTheirSchemas() {
    ApiFixture.Answer created =
        api.post(
            "/v1/endpoints",
            "{\"tenant\":\"oa1\",\"url\":\"http://127.0.0.1:9/oa\",\"description\":\"d\","
                + "\"rateLimit\":{\"perSecond\":5}}");
    assertValid("POST", "/v1/endpoints", created);
    String id = created.json().get("id").asText();
    String at = "/v1/endpoints/" + id;

    assertValid("GET", "/v1/endpoints", api.get("/v1/endpoints?tenant=oa1&limit=1"));
    assertValid("GET", "/v1/endpoints/{id}", api.get(at));
    assertValid(
        "PATCH", "/v1/endpoints/{id}", api.send("PATCH", at, "{\"description\":\"e\"}", Map.of()));
    assertValid("POST", "/v1/endpoints/{id}/rotate-secret", api.post(at + "/rotate-secret", ""));
    assertValid(
        "POST",
        "/v1/endpoints/{id}/disable",
        api.post(at + "/disable", "{\"reason\":\"maintenance\"}"));
    assertValid("POST", "/v1/endpoints/{id}/enable", api.post(at + "/enable", ""));
    assertValid("POST", "/v1/endpoints/{id}/test", api.post(at + "/test", ""));
    ApiFixture.Answer attempts =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> api.get(at + "/attempts"), a -> a.status() == 200);
    assertValid("GET", "/v1/endpoints/{id}/attempts", attempts);
    assertValid("GET", "/v1/endpoints/{id}/attempts", api.get(at + "/attempts?outcome=nonsense"));

    // Errors: an unknown field, an unknown endpoint, a stale If-Match, a refused token.
    assertValid(
        "POST",
        "/v1/endpoints",
        api.post("/v1/endpoints", "{\"tenant\":\"oa1\",\"url\":\"http://127.0.0.1:9/a\",\"x\":1}"));
    assertValid("GET", "/v1/endpoints/{id}", api.get("/v1/endpoints/ep_nosuchendpoint"));
    assertValid(
        "PATCH",
        "/v1/endpoints/{id}",
        api.send("PATCH", at, "{\"description\":\"f\"}", Map.of("If-Match", "\"stale\"")));
    assertValid(
        "GET",
        "/v1/endpoints",
        api.send("GET", "/v1/endpoints?tenant=oa1", null, Map.of("Authorization", "Bearer no")));

    ApiFixture.Answer deleted = api.send("DELETE", at, null, Map.of());
    assertThat(deleted.status()).isEqualTo(204);
    assertValid("DELETE", "/v1/endpoints/{id}", deleted);
  }

  @Test
  void realAnswersOfTheEventAndStatusRoutesValidateAgainstTheirSchemas() {
    String endpoint = api.endpoint("oa2", "");
    ApiFixture.Answer accepted =
        api.post("/v1/events", "{\"tenant\":\"oa2\",\"type\":\"order.paid\",\"data\":{\"n\":1}}");
    assertValid("POST", "/v1/events", accepted);
    assertValid(
        "POST",
        "/v1/events/batch",
        api.post(
            "/v1/events/batch",
            "{\"events\":[{\"tenant\":\"oa2\",\"type\":\"a.b\",\"data\":{}},"
                + "{\"tenant\":\"oa2\",\"type\":\"a.c\",\"data\":{}}]}"));
    assertValid(
        "POST",
        "/v1/events/validate",
        api.post("/v1/events/validate", "{\"tenant\":\"oa2\",\"type\":\"a.b\",\"data\":{}}"));
    assertValid(
        "POST",
        "/v1/events",
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
            .until(() -> api.get("/v1/events/" + event), a -> a.status() == 200);
    assertValid("GET", "/v1/events/{id}", status);
    assertValid("GET", "/v1/events/{id}", api.get("/v1/events/evt_nosuchevent"));
    ApiFixture.Answer stats =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> api.get("/v1/stats?tenant=oa2"), a -> a.status() == 200);
    assertValid("GET", "/v1/stats", stats);
    assertValid("GET", "/v1/stats", api.get("/v1/stats?hours=0"));
  }

  /**
   * The answer's status is declared for the operation, and its body (if any) validates against the
   * schema the description gives that status.
   */
  private static void assertValid(String method, String template, ApiFixture.Answer answer) {
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
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    root.set("components", DESCRIPTION.document().get("components"));
    root.setAll((ObjectNode) schema);
    Set<ValidationMessage> errors = SCHEMAS.getSchema(root).validate(answer.json());
    assertThat(errors)
        .as("%s %s %d: %s", method, template, answer.status(), answer.body())
        .isEmpty();
  }
}
