package io.hookline.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookline.schemas.DeadLetter;
import io.hookline.schemas.DeadLetterReason;
import io.hookline.schemas.Json;
import io.hookline.testkit.KafkaCluster;
import io.hookline.testkit.ReceiverRoute;
import io.hookline.testkit.TestReceiver;
import io.hookline.testkit.WithKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An endpoint that keeps failing is disabled, its tenant is told, and later deliveries wait in the
 * DLQ.
 */
@WithKafka
class EndpointHealthIT {

  @Test
  void anAlwaysFailingEndpointIsDisabledAndItsLaterDeliveriesLandInTheDlq(KafkaCluster kafka)
      throws Exception {
    try (TestReceiver receiver = TestReceiver.start();
        TestPipeline pipeline =
            TestPipeline.start(
                kafka,
                Map.of(
                    "HOOKLINE_HEALTH_DISABLE_AFTER_FAILURES", "3",
                    "HOOKLINE_HEALTH_DISABLE_AFTER_MS", "1",
                    "HOOKLINE_RETRY_TIERS", "1s*6"))) {
      ApiClient api = pipeline.api();
      ReceiverRoute broken = receiver.onPath("/broken");
      broken.respondWith(503);
      ReceiverRoute ops = receiver.onPath("/ops");
      String brokenId = api.createEndpoint("h1", broken.url(), "order.*").body().get("id").asText();
      api.createEndpoint("h1", ops.url(), "hookline.endpoint.*");

      api.post("/v1/events", "{\"tenant\":\"h1\",\"type\":\"order.created\",\"data\":{}}");

      // Three failed attempts (first try and two retries) disable it...
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> !api.get("/v1/endpoints/" + brokenId).body().get("enabled").asBoolean());
      assertThat(api.get("/v1/endpoints/" + brokenId).body().get("disabledReason").asText())
          .startsWith("3 consecutive failed attempts");
      // ...the tenant's operational endpoint hears about it...
      assertThat(ops.awaitCount(1, Duration.ofSeconds(30)).get(0).header("hookline-event-type"))
          .isEqualTo("hookline.endpoint.disabled");
      // ...and what was still owed to it waits in the DLQ, to replay once it is enabled again.
      DeadLetter dead =
          kafka
              .readUntil(
                  kafka.topicPrefix() + "dlq",
                  rs -> rs.stream().anyMatch(r -> isDisabledFor(r.key(), r.value(), brokenId)),
                  Duration.ofSeconds(30))
              .stream()
              .filter(r -> isDisabledFor(r.key(), r.value(), brokenId))
              .map(r -> Json.read(r.value(), DeadLetter.class))
              .findFirst()
              .orElseThrow();
      assertThat(dead.delivery().attempt()).isEqualTo(3);
    }
  }

  private static boolean isDisabledFor(byte[] key, byte[] value, String endpointId) {
    return key != null
        && new String(key, StandardCharsets.UTF_8).equals(endpointId)
        && Json.read(value, DeadLetter.class).reason() == DeadLetterReason.ENDPOINT_DISABLED;
  }
}
