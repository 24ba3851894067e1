package io.hookline.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookline.schemas.Attempt;
import io.hookline.schemas.AttemptOutcome;
import io.hookline.testkit.KafkaCluster;
import io.hookline.testkit.ReceiverRoute;
import io.hookline.testkit.TestReceiver;
import io.hookline.testkit.WithKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/**
 * When a partition is taken away from a dispatcher (another joins the group), what it still had
 * queued for that partition is dropped unsent after the drain bound, and what it still had in
 * flight gets no outcome written: the partition's new owner delivers them, so each delivery is
 * attempted by one dispatcher, not by both in parallel.
 */
@WithKafka
class RevokeIT {
  private static final int PER_ENDPOINT = 12;

  @Test
  void queuedWorkOfARevokedPartitionIsLeftToItsNewOwner(KafkaCluster cluster) throws Exception {
    DispatchFixture fx = new DispatchFixture(cluster, cluster.topicPrefix());
    try (TestReceiver receiver = TestReceiver.start()) {
      // One slow endpoint on each of the two partitions, one request at a time: a backlog builds.
      String[] endpoints = {endpointOn(0), endpointOn(1)};
      ReceiverRoute[] routes = new ReceiverRoute[2];
      for (int p = 0; p < 2; p++) {
        routes[p] = receiver.onPath("/slow-" + p);
        routes[p].respondWith(200).delay(Duration.ofSeconds(1));
        fx.writeEndpoint(endpoints[p], routes[p].url(), true, null, 1);
      }
      Map<String, String> settings = Map.of("HOOKLINE_DISPATCH_DRAIN_TIMEOUT_MS", "300");
      try (DispatcherService first = fx.startDispatcher(settings)) {
        for (int p = 0; p < 2; p++) {
          for (int i = 0; i < PER_ENDPOINT; i++) {
            fx.deliver(endpoints[p], "evt_rv" + p + "_" + i);
          }
        }
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> routes[0].count() > 0 && routes[1].count() > 0);

        // A second dispatcher joins: one partition moves to it, with most of its work queued.
        try (DispatcherService second = fx.startDispatcher(settings)) {
          await()
              .atMost(Duration.ofSeconds(60))
              .until(
                  () ->
                      delivered(fx, endpoints[0]) >= PER_ENDPOINT
                          && delivered(fx, endpoints[1]) >= PER_ENDPOINT);
          for (int p = 0; p < 2; p++) {
            List<Attempt> attempts = fx.attemptsOf(endpoints[p], PER_ENDPOINT);
            // One outcome per delivery: nobody wrote one for work it had given up.
            assertThat(
                    attempts.stream()
                        .collect(Collectors.groupingBy(Attempt::deliveryId, Collectors.counting())))
                .as("attempt records per delivery of " + endpoints[p])
                .hasSize(PER_ENDPOINT)
                .allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
            // At most the one request in flight when the partition moved was sent twice.
            assertThat(routes[p].count()).isLessThanOrEqualTo(PER_ENDPOINT + 1);
          }
        }
      }
    } finally {
      fx.close();
    }
  }

  private static long delivered(DispatchFixture fx, String endpointId) {
    return fx.kafka.readAll(fx.prefix + "attempts", Duration.ofSeconds(10)).stream()
        .filter(r -> endpointId.equals(new String(r.key(), StandardCharsets.UTF_8)))
        .map(r -> io.hookline.schemas.Json.read(r.value(), Attempt.class))
        .filter(a -> a.outcome() == AttemptOutcome.DELIVERED)
        .count();
  }

  /** An endpoint id that the deliveries topic (2 partitions) keeps on {@code partition}. */
  private static String endpointOn(int partition) {
    for (int i = 0; ; i++) {
      String id = "ep_rv" + i;
      if (Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % 2 == partition) {
        return id;
      }
    }
  }
}
