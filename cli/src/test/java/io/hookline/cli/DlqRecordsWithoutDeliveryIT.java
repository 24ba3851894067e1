package io.hookline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookline.core.dlq.DlqRef;
import io.hookline.schemas.DeadLetter;
import io.hookline.schemas.InvalidRecordException;
import io.hookline.schemas.Json;
import io.hookline.schemas.SourceRef;
import io.hookline.testkit.KafkaCluster;
import io.hookline.testkit.WithKafka;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DLQ entries that never were deliveries (an unreadable event, an event that breaks a rule, an
 * unreadable delivery) show what is known of them in the right column, tenant or endpoint, and
 * where they were read: also those written by the fan-out before dead letters named them, which are
 * keyed by the tenant.
 */
@WithKafka
class DlqRecordsWithoutDeliveryIT {
  private static final Instant AT = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
  private static KafkaFixture f;
  private static DlqRef oldEventPoison;
  private static DlqRef oldDeliveryPoison;
  private static DlqRef rejected;

  @BeforeAll
  static void fill(KafkaCluster kafka) {
    f = KafkaFixture.create(kafka, "nodelivery");
    String bytes = Base64.getEncoder().encodeToString("not json".getBytes(StandardCharsets.UTF_8));
    // As the fan-out and the dispatcher wrote poison before: keyed by the record's key, no names.
    oldEventPoison =
        f.deadRaw(
            "kc",
            "{\"v\":1,\"reason\":\"poison\",\"lastError\":\"malformed JSON\",\"attempts\":0,"
                + "\"deadAt\":\""
                + AT
                + "\",\"source\":{\"topic\":\""
                + f.topics.events()
                + "\",\"partition\":5,\"offset\":3},\"originalBytes\":\""
                + bytes
                + "\"}",
            AT);
    oldDeliveryPoison =
        f.deadRaw(
            "ep_x",
            "{\"v\":1,\"reason\":\"poison\",\"lastError\":\"malformed JSON\",\"attempts\":0,"
                + "\"deadAt\":\""
                + AT
                + "\",\"source\":{\"topic\":\""
                + f.topics.deliveries()
                + "\",\"partition\":1,\"offset\":9},\"originalBytes\":\""
                + bytes
                + "\"}",
            AT.plusSeconds(1));
    rejected =
        f.dead(
            DeadLetter.rejectedEvent(
                new SourceRef(f.topics.events(), 2, 7),
                "kc2",
                "{\"v\":99}".getBytes(StandardCharsets.UTF_8),
                new InvalidRecordException("v", "'v' is 99: this Hookline reads version 1 events"),
                AT.plusSeconds(2)),
            AT.plusSeconds(2));
  }

  @Test
  void listShowsTheTenantOrTheEndpointWhereEachBelongsAndTheSource() {
    JsonNode entries = json(f.cli("dlq", "list", "-o", "json"));

    assertThat(entries).hasSize(3);
    JsonNode eventPoison = entry(entries, oldEventPoison);
    assertThat(eventPoison.get("tenant").asText()).isEqualTo("kc");
    assertThat(eventPoison.has("endpointId")).isFalse();
    assertThat(eventPoison.get("source").asText()).isEqualTo(f.topics.events() + "/5@3");
    JsonNode deliveryPoison = entry(entries, oldDeliveryPoison);
    assertThat(deliveryPoison.get("endpointId").asText()).isEqualTo("ep_x");
    assertThat(deliveryPoison.has("tenant")).isFalse();
    JsonNode rejectedEvent = entry(entries, rejected);
    assertThat(rejectedEvent.get("tenant").asText()).isEqualTo("kc2");
    assertThat(rejectedEvent.get("reason").asText()).isEqualTo("rejected");

    Cli.Run table = f.cli("dlq", "list");
    String row =
        table
            .out()
            .lines()
            .filter(l -> l.startsWith(oldEventPoison + " "))
            .findFirst()
            .orElseThrow();
    assertThat(row.split(" +"))
        .containsSubsequence(oldEventPoison.toString(), "-", "kc")
        .endsWith(f.topics.events() + "/5@3");
  }

  @Test
  void statsCountsNoTenantAsAnEndpoint() {
    JsonNode stats = json(f.cli("dlq", "stats", "-o", "json"));

    assertThat(stats.get("byEndpoint").has("kc")).isFalse();
    assertThat(stats.get("byEndpoint").has("ep_x")).isTrue();
  }

  @Test
  void showNamesTheFieldARejectedEventBreaksAndThatItCannotBeReplayed() {
    Cli.Run run = f.cli("dlq", "show", rejected.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .contains("tenant:        kc2")
        .contains("field:         v")
        .contains("'v' is 99")
        .contains("never became a delivery")
        .contains("source:        " + f.topics.events() + "/2@7");
  }

  private static JsonNode entry(JsonNode entries, DlqRef ref) {
    for (JsonNode e : entries) {
      if (e.get("ref").asText().equals(ref.toString())) {
        return e;
      }
    }
    throw new AssertionError("no entry " + ref + " in " + entries);
  }

  private static JsonNode json(Cli.Run run) {
    assertThat(run.exitCode()).as(run.toString()).isZero();
    try {
      return Json.mapper().readTree(run.out());
    } catch (java.io.IOException e) {
      throw new AssertionError(run.toString(), e);
    }
  }
}
