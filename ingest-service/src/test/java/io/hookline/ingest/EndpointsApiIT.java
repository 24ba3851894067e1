package io.hookline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.hookline.core.crypto.SecretBox;
import io.hookline.schemas.Delivery;
import io.hookline.schemas.Endpoint;
import io.hookline.schemas.Event;
import io.hookline.schemas.Json;
import io.hookline.testkit.KafkaCluster;
import io.hookline.testkit.WithKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Every endpoint route of the API, with its errors, on a real broker. */
@WithKafka
class EndpointsApiIT {
  private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();
  private static KafkaCluster kafka;
  private static ApiFixture api;

  @BeforeAll
  static void start(KafkaCluster cluster) throws Exception {
    LOGS.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(LOGS);
    kafka = cluster;
    api = new ApiFixture(cluster, Map.of());
  }

  @AfterAll
  static void stop() {
    api.close();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(LOGS);
  }

  @Test
  void patchChangesOnlyTheFieldsGivenAndClearsExplicitNulls() {
    String id = api.endpoint("p1", ",\"rateLimit\":{\"perSecond\":5},\"description\":\"a\"");

    ApiFixture.Answer patched =
        api.send(
            "PATCH",
            "/v1/endpoints/" + id,
            "{\"url\":\"https://new.example.com/in\",\"rateLimit\":null,\"eventTypes\":[\"order.*\"]}",
            Map.of());

    assertThat(patched.status()).isEqualTo(200);
    assertThat(patched.json().get("url").asText()).isEqualTo("https://new.example.com/in");
    assertThat(patched.json().has("rateLimit")).isFalse();
    assertThat(patched.json().get("description").asText()).isEqualTo("a");
    assertThat(api.get("/v1/endpoints/" + id).json().get("eventTypes").get(0).asText())
        .isEqualTo("order.*");
  }

  @Test
  void aStaleIfMatchIsRefusedSoConcurrentUpdatesDoNotLoseEachOther() {
    String id = api.endpoint("p2", "");
    String etag = api.get("/v1/endpoints/" + id).header("ETag");

    ApiFixture.Answer first =
        api.send(
            "PATCH",
            "/v1/endpoints/" + id,
            "{\"description\":\"first\"}",
            Map.of("If-Match", etag));
    ApiFixture.Answer second =
        api.send(
            "PATCH",
            "/v1/endpoints/" + id,
            "{\"description\":\"second\"}",
            Map.of("If-Match", etag));

    assertThat(first.status()).isEqualTo(200);
    assertThat(second.status()).isEqualTo(412);
    assertThat(second.json().get("field").asText()).isEqualTo("If-Match");
    assertThat(api.get("/v1/endpoints/" + id).json().get("description").asText())
        .isEqualTo("first");
  }

  @Test
  void enableAndDisableAnswerWithTheETagOfWhatTheyWroteSoAConditionalPatchCanFollow() {
    String id = api.endpoint("p7", "");

    ApiFixture.Answer disabled = api.post("/v1/endpoints/" + id + "/disable", "");
    String afterDisable = api.get("/v1/endpoints/" + id).header("ETag");
    ApiFixture.Answer enabled = api.post("/v1/endpoints/" + id + "/enable", "");
    String afterEnable = api.get("/v1/endpoints/" + id).header("ETag");
    ApiFixture.Answer patched =
        api.send(
            "PATCH",
            "/v1/endpoints/" + id,
            "{\"description\":\"after enable\"}",
            Map.of("If-Match", enabled.header("ETag")));

    assertThat(disabled.header("ETag")).isNotNull().isEqualTo(afterDisable);
    assertThat(enabled.header("ETag")).isNotNull().isEqualTo(afterEnable);
    assertThat(patched.status()).as(patched.body()).isEqualTo(200);
  }

  @Test
  void patchRefusesFieldsThatCannotChange() {
    String id = api.endpoint("p3", "");

    ApiFixture.Answer a =
        api.send("PATCH", "/v1/endpoints/" + id, "{\"tenant\":\"other\"}", Map.of());

    assertThat(a.status()).isEqualTo(400);
    assertThat(a.json().get("field").asText()).isEqualTo("tenant");
  }

  @Test
  void deleteWritesATombstoneAndTheEndpointIsGone() {
    String id = api.endpoint("p4", "");

    assertThat(api.send("DELETE", "/v1/endpoints/" + id, null, Map.of()).status()).isEqualTo(204);

    assertThat(api.get("/v1/endpoints/" + id).status()).isEqualTo(404);
    assertThat(
            kafka.readAll(kafka.topicPrefix() + "endpoints", Duration.ofSeconds(10)).stream()
                .anyMatch(r -> key(r).equals(id) && r.value() == null))
        .isTrue();
    assertThat(api.send("DELETE", "/v1/endpoints/" + id, null, Map.of()).status()).isEqualTo(404);
  }

  @Test
  void anUpperCaseSchemeIsStoredLowerCaseSoTheRecordMatchesItsSchema() {
    ApiFixture.Answer created =
        api.post("/v1/endpoints", "{\"tenant\":\"p6\",\"url\":\"HTTPS://Hooks.example.com/In\"}");
    String id = created.json().get("id").asText();
    ApiFixture.Answer patched =
        api.send("PATCH", "/v1/endpoints/" + id, "{\"url\":\"Http://127.0.0.1:9/Up\"}", Map.of());

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().get("url").asText()).isEqualTo("https://Hooks.example.com/In");
    assertThat(patched.json().get("url").asText()).isEqualTo("http://127.0.0.1:9/Up");
    // endpoint.json: "url" matches ^https?:// (a scheme is case-insensitive, the pattern is not).
    assertThat(latest(id).url()).isEqualTo("http://127.0.0.1:9/Up");
  }

  @Test
  void rotationKeepsTheOldSecretSigningFor24HoursAndShowsTheNewOneOnce() {
    ApiFixture.Answer created =
        api.post("/v1/endpoints", "{\"tenant\":\"p5\",\"url\":\"https://hooks.example.com/x\"}");
    String id = created.json().get("id").asText();
    String oldSecret = created.json().get("secret").asText();

    ApiFixture.Answer rotated = api.post("/v1/endpoints/" + id + "/rotate-secret", "");

    String newSecret = rotated.json().get("secret").asText();
    assertThat(rotated.status()).isEqualTo(200);
    assertThat(newSecret).startsWith("whsec_").isNotEqualTo(oldSecret);
    Endpoint stored = latest(id);
    assertThat(stored.secrets()).hasSize(2);
    assertThat(stored.secrets().get(0).expiresAt()).isNull();
    assertThat(Duration.between(stored.updatedAt(), stored.secrets().get(1).expiresAt()))
        .isBetween(Duration.ofHours(24).minusSeconds(5), Duration.ofHours(24).plusSeconds(5));
    SecretBox box = SecretBox.fromMasterKey(api.masterKey);
    assertThat(box.open(stored.secrets().get(0).ciphertext(), id)).isEqualTo(newSecret);
    assertThat(box.open(stored.secrets().get(1).ciphertext(), id)).isEqualTo(oldSecret);
    // Secrets never appear in listings or in any log line.
    assertThat(api.get("/v1/endpoints?tenant=p5").body())
        .doesNotContain(oldSecret, newSecret, "secret");
    assertThat(new ArrayList<>(LOGS.list))
        .noneMatch(
            e ->
                e.getFormattedMessage().contains(oldSecret)
                    || e.getFormattedMessage().contains(newSecret));
  }

  @Test
  void disablingAndEnablingPublishOperationalEventsToTheTenant() {
    String id = api.endpoint("p6", "");

    ApiFixture.Answer disabled =
        api.post("/v1/endpoints/" + id + "/disable", "{\"reason\":\"maintenance\"}");
    ApiFixture.Answer enabled = api.post("/v1/endpoints/" + id + "/enable", "");

    assertThat(disabled.json().get("enabled").asBoolean()).isFalse();
    assertThat(disabled.json().get("disabledReason").asText()).isEqualTo("maintenance");
    assertThat(enabled.json().get("enabled").asBoolean()).isTrue();
    List<Event> ops =
        events(rs -> rs.stream().filter(r -> key(r).equals("p6")).count() >= 2).stream()
            .filter(e -> e.tenant().equals("p6"))
            .toList();
    assertThat(ops)
        .extracting(Event::type)
        .containsExactly("hookline.endpoint.disabled", "hookline.endpoint.enabled");
    assertThat(ops.get(0).data().get("endpointId").asText()).isEqualTo(id);
    assertThat(ops.get(0).data().get("reason").asText()).isEqualTo("maintenance");
  }

  @Test
  void theTestRouteSendsAWebhookTestToThatEndpointEvenIfItSubscribesToOtherTypes() {
    String id = api.endpoint("p7", ",\"eventTypes\":[\"order.*\"]");
    String other = api.endpoint("p7", "");

    ApiFixture.Answer sent = api.post("/v1/endpoints/" + id + "/test", "");

    assertThat(sent.status()).isEqualTo(202);
    String eventId = sent.json().get("id").asText();
    List<Delivery> deliveries =
        kafka
            .readUntil(
                kafka.topicPrefix() + "deliveries",
                rs ->
                    rs.stream()
                        .anyMatch(
                            r -> Json.read(r.value(), Delivery.class).eventId().equals(eventId)),
                Duration.ofSeconds(30))
            .stream()
            .map(r -> Json.read(r.value(), Delivery.class))
            .filter(d -> d.eventId().equals(eventId))
            .toList();
    assertThat(deliveries)
        .extracting(Delivery::endpointId)
        .containsExactly(id)
        .doesNotContain(other);
    assertThat(deliveries.get(0).eventType()).isEqualTo("webhook.test");
  }

  @Test
  void listingPagesThroughATenantsEndpointsInIdOrder() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(api.endpoint("p8", ""));
    }

    ApiFixture.Answer page1 = api.get("/v1/endpoints?tenant=p8&limit=2");
    ApiFixture.Answer page2 =
        api.get("/v1/endpoints?tenant=p8&limit=2&after=" + page1.json().get("nextAfter").asText());
    ApiFixture.Answer page3 =
        api.get("/v1/endpoints?tenant=p8&limit=2&after=" + page2.json().get("nextAfter").asText());

    List<String> seen = new ArrayList<>();
    for (ApiFixture.Answer page : List.of(page1, page2, page3)) {
      page.json().get("data").forEach(e -> seen.add(e.get("id").asText()));
    }
    assertThat(seen).containsExactlyElementsOf(ids.stream().sorted().toList());
    assertThat(page3.json().has("nextAfter")).as("no cursor on the last page").isFalse();
    assertThat(api.get("/v1/endpoints?tenant=p8&limit=0").json().get("field").asText())
        .isEqualTo("limit");
  }

  @Test
  void unknownEndpointsAndMethodsAnswer404And405() {
    assertThat(api.get("/v1/endpoints/ep_nope").status()).isEqualTo(404);
    assertThat(api.post("/v1/endpoints/ep_nope/enable", "").status()).isEqualTo(404);
    assertThat(api.send("PUT", "/v1/events", "{}", Map.of()).status()).isEqualTo(405);
  }

  private static Endpoint latest(String id) {
    List<ConsumerRecord<byte[], byte[]>> all =
        kafka.readAll(kafka.topicPrefix() + "endpoints", Duration.ofSeconds(10));
    Endpoint last = null;
    for (ConsumerRecord<byte[], byte[]> r : all) {
      if (key(r).equals(id) && r.value() != null) {
        last = Json.read(r.value(), Endpoint.class);
      }
    }
    return last;
  }

  private static List<Event> events(
      java.util.function.Predicate<List<ConsumerRecord<byte[], byte[]>>> until) {
    return kafka.readUntil(kafka.topicPrefix() + "events", until, Duration.ofSeconds(10)).stream()
        .map(r -> Json.read(r.value(), Event.class))
        .toList();
  }

  private static String key(ConsumerRecord<byte[], byte[]> r) {
    return r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
  }
}
