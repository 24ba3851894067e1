package io.hookline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.schemas.Event;
import io.hookline.schemas.Json;
import io.hookline.testkit.KafkaCluster;
import io.hookline.testkit.WithKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hookline events send}: an Event on the events topic, keyed by tenant, as documented. */
@WithKafka
class EventsSendIT {

  @Test
  void sendsAnEventKeyedByItsTenantWithTheDataFromTheFlagOrAFile(
      KafkaCluster kafka, @TempDir Path dir) throws Exception {
    KafkaFixture f = KafkaFixture.create(kafka, "send");
    Path file = dir.resolve("data.json");
    Files.writeString(file, "{\"invoice\": \"i_9\", \"total\": 12.5}");

    Cli.Run inline =
        f.cli(
            "events",
            "send",
            "--tenant",
            "acme",
            "--type",
            "order.created",
            "--data",
            "{\"orderId\":\"o_1\"}",
            "--id",
            "evt_cli_1",
            "--metadata",
            "source=cli");
    Cli.Run fromFile =
        f.cli(
            "events",
            "send",
            "--tenant",
            "globex",
            "--type",
            "invoice.paid",
            "--file",
            file.toString(),
            "-o",
            "json");

    assertThat(inline.exitCode()).as(inline.toString()).isZero();
    assertThat(inline.out())
        .startsWith("sent evt_cli_1 (order.created, tenant acme) to " + f.topics.events());
    assertThat(fromFile.exitCode()).as(fromFile.toString()).isZero();
    String generatedId = Json.mapper().readTree(fromFile.out()).get("id").asText();
    assertThat(generatedId).startsWith("evt_");
    List<ConsumerRecord<byte[], byte[]>> records = f.records(f.topics.events());
    assertThat(records).extracting(KafkaFixture::key).containsExactlyInAnyOrder("acme", "globex");
    Event first = events(records, "acme");
    assertThat(first.id()).isEqualTo("evt_cli_1");
    assertThat(first.type()).isEqualTo("order.created");
    assertThat(first.data().get("orderId").asText()).isEqualTo("o_1");
    assertThat(first.metadata()).isEqualTo(Map.of("source", "cli"));
    Event second = events(records, "globex");
    assertThat(second.id()).isEqualTo(generatedId);
    assertThat(second.data().get("total").asDouble()).isEqualTo(12.5);
  }

  private static Event events(List<ConsumerRecord<byte[], byte[]>> records, String tenant) {
    return records.stream()
        .filter(r -> tenant.equals(KafkaFixture.key(r)))
        .map(r -> Json.read(r.value(), Event.class))
        .findFirst()
        .orElseThrow();
  }
}
