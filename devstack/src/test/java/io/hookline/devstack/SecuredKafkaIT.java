package io.hookline.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookline.embedded.EmbeddedKafka;
import io.hookline.testkit.ReceiverRoute;
import io.hookline.testkit.TestReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every service against a broker that wants a password, configured only through {@code
 * HOOKLINE_KAFKA_<PROPERTY>} variables (security protocol, mechanism, JAAS config), as against a
 * team's own secured cluster: an event posted to the API is delivered.
 */
class SecuredKafkaIT {
  private static final String USER = "hookline";
  private static final String PASSWORD = "secured-kafka-password";

  @TempDir Path tmp;

  @Test
  void everyServiceWorksAgainstABrokerThatWantsAPasswordThroughHooklineKafkaVariables()
      throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.startWithPassword(0, tmp, USER, PASSWORD);
        TestReceiver receiver = TestReceiver.start()) {
      // The broker really refuses a client without the password.
      try (Admin anonymous =
          Admin.create(
              Map.of(
                  AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                  AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000,
                  AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000))) {
        assertThatThrownBy(() -> anonymous.describeCluster().nodes().get(10, TimeUnit.SECONDS))
            .isNotNull();
      }

      Map<String, String> security =
          Map.of(
              "HOOKLINE_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
              "HOOKLINE_KAFKA_SASL_MECHANISM", "PLAIN",
              "HOOKLINE_KAFKA_SASL_JAAS_CONFIG",
                  EmbeddedKafka.clientSecurity(USER, PASSWORD).get("sasl.jaas.config"));
      try (TestPipeline pipeline =
          TestPipeline.start(kafka.bootstrapServers(), "secured.", security)) {
        ApiClient api = pipeline.api();
        ReceiverRoute route = receiver.onPath("/secured");
        assertThat(api.createEndpoint("acme", route.url()).status()).isEqualTo(201);
        ApiClient.Answer accepted =
            api.post(
                "/v1/events",
                "{\"id\":\"evt_secured_1\",\"tenant\":\"acme\",\"type\":\"order.created\","
                    + "\"data\":{}}");
        assertThat(accepted.status()).isEqualTo(202);

        assertThat(route.awaitCount(1, Duration.ofSeconds(60)).getFirst().header("webhook-id"))
            .isEqualTo("evt_secured_1");
      }
    }
  }
}
