package io.hookline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookline.core.dlq.DlqRef;
import io.hookline.schemas.Attempt;
import io.hookline.schemas.AttemptOutcome;
import io.hookline.schemas.DeadLetter;
import io.hookline.schemas.DeadLetterReason;
import io.hookline.schemas.Delivery;
import io.hookline.schemas.Json;
import io.hookline.schemas.SourceRef;
import io.hookline.testkit.KafkaCluster;
import io.hookline.testkit.WithKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code dlq list}, {@code show} and {@code stats} over a DLQ written the way the dispatcher and
 * retry-service write it, with entries spread over days so that time filters have work to do.
 */
@WithKafka
class DlqInspectIT {
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private static final Instant DAYS_AGO = NOW.minus(Duration.ofDays(3));
  private static final Instant HOURS_AGO = NOW.minus(Duration.ofHours(3));
  private static final Instant MINUTES_AGO = NOW.minus(Duration.ofMinutes(10));

  private static KafkaFixture f;
  private static DlqRef old;
  private static DlqRef expired;
  private static DlqRef recent;
  private static DlqRef poison;

  @BeforeAll
  static void fillTheDlq(KafkaCluster kafka) {
    f = KafkaFixture.create(kafka, "inspect");
    old = f.dead("evt_old", "ep_a", DAYS_AGO);
    Delivery invoice = KafkaFixture.exhausted("evt_inv", "ep_b", "invoice.paid", HOURS_AGO);
    expired = f.dead(DeadLetter.of(invoice, DeadLetterReason.EXPIRED, HOURS_AGO), HOURS_AGO);
    Delivery d = KafkaFixture.exhausted("evt_new", "ep_a", "order.created", MINUTES_AGO);
    for (int n = 1; n <= 2; n++) {
      f.attempt(
          new Attempt(
              d.id(),
              d.eventId(),
              "ep_a",
              "acme",
              n,
              MINUTES_AGO.plusSeconds(n),
              12,
              n == 1 ? AttemptOutcome.RETRYING : AttemptOutcome.DEAD,
              503,
              "HTTP 503 attempt " + n,
              "busy",
              n == 1 ? f.topics.retry(f.topics.tiers().first()) : f.topics.dlq(),
              null));
    }
    recent =
        f.dead(
            DeadLetter.of(d, DeadLetterReason.EXHAUSTED, MINUTES_AGO.plusSeconds(3)),
            MINUTES_AGO.plusSeconds(3));
    poison =
        f.dead(
            DeadLetter.poisonDelivery(
                new SourceRef(f.topics.deliveries(), 1, 7),
                null,
                "not json".getBytes(StandardCharsets.UTF_8),
                "malformed JSON at line 1, column 2",
                MINUTES_AGO.plusSeconds(4)),
            MINUTES_AGO.plusSeconds(4));
  }

  @Test
  void listShowsEveryEntryOldestFirstWithItsRefAndWhetherItWasReplayed() {
    Cli.Run run = f.cli("dlq", "list");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out().lines().findFirst().orElseThrow())
        .contains(
            "REF",
            "WHEN",
            "ENDPOINT",
            "TENANT",
            "TYPE",
            "REASON",
            "STATUS",
            "ATTEMPTS",
            "REPLAYED",
            "SOURCE");
    assertThat(run.out().lines().skip(1).map(l -> l.split(" +")[0]))
        .containsExactly(old.toString(), expired.toString(), recent.toString(), poison.toString());
    String expiredRow =
        run.out().lines().filter(l -> l.startsWith(expired + " ")).findFirst().orElseThrow();
    assertThat(expiredRow.split(" +"))
        .containsExactly(
            expired.toString(),
            HOURS_AGO.toString(),
            "ep_b",
            "acme",
            "invoice.paid",
            "expired",
            "503",
            "4",
            "no",
            "-");
    assertThat(run.out()).contains(DAYS_AGO.toString());
  }

  @Test
  void filtersNarrowByEndpointTenantTypeAndReason() {
    assertThat(refs("--endpoint", "ep_a")).containsExactly(old.toString(), recent.toString());
    assertThat(refs("--type", "invoice.*")).containsExactly(expired.toString());
    assertThat(refs("--reason", "poison,expired"))
        .containsExactly(expired.toString(), poison.toString());
    assertThat(refs("--tenant", "acme", "--reason", "exhausted", "--limit", "1"))
        .containsExactly(old.toString());
  }

  @Test
  void sinceAndUntilSeekByTimeWithoutReadingWhatCameBefore() {
    assertThat(refs("--since", "1h")).containsExactly(recent.toString(), poison.toString());
    assertThat(refs("--since", "4d", "--until", "1d")).containsExactly(old.toString());
    assertThat(refs("--since", HOURS_AGO.toString(), "--until", MINUTES_AGO.toString()))
        .containsExactly(expired.toString());

    JsonNode stats = json(f.cli("dlq", "stats", "--since", "1h", "-o", "json"));

    // Only the two records after the seek point were read, not the four of the partition history.
    assertThat(stats.get("recordsRead").asLong()).isEqualTo(2);
    assertThat(stats.get("total").asLong()).isEqualTo(2);
  }

  @Test
  void listAsJsonCarriesEveryColumnForScripts() {
    JsonNode entries = json(f.cli("dlq", "list", "--endpoint", "ep_b", "-o", "json"));

    assertThat(entries).hasSize(1);
    JsonNode e = entries.get(0);
    assertThat(e.get("ref").asText()).isEqualTo(expired.toString());
    assertThat(e.get("reason").asText()).isEqualTo("expired");
    assertThat(e.get("eventType").asText()).isEqualTo("invoice.paid");
    assertThat(e.get("lastStatus").asInt()).isEqualTo(503);
    assertThat(e.get("attempts").asInt()).isEqualTo(4);
    assertThat(e.get("replayed").asBoolean()).isFalse();
    assertThat(Instant.parse(e.get("deadAt").asText())).isEqualTo(HOURS_AGO);
  }

  @Test
  void aLimitCapsTheListAndSaysThereMayBeMore() {
    Cli.Run run = f.cli("dlq", "list", "--limit", "2");

    assertThat(run.out().lines().skip(1)).hasSize(2);
    assertThat(run.err()).contains("showing the first 2 matching entries; there may be more");
  }

  @Test
  void statsCountByReasonEndpointAndHour() {
    JsonNode stats = json(f.cli("dlq", "stats", "-o", "json"));
    Cli.Run table = f.cli("dlq", "stats");

    assertThat(stats.get("total").asLong()).isEqualTo(4);
    assertThat(stats.get("replayed").asLong()).isZero();
    assertThat(stats.get("byReason").get("exhausted").asLong()).isEqualTo(2);
    assertThat(stats.get("byReason").get("poison").asLong()).isEqualTo(1);
    assertThat(stats.get("byEndpoint").get("ep_a").asLong()).isEqualTo(2);
    assertThat(stats.get("byHour").get(DAYS_AGO.truncatedTo(ChronoUnit.HOURS).toString()).asLong())
        .isEqualTo(1);
    assertThat(table.out())
        .contains("4 DLQ entries match, 0 of them replayed")
        .contains("REASON", "ENDPOINT", "HOUR (UTC)");
  }

  @Test
  void showPrintsTheDeliveryItsAttemptsAndThePayload() {
    Cli.Run run = f.cli("dlq", "show", recent.toString());
    JsonNode json = json(f.cli("dlq", "show", recent.toString(), "-o", "json"));

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .contains("reason:        exhausted")
        .contains("endpoint:      ep_a")
        .contains("delivery id:   dlv_evt_new")
        .contains("#1  ")
        .contains("HTTP 503 attempt 1")
        .contains("HTTP 503 attempt 2  → " + f.topics.dlq())
        .contains("\"id\" : \"evt_new\"");
    assertThat(json.get("attempts")).hasSize(2);
    assertThat(json.get("deadLetter").get("delivery").get("eventId").asText()).isEqualTo("evt_new");
  }

  @Test
  void showOfPoisonPrintsWhereItCameFromAndItsOriginalBytes() {
    Cli.Run run = f.cli("dlq", "show", poison.toString());

    assertThat(run.out())
        .contains("reason:        poison")
        .contains("source:        " + f.topics.deliveries() + "/1@7")
        .contains("bm90IGpzb24=")
        .contains("not json");
  }

  @Test
  void showOfARefThatIsNotThereSaysWhatThePartitionHolds() {
    Cli.Run run = f.cli("dlq", "show", recent.partition() + ":999");
    Cli.Run noPartition = f.cli("dlq", "show", "7:0");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(run.err())
        .contains("no DLQ entry " + recent.partition() + ":999")
        .contains("holds offsets");
    assertThat(noPartition.err()).contains("has partitions 0 to 2");
  }

  private static java.util.List<String> refs(String... filters) {
    String[] args = new String[filters.length + 4];
    args[0] = "dlq";
    args[1] = "list";
    args[2] = "-o";
    args[3] = "json";
    System.arraycopy(filters, 0, args, 4, filters.length);
    Cli.Run run = f.cli(args);
    assertThat(run.exitCode()).as(run.toString()).isZero();
    java.util.List<String> refs = new java.util.ArrayList<>();
    json(run).forEach(e -> refs.add(e.get("ref").asText()));
    return refs;
  }

  private static JsonNode json(Cli.Run run) {
    try {
      return Json.mapper().readTree(run.out());
    } catch (java.io.IOException e) {
      throw new AssertionError(run.toString(), e);
    }
  }
}
