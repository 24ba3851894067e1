package io.hookline.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testkit.KafkaCluster;
import io.hookline.testkit.ReceivedRequest;
import io.hookline.testkit.ReceiverRoute;
import io.hookline.testkit.TestReceiver;
import io.hookline.testkit.WithKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A slow endpoint and a down endpoint delay only themselves. */
@WithKafka
class IsolationIT {

  @Test
  void aSlowAndADownEndpointDoNotDelayTwentyHealthyEndpointsOnTheSamePartition(KafkaCluster kafka)
      throws Exception {
    try (DispatchFixture fx = new DispatchFixture(kafka, kafka.topicPrefix());
        TestReceiver receiver = TestReceiver.start();
        // One partition: every endpoint's deliveries share it, in order.
        DispatcherService dispatcher =
            fx.startDispatcher(
                Map.of("HOOKLINE_TOPIC_PARTITIONS", "1", "HOOKLINE_HTTP_TIMEOUT_MS", "10000"))) {
      ReceiverRoute slow = receiver.onPath("/slow");
      slow.delay(Duration.ofSeconds(5));
      String slowId = fx.writeEndpoint("ep_slow", slow.url());
      String downId = fx.writeEndpoint("ep_down", "http://127.0.0.1:1/refuses");
      List<ReceiverRoute> healthy = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        ReceiverRoute route = receiver.onPath("/healthy-" + i);
        healthy.add(route);
        fx.writeEndpoint("ep_healthy_" + i, route.url());
      }

      // The slow and down endpoints' deliveries come first on the partition.
      for (int i = 0; i < 30; i++) {
        fx.deliver(slowId, "evt_slow_" + i);
        fx.deliver(downId, "evt_down_" + i);
      }
      for (int i = 0; i < 20; i++) {
        fx.deliver("ep_healthy_" + i, "evt_healthy_" + i);
      }

      Instant slowFirstArrived = slow.awaitCount(1, Duration.ofSeconds(30)).get(0).receivedAt();
      List<Instant> healthyArrivals = new ArrayList<>();
      for (ReceiverRoute route : healthy) {
        healthyArrivals.add(route.awaitCount(1, Duration.ofSeconds(30)).get(0).receivedAt());
      }
      // Every healthy delivery arrived while the slow endpoint was still sitting on its first
      // requests: nothing of the healthy ones waited for it.
      Instant slowFirstAnswered = slowFirstArrived.plus(Duration.ofSeconds(5));
      assertThat(healthyArrivals).allSatisfy(t -> assertThat(t).isBefore(slowFirstAnswered));
      // And the slow endpoint never had more than its lane allows at once (default 10).
      assertThat(
              slow.requests().stream()
                  .map(ReceivedRequest::receivedAt)
                  .filter(t -> t.isBefore(slowFirstAnswered))
                  .count())
          .isLessThanOrEqualTo(10);
    }
  }
}
