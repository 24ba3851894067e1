package io.hookline.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookline.schemas.Attempt;
import io.hookline.schemas.AttemptOutcome;
import io.hookline.schemas.Json;
import io.hookline.testkit.KafkaCluster;
import io.hookline.testkit.ReceiverRoute;
import io.hookline.testkit.TestReceiver;
import io.hookline.testkit.WithKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/**
 * A dispatcher holds the endpoints of the deliveries partitions it owns, not every endpoint: the
 * endpoints topic is co-partitioned with deliveries. When partitions move between dispatchers, the
 * one that takes them reads their endpoints before it delivers them, and every delivery still goes
 * out as its endpoint is now.
 */
@WithKafka
class CoPartitionedEndpointsIT {
  private static final int PER_PARTITION = 3;

  @Test
  void eachDispatcherHoldsOnlyItsPartitionsEndpointsAndTheOneLeftTakesTheOthersOver(
      KafkaCluster cluster) throws Exception {
    DispatchFixture fx = new DispatchFixture(cluster, cluster.topicPrefix());
    try (TestReceiver receiver = TestReceiver.start()) {
      ReceiverRoute route = receiver.onPath("/hooks");
      route.respondWith(200);
      try (DispatcherService first = fx.startDispatcher(Map.of())) {
        // Written once the dispatcher has made the topics, with the deliveries topic's count.
        List<String> endpoints = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
          for (int i = 0; i < PER_PARTITION; i++) {
            endpoints.add(fx.writeEndpoint(endpointOn(p, i), route.url()));
          }
        }
        deliverRound(fx, endpoints, 1);
        awaitDelivered(fx, endpoints, 1);
        assertThat(held(first)).as("endpoints held by the only dispatcher").isEqualTo(6);

        try (DispatcherService second = fx.startDispatcher(Map.of())) {
          await()
              .atMost(Duration.ofSeconds(60))
              .untilAsserted(
                  () -> {
                    assertThat(held(first)).as("held by the first").isEqualTo(PER_PARTITION);
                    assertThat(held(second)).as("held by the second").isEqualTo(PER_PARTITION);
                  });
          // An endpoint created now is used by the next delivery to it, whichever owns it.
          String late = fx.writeEndpoint(endpointOn(0, PER_PARTITION), route.url());
          String lateOther = fx.writeEndpoint(endpointOn(1, PER_PARTITION), route.url());
          endpoints.add(late);
          endpoints.add(lateOther);
          deliverRound(fx, endpoints, 2);
          awaitDelivered(fx, endpoints, 2);
        }

        // The second left: the first reads its partition's endpoints again and delivers to them.
        await().atMost(Duration.ofSeconds(60)).until(() -> held(first) == 8);
        deliverRound(fx, endpoints, 3);
        awaitDelivered(fx, endpoints, 3);
      }
    } finally {
      fx.close();
    }
  }

  private static void deliverRound(DispatchFixture fx, List<String> endpoints, int round) {
    for (String endpoint : endpoints) {
      fx.deliver(endpoint, "evt_cp" + round + "_" + endpoint);
    }
  }

  /** Waits until every endpoint has {@code rounds} deliveries delivered, none dead-lettered. */
  private static void awaitDelivered(DispatchFixture fx, List<String> endpoints, int rounds) {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              List<Attempt> attempts =
                  fx.kafka.readAll(fx.prefix + "attempts", Duration.ofSeconds(10)).stream()
                      .map(r -> Json.read(r.value(), Attempt.class))
                      .toList();
              for (String endpoint : endpoints) {
                assertThat(
                        attempts.stream()
                            .filter(a -> a.endpointId().equals(endpoint))
                            .map(Attempt::outcome))
                    .as("outcomes of " + endpoint)
                    .hasSize(endpoints.indexOf(endpoint) < 6 ? rounds : rounds - 1)
                    .containsOnly(AttemptOutcome.DELIVERED);
              }
            });
  }

  /** The dispatcher's {@code hookline_endpoint_directory_size} gauge. */
  private static long held(DispatcherService dispatcher) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      String metrics =
          http.send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + dispatcher.port() + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      return metrics
          .lines()
          .filter(l -> l.startsWith("hookline_endpoint_directory_size"))
          .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
          .sum();
    }
  }

  /** The {@code n}th endpoint id that the deliveries topic (2 partitions) keeps on {@code p}. */
  private static String endpointOn(int p, int n) {
    int found = 0;
    for (int i = 0; ; i++) {
      String id = "ep_cp" + i;
      if (Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % 2 == p
          && found++ == n) {
        return id;
      }
    }
  }
}
