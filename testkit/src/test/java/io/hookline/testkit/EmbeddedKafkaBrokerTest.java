package io.hookline.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {

  @Test
  void servesClientsOnAFixedPortAndKeepsItsDataInTheGivenDirectory(@TempDir Path tempDir)
      throws Exception {
    int port = freePort();
    Path logDir = tempDir.resolve("kafka");

    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(port, logDir);
        Admin admin =
            Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      assertThat(broker.bootstrapServers()).isEqualTo("localhost:" + port);
      admin.createTopics(Set.of(new NewTopic("fixed-port", 1, (short) 1))).all().get();
      assertThat(admin.listTopics().names().get()).contains("fixed-port");
    }

    try (Stream<Path> kept = Files.list(logDir)) {
      assertThat(kept).isNotEmpty();
    }
  }

  @Test
  void refusesADirectoryThatAlreadyHasContent(@TempDir Path logDir) throws IOException {
    Files.writeString(logDir.resolve("leftover"), "x", UTF_8);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> EmbeddedKafkaBroker.start(0, logDir))
        .withMessageContaining("absent or empty");
  }

  @Test
  void refusesAPortOutOfRange() {
    assertThatIllegalArgumentException().isThrownBy(() -> EmbeddedKafkaBroker.start(70_000, null));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
