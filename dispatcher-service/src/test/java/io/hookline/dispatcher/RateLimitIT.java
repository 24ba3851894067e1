package io.hookline.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.schemas.RateLimit;
import io.hookline.testkit.KafkaCluster;
import io.hookline.testkit.ReceivedRequest;
import io.hookline.testkit.ReceiverRoute;
import io.hookline.testkit.TestReceiver;
import io.hookline.testkit.WithKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An endpoint's rate limit holds at the receiver. */
@WithKafka
class RateLimitIT {
  private static final int PER_SECOND = 20;
  private static final int BURST = 10;

  @Test
  void overTenSecondsTheReceiverSeesNoMoreThanTheRatePerSecondPlusTheBurst(KafkaCluster kafka)
      throws Exception {
    try (DispatchFixture fx = new DispatchFixture(kafka, kafka.topicPrefix());
        TestReceiver receiver = TestReceiver.start();
        DispatcherService dispatcher =
            fx.startDispatcher(Map.of("HOOKLINE_DISPATCH_LANE_BACKLOG", "1000"))) {
      ReceiverRoute route = receiver.onPath("/limited");
      String id =
          fx.writeEndpoint("ep_limited", route.url(), true, new RateLimit(PER_SECOND, BURST), 50);

      int total = 250; // more than 10 s worth at 20/s
      for (int i = 0; i < total; i++) {
        fx.deliver(id, "evt_rl_" + i);
      }

      List<Instant> arrivals =
          route.awaitCount(total, Duration.ofSeconds(40)).stream()
              .map(ReceivedRequest::receivedAt)
              .sorted()
              .toList();
      Instant start = arrivals.get(0);
      long inTenSeconds = arrivals.stream().filter(t -> t.isBefore(start.plusSeconds(10))).count();
      assertThat(inTenSeconds).isLessThanOrEqualTo(PER_SECOND * 10L + BURST);
      // No one-second window anywhere holds more than a second's rate plus the burst.
      for (Instant from : arrivals) {
        long inWindow =
            arrivals.stream()
                .filter(t -> !t.isBefore(from) && t.isBefore(from.plusSeconds(1)))
                .count();
        assertThat(inWindow)
            .as("arrivals in the second from %s", from)
            .isLessThanOrEqualTo(PER_SECOND + BURST);
      }
    }
  }
}
