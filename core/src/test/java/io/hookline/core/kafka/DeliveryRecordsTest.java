package io.hookline.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.hookline.schemas.DeadLetter;
import io.hookline.schemas.DeadLetterReason;
import io.hookline.schemas.Delivery;
import io.hookline.schemas.Json;
import io.hookline.schemas.RecordHeaders;
import io.hookline.schemas.RetryTier;
import io.hookline.schemas.RetryTiers;
import io.hookline.schemas.SourceRef;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

class DeliveryRecordsTest {
  private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
  private static final Delivery DELIVERY =
      Delivery.fresh("dlv_1", "evt_1", "ep_1", "acme", "order.created", "{}", NOW, NOW);

  @Test
  void aDeliveryRecordIsKeyedByItsEndpointAndNamesItsIdAndEventType() {
    ProducerRecord<String, byte[]> record = DeliveryRecords.record("webhooks.deliveries", DELIVERY);

    assertThat(record.key()).isEqualTo("ep_1");
    assertThat(Json.read(record.value(), Delivery.class)).isEqualTo(DELIVERY);
    assertThat(record.headers().toArray())
        .extracting(Header::key, h -> new String(h.value(), StandardCharsets.UTF_8))
        .containsExactly(
            tuple(RecordHeaders.DELIVERY_ID, "dlv_1"),
            tuple(RecordHeaders.EVENT_TYPE, "order.created"));
  }

  @Test
  void aDeliveryInATierAlsoNamesTheTier() {
    RetryTier tier = RetryTiers.parse("10s").first();

    ProducerRecord<String, byte[]> record =
        DeliveryRecords.inTier("webhooks.retry-10s", tier, DELIVERY);

    assertThat(record.headers().toArray())
        .extracting(Header::key)
        .containsExactly(RecordHeaders.DELIVERY_ID, RecordHeaders.EVENT_TYPE, RecordHeaders.TIER);
    assertThat(new String(record.headers().lastHeader(RecordHeaders.TIER).value()))
        .isEqualTo(tier.label());
  }

  @Test
  void aDeadLetterCarriesItsDeliverysHeadersAndAPoisonOneNone() {
    DeadLetter exhausted = DeadLetter.of(DELIVERY, DeadLetterReason.EXHAUSTED, NOW);
    DeadLetter poison =
        DeadLetters.poisonDelivery(
            new SourceRef("webhooks.deliveries", 0, 7), "ep_1", new byte[] {1}, "bad", NOW);

    assertThat(DeadLetters.record("webhooks.dlq", "ep_1", exhausted).headers().toArray())
        .extracting(Header::key)
        .containsExactly(RecordHeaders.DELIVERY_ID, RecordHeaders.EVENT_TYPE);
    assertThat(DeadLetters.record("webhooks.dlq", "ep_1", poison).headers().toArray()).isEmpty();
  }
}
