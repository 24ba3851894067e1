package io.hookline.retry.internal;

import static io.hookline.retry.internal.TierRecords.bytes;
import static io.hookline.retry.internal.TierRecords.delivery;
import static io.hookline.retry.internal.TierRecords.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.hookline.schemas.DeadLetter;
import io.hookline.schemas.DeadLetterReason;
import io.hookline.schemas.Json;
import io.hookline.schemas.RecordHeaders;
import io.hookline.schemas.RetryTier;
import io.hookline.schemas.RetryTiers;
import io.hookline.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

class HopRouterTest {
  private static final Topics TOPICS = new Topics("webhooks.", RetryTiers.parse("10s,1m"));
  private static final RetryTier TIER = TOPICS.tiers().first();
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private final HopRouter router = new HopRouter(TOPICS, Duration.ofHours(24));

  @Test
  void forwardsTheSameBytesUnderTheSameKeyWithOnlyTheDeliverysOwnHeaders() {
    byte[] value = delivery("dlv_1", NOW.minus(Duration.ofHours(1)));
    ConsumerRecord<String, byte[]> in = record("webhooks.retry-10s", 0, 7, 0, value);

    Hop hop = router.route(in, TIER, NOW.toEpochMilli() - 250, NOW.toEpochMilli());

    assertThat(hop).isInstanceOf(Hop.Forward.class);
    assertThat(((Hop.Forward) hop).latenessMs()).isEqualTo(250);
    assertThat(hop.out().topic()).isEqualTo("webhooks.deliveries");
    assertThat(hop.out().key()).isEqualTo("ep_1");
    assertThat(hop.out().value()).isEqualTo(value);
    assertThat(hop.out().headers().toArray())
        .extracting(Header::key, h -> new String(h.value()))
        .containsExactly(
            tuple(RecordHeaders.DELIVERY_ID, "dlv_1"), tuple(RecordHeaders.EVENT_TYPE, "a.b"));
  }

  @Test
  void sendsADeliveryOlderThanTheMaximumAgeToTheDlqAsExpiredWithItsLastOutcome() {
    byte[] value = delivery("dlv_2", NOW.minus(Duration.ofHours(25)));

    Hop hop =
        router.route(record("webhooks.retry-10s", 1, 3, 0, value), TIER, 0, NOW.toEpochMilli());

    assertThat(hop).isEqualTo(new Hop.Dead(DeadLetterReason.EXPIRED, hop.out()));
    assertThat(hop.out().topic()).isEqualTo("webhooks.dlq");
    assertThat(hop.out().key()).isEqualTo("ep_1");
    assertThat(hop.out().headers().toArray())
        .extracting(Header::key)
        .containsExactly(RecordHeaders.DELIVERY_ID, RecordHeaders.EVENT_TYPE);
    DeadLetter dead = Json.read(hop.out().value(), DeadLetter.class);
    assertThat(dead.reason()).isEqualTo(DeadLetterReason.EXPIRED);
    assertThat(dead.delivery().id()).isEqualTo("dlv_2");
    assertThat(dead.lastStatus()).isEqualTo(503);
    assertThat(dead.lastError()).isEqualTo("HTTP 503");
    assertThat(dead.attempts()).isEqualTo(1);
    assertThat(dead.deadAt()).isEqualTo(NOW);
  }

  @Test
  void forwardsADeliveryExactlyAtTheMaximumAge() {
    byte[] value = delivery("dlv_3", NOW.minus(Duration.ofHours(24)));

    Hop hop =
        router.route(record("webhooks.retry-10s", 0, 0, 0, value), TIER, 0, NOW.toEpochMilli());

    assertThat(hop).isInstanceOf(Hop.Forward.class);
  }

  @Test
  void sendsAnUnreadableRecordToTheDlqWithItsBytesAndCoordinates() {
    byte[] garbage = bytes("{\"v\":1,\"id\":");

    Hop hop =
        router.route(record("webhooks.retry-1m", 2, 41, 0, garbage), TIER, 0, NOW.toEpochMilli());

    assertThat(hop).isInstanceOf(Hop.Dead.class);
    assertThat(((Hop.Dead) hop).reason()).isEqualTo(DeadLetterReason.POISON);
    assertThat(hop.out().key()).isEqualTo("ep_1");
    assertThat(hop.out().headers().toArray()).isEmpty();
    DeadLetter dead = Json.read(hop.out().value(), DeadLetter.class);
    assertThat(dead.originalBytesDecoded()).isEqualTo(garbage);
    assertThat(dead.source().topic()).isEqualTo("webhooks.retry-1m");
    assertThat(dead.source().partition()).isEqualTo(2);
    assertThat(dead.source().offset()).isEqualTo(41);
  }
}
