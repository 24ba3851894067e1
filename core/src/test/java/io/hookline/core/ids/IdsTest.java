package io.hookline.core.ids;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class IdsTest {

  @Test
  void eventIdsSortByTime() {
    String earlier = Ids.eventId(Clock.fixed(Instant.ofEpochMilli(1_000), ZoneOffset.UTC));
    String later = Ids.eventId(Clock.fixed(Instant.ofEpochMilli(2_000), ZoneOffset.UTC));

    assertThat(earlier).startsWith("evt_").hasSize(30);
    assertThat(earlier).isLessThan(later);
  }

  @Test
  void idsAtTheSameMillisecondDiffer() {
    Clock clock = Clock.fixed(Instant.ofEpochMilli(5_000), ZoneOffset.UTC);

    assertThat(Ids.endpointId(clock)).isNotEqualTo(Ids.endpointId(clock));
  }

  @Test
  void aDeliveryIdIsStableForTheSameEventAndEndpoint() {
    assertThat(Ids.deliveryId("evt_1", "ep_1"))
        .isEqualTo(Ids.deliveryId("evt_1", "ep_1"))
        .isNotEqualTo(Ids.deliveryId("evt_1", "ep_2"))
        .startsWith("dlv_");
  }
}
