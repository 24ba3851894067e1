package io.hookline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookline.testkit.KafkaCluster;
import io.hookline.testkit.WithKafka;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Promises of the API's contract at its edges: every body refuses unknown fields naming the field
 * (and the field that was probably meant), an IPv4 host must be written canonically, numbers out of
 * range say their range, ids in paths are checked before they are echoed, and an endpoint tells how
 * many secrets sign and until when.
 */
@WithKafka
class ApiContractIT {
  private static ApiFixture api;

  @BeforeAll
  static void start(KafkaCluster cluster) throws Exception {
    api = new ApiFixture(cluster, Map.of());
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "eventType for eventTypes | POST | /v1/endpoints | {\"tenant\":\"c1\",\"url\":\"http://127.0.0.1:9/a\",\"eventType\":[\"a.b\"]} | eventType | eventTypes",
        "rate_limit for rateLimit | POST | /v1/endpoints | {\"tenant\":\"c1\",\"url\":\"http://127.0.0.1:9/a\",\"rate_limit\":{\"perSecond\":1}} | rate_limit | rateLimit",
        "a nested typo            | POST | /v1/endpoints | {\"tenant\":\"c1\",\"url\":\"http://127.0.0.1:9/a\",\"rateLimit\":{\"persecond\":1}} | rateLimit.persecond | rateLimit.perSecond",
        "tenent for tenant        | POST | /v1/events | {\"tenent\":\"c1\",\"type\":\"a.b\",\"data\":{}} | tenent | tenant",
        "a typo in a batch item   | POST | /v1/events/batch | {\"events\":[{\"tenant\":\"c1\",\"type\":\"a.b\",\"data\":{}},{\"tenant\":\"c1\",\"tpye\":\"a.b\",\"data\":{}}]} | events[1].tpye | events[1].type",
        "a typo in validate       | POST | /v1/events/validate | {\"tenant\":\"c1\",\"type\":\"a.b\",\"data\":{},\"metdata\":{}} | metdata | metadata",
      })
  void anUnknownFieldIsRefusedNamingItAndTheFieldProbablyMeant(
      String name, String method, String path, String body, String field, String meant) {
    ApiFixture.Answer a = api.send(method, path, body, Map.of());

    assertThat(a.status()).as(a.body()).isEqualTo(400);
    assertThat(a.json().get("field").asText()).isEqualTo(field);
    assertThat(a.json().get("message").asText()).contains("did you mean '" + meant + "'");
  }

  @Test
  void enabledIsRefusedAtCreationAndTheAnswerSaysHowToDisable() {
    ApiFixture.Answer a =
        api.post(
            "/v1/endpoints",
            "{\"tenant\":\"c1\",\"url\":\"http://127.0.0.1:9/a\",\"enabled\":false}");

    assertThat(a.status()).isEqualTo(400);
    assertThat(a.json().get("field").asText()).isEqualTo("enabled");
    assertThat(a.json().get("message").asText()).contains("/disable");
  }

  @Test
  void patchAndTheActionRoutesRefuseUnknownFieldsToo() {
    String id = api.endpoint("c2", "");

    ApiFixture.Answer patch =
        api.send("PATCH", "/v1/endpoints/" + id, "{\"descripton\":\"x\"}", Map.of());
    ApiFixture.Answer disable =
        api.post("/v1/endpoints/" + id + "/disable", "{\"reson\":\"maintenance\"}");
    ApiFixture.Answer enable = api.post("/v1/endpoints/" + id + "/enable", "{\"now\":true}");

    assertThat(patch.status()).isEqualTo(400);
    assertThat(patch.json().get("message").asText()).contains("did you mean 'description'");
    assertThat(disable.status()).isEqualTo(400);
    assertThat(disable.json().get("message").asText()).contains("did you mean 'reason'");
    assertThat(enable.status()).isEqualTo(400);
    assertThat(enable.json().get("field").asText()).isEqualTo("now");
    assertThat(api.get("/v1/endpoints/" + id).json().get("enabled").asBoolean()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://0177.0.0.1/",
        "http://0x7f000001/",
        "http://0xa9fea9fe/",
        "http://2130706433/",
        "http://127.1/",
        "http://127.0.0.1./",
        "https://010.0.0.1/in"
      })
  void anIpv4HostThatParsersReadDifferentlyIsRefusedAtCreateAndPatchInPlainWords(String url) {
    // Only endpoint creation and change see these URLs: nothing is ever sent to them.
    ApiFixture.Answer created =
        api.post("/v1/endpoints", "{\"tenant\":\"c3\",\"url\":\"" + url + "\"}");
    String id = api.endpoint("c3", "");
    ApiFixture.Answer patched =
        api.send("PATCH", "/v1/endpoints/" + id, "{\"url\":\"" + url + "\"}", Map.of());

    for (ApiFixture.Answer a : new ApiFixture.Answer[] {created, patched}) {
      assertThat(a.status()).isEqualTo(400);
      assertThat(a.json().get("field").asText()).isEqualTo("url");
      assertThat(a.json().get("message").asText())
          .contains("write it as four decimal numbers")
          .doesNotContain("Exception");
    }
  }

  @Test
  void aNumberOutOfRangeIsAnsweredWithItsRangeNotAsAFormatError() {
    ApiFixture.Answer a =
        api.post(
            "/v1/endpoints",
            "{\"tenant\":\"c4\",\"url\":\"http://127.0.0.1:9/a\",\"timeoutMs\":99999999999}");

    assertThat(a.status()).isEqualTo(400);
    assertThat(a.json().get("field").asText()).isEqualTo("timeoutMs");
    assertThat(a.json().get("message").asText())
        .contains("between 100 and 120000")
        .doesNotContain("whole number");
  }

  @Test
  void aTimestampErrorSaysOffsetsAreAcceptedAndAnOffsetIs() {
    String id = api.endpoint("c5", "");
    ApiFixture.Answer bad =
        api.post(
            "/v1/events",
            "{\"tenant\":\"c5\",\"type\":\"a.b\",\"data\":{},\"timestamp\":\"yesterday\"}");
    ApiFixture.Answer withOffset =
        api.post(
            "/v1/events",
            "{\"tenant\":\"c5\",\"type\":\"a.b\",\"data\":{},\"endpointId\":\""
                + id
                + "\",\"timestamp\":\"2026-12-01T11:00:00+01:00\"}");

    assertThat(bad.json().get("message").asText()).contains("offset").doesNotContain("UTC");
    assertThat(withOffset.status()).isEqualTo(202);
  }

  @Test
  void aMalformedIdInAPathIsRefusedWithoutBeingEchoed() {
    String longId = "e".repeat(5000);

    ApiFixture.Answer endpoint = api.get("/v1/endpoints/" + longId);
    ApiFixture.Answer event = api.get("/v1/events/" + longId);

    for (ApiFixture.Answer a : new ApiFixture.Answer[] {endpoint, event}) {
      assertThat(a.status()).isEqualTo(400);
      assertThat(a.json().get("field").asText()).isEqualTo("id");
      assertThat(a.body()).doesNotContain("eeeeeeeeee").hasSizeLessThan(300);
    }
  }

  @Test
  void withoutTheTokenNoV1PathOrMethodIsToldApart() {
    Map<String, String> noToken = Map.of("Authorization", "Bearer wrong-token");

    ApiFixture.Answer unknownPath = api.send("GET", "/v1/nothing-here", null, noToken);
    ApiFixture.Answer wrongMethod = api.send("PUT", "/v1/events", "{}", noToken);
    ApiFixture.Answer unknownWithToken = api.get("/v1/nothing-here");
    ApiFixture.Answer wrongWithToken = api.send("PUT", "/v1/events", "{}", Map.of());

    assertThat(unknownPath.status()).isEqualTo(401);
    assertThat(wrongMethod.status()).isEqualTo(401);
    assertThat(unknownWithToken.status()).isEqualTo(404);
    assertThat(wrongWithToken.status()).isEqualTo(405);
    assertThat(wrongWithToken.header("Allow")).isEqualTo("POST");
  }

  @Test
  void anEventForATenantWithNoEndpointsIsAcceptedAsOneProducedToKafkaWouldBe() {
    ApiFixture.Answer a =
        api.post("/v1/events", "{\"tenant\":\"no-endpoints-yet\",\"type\":\"a.b\",\"data\":{}}");

    assertThat(a.status()).isEqualTo(202);
    assertThat(a.json().get("id").asText()).startsWith("evt_");
  }

  @Test
  void anEndpointShowsItsLiveSigningSecretsAndWhenTheRotatedOneExpiresNeverTheirValues() {
    String id = api.endpoint("c6", "");
    assertThat(api.get("/v1/endpoints/" + id).json().get("signingKeys")).hasSize(1);

    ApiFixture.Answer rotated = api.post("/v1/endpoints/" + id + "/rotate-secret", "");
    JsonNode fetched = api.get("/v1/endpoints/" + id).json();

    for (JsonNode view : new JsonNode[] {rotated.json(), fetched}) {
      JsonNode keys = view.get("signingKeys");
      assertThat(keys).hasSize(2);
      assertThat(keys.get(0).has("expiresAt")).isFalse(); // the newest signs until rotated
      assertThat(keys.get(1).get("expiresAt").asText()).isNotBlank();
    }
    assertThat(fetched.toString()).doesNotContain("whsec_").doesNotContain("enc:");
  }
}
