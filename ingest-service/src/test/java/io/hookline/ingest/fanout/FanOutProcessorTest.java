package io.hookline.ingest.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.core.config.Env;
import io.hookline.core.config.KafkaConfig;
import io.hookline.schemas.DeadLetter;
import io.hookline.schemas.DeadLetterReason;
import io.hookline.schemas.Delivery;
import io.hookline.schemas.Endpoint;
import io.hookline.schemas.Event;
import io.hookline.schemas.Json;
import io.hookline.schemas.RecordHeaders;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fan-out topology on Kafka Streams' {@link TopologyTestDriver}: no broker, a fixed clock, and
 * the endpoints a plain map. Each event is read from partition 0 of the events topic.
 */
class FanOutProcessorTest {
  private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
  private final KafkaConfig kafka = KafkaConfig.fromEnv(Env.of(Map.of()));
  private final Map<String, List<Endpoint>> endpoints = new HashMap<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> events;
  private TestOutputTopic<String, byte[]> deliveries;
  private TestOutputTopic<String, byte[]> dlq;
  private TestOutputTopic<String, byte[]> eventsOut;

  private void start(int eventPartitions) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "fanout-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
    driver =
        new TopologyTestDriver(
            FanOutTopology.build(
                kafka,
                tenant -> List.copyOf(endpoints.getOrDefault(tenant, List.of())),
                Clock.fixed(NOW, ZoneOffset.UTC),
                registry,
                Duration.ofHours(1),
                eventPartitions),
            props);
    events =
        driver.createInputTopic(
            kafka.topics().events(), new StringSerializer(), new ByteArraySerializer());
    deliveries = output(kafka.topics().deliveries());
    dlq = output(kafka.topics().dlq());
    eventsOut = output(kafka.topics().events());
  }

  private TestOutputTopic<String, byte[]> output(String topic) {
    return driver.createOutputTopic(topic, new StringDeserializer(), new ByteArrayDeserializer());
  }

  @AfterEach
  void close() {
    if (driver != null) {
      driver.close();
    }
  }

  private void subscribe(String tenant, String endpointId, String... eventTypes) {
    endpoints
        .computeIfAbsent(tenant, t -> new ArrayList<>())
        .add(
            new Endpoint(
                endpointId,
                tenant,
                "https://example.com/hooks/" + endpointId,
                null,
                List.of(eventTypes),
                List.of(),
                null,
                null,
                null,
                Map.of(),
                true,
                null,
                NOW.minusSeconds(3600),
                NOW.minusSeconds(3600)));
  }

  private void send(String tenant, String json) {
    events.pipeInput(tenant, json.getBytes(StandardCharsets.UTF_8), NOW.minusSeconds(1));
  }

  private static String event(String id, String tenant, String type) {
    return "{\"id\":\""
        + id
        + "\",\"tenant\":\""
        + tenant
        + "\",\"type\":\""
        + type
        + "\",\"data\":{\"n\":1}}";
  }

  private static String header(TestRecord<String, byte[]> record, String name) {
    Header h = record.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private double counted(String name) {
    return registry.get("hookline.fanout." + name).counter().count();
  }

  @Test
  void eachDeliveryCarriesWhenItsEventWasAcceptedTheEventRecordsTimestamp() {
    start(1);
    subscribe("acme", "ep_a");
    Instant accepted = NOW.minusMillis(1234);

    events.pipeInput(
        "acme", event("evt_1", "acme", "order.paid").getBytes(StandardCharsets.UTF_8), accepted);

    Delivery d = Json.read(deliveries.readRecord().value(), Delivery.class);
    assertThat(d.acceptedAt()).isEqualTo(accepted);
    assertThat(d.createdAt()).isEqualTo(NOW);
  }

  @Test
  void anEventBecomesOneDeliveryPerSubscribedEndpointKeyedByEndpointWithItsHeaders() {
    start(1);
    subscribe("acme", "ep_a", "order.*");
    subscribe("acme", "ep_b", "order.paid");
    subscribe("acme", "ep_c", "invoice.*");
    subscribe("other", "ep_d", "order.*");

    send("acme", event("evt_1", "acme", "order.paid"));

    List<TestRecord<String, byte[]>> out = deliveries.readRecordsToList();
    assertThat(out).extracting(TestRecord::key).containsExactlyInAnyOrder("ep_a", "ep_b");
    for (TestRecord<String, byte[]> record : out) {
      Delivery d = Json.read(record.value(), Delivery.class);
      assertThat(d.endpointId()).isEqualTo(record.key());
      assertThat(d.eventId()).isEqualTo("evt_1");
      assertThat(d.attempt()).isZero();
      assertThat(d.createdAt()).isEqualTo(NOW);
      assertThat(header(record, RecordHeaders.DELIVERY_ID)).isEqualTo(d.id());
      assertThat(header(record, RecordHeaders.EVENT_TYPE)).isEqualTo("order.paid");
    }
    assertThat(counted("deliveries")).isEqualTo(2);
    assertThat(dlq.isEmpty()).isTrue();
  }

  @Test
  void anEventNoEndpointSubscribesToIsCountedAndWritesNothing() {
    start(1);
    subscribe("acme", "ep_a", "invoice.*");

    send("acme", event("evt_2", "acme", "order.paid"));

    assertThat(deliveries.isEmpty()).isTrue();
    assertThat(counted("unmatched")).isEqualTo(1);
  }

  @Test
  void anEventIdSeenWithinTheWindowIsNotFannedOutAgain() {
    start(1);
    subscribe("acme", "ep_a", "order.*");

    send("acme", event("evt_3", "acme", "order.paid"));
    send("acme", event("evt_3", "acme", "order.paid"));
    send("acme", event("evt_4", "acme", "order.paid"));

    assertThat(deliveries.readRecordsToList()).hasSize(2);
    assertThat(counted("duplicates")).isEqualTo(1);
  }

  @Test
  void anUnreadableRecordGoesToTheDlqAsPoisonWithItsBytesAndTheStreamMovesOn() {
    start(1);
    subscribe("acme", "ep_a", "order.*");
    byte[] bytes = "{not json".getBytes(StandardCharsets.UTF_8);

    events.pipeInput("acme", bytes, NOW.minusSeconds(1));
    send("acme", event("evt_5", "acme", "order.paid"));

    DeadLetter dead = Json.read(dlq.readValue(), DeadLetter.class);
    assertThat(dead.reason()).isEqualTo(DeadLetterReason.POISON);
    assertThat(dead.originalBytesDecoded()).isEqualTo(bytes);
    assertThat(dead.source().topic()).isEqualTo(kafka.topics().events());
    assertThat(deliveries.readRecordsToList()).hasSize(1);
  }

  @Test
  void anEventBreakingARuleGoesToTheDlqAsRejectedNamingTheField() {
    start(1);
    subscribe("acme", "ep_a", "order.*");

    send(
        "acme", "{\"id\":\"evt_6\",\"tenant\":\"acme\",\"type\":\"order.Bad Type!!\",\"data\":{}}");

    DeadLetter dead = Json.read(dlq.readValue(), DeadLetter.class);
    assertThat(dead.reason()).isEqualTo(DeadLetterReason.REJECTED);
    assertThat(dead.field()).isEqualTo("type");
    assertThat(dead.tenant()).isEqualTo("acme");
    assertThat(deliveries.isEmpty()).isTrue();
  }

  @Test
  void anEventOffItsTenantsPartitionIsWrittenBackKeyedByTenantCompletedAndMarked() {
    int partitions = 8;
    String tenant = tenantNotHomeOnPartitionZero(partitions);
    start(partitions);
    subscribe(tenant, "ep_a", "order.*");

    send(tenant, "{\"tenant\":\"" + tenant + "\",\"type\":\"order.paid\",\"data\":{}}");

    TestRecord<String, byte[]> moved = eventsOut.readRecord();
    assertThat(moved.key()).isEqualTo(tenant);
    assertThat(header(moved, RecordHeaders.REROUTED_FROM))
        .isEqualTo(kafka.topics().events() + "/0@0");
    Event event = Json.read(moved.value(), Event.class);
    assertThat(event.id()).isNotBlank();
    assertThat(event.tenant()).isEqualTo(tenant);
    assertThat(counted("rerouted")).isEqualTo(1);
  }

  private static String tenantNotHomeOnPartitionZero(int partitions) {
    for (int i = 0; ; i++) {
      String tenant = "t" + i;
      if (FanOutTopology.partitionOf(tenant, partitions) != 0) {
        return tenant;
      }
    }
  }
}
