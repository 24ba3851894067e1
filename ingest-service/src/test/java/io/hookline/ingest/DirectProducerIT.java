package io.hookline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.schemas.DeadLetter;
import io.hookline.schemas.DeadLetterReason;
import io.hookline.schemas.Delivery;
import io.hookline.schemas.Json;
import io.hookline.testkit.KafkaCluster;
import io.hookline.testkit.WithKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Events produced straight to {@code webhooks.events}, as a service using kcat or its own Kafka
 * client would: held to the API's rules with the API's defaults, dead-lettered as {@code rejected}
 * with the field when they break one, and de-duplicated with the API's events however the producer
 * partitioned them.
 */
@WithKafka
class DirectProducerIT {
  private static final int PARTITIONS = 3;
  private static KafkaCluster kafka;
  private static ApiFixture api;

  /** librdkafka's default partitioner ({@code consistent_random}): CRC32 of the key. */
  public static final class Crc32Partitioner implements Partitioner {
    @Override
    public int partition(
        String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster c) {
      CRC32 crc = new CRC32();
      crc.update(keyBytes);
      return (int) (crc.getValue() % c.partitionCountForTopic(topic));
    }

    @Override
    public void close() {}

    @Override
    public void configure(Map<String, ?> configs) {}
  }

  @BeforeAll
  static void start(KafkaCluster cluster) throws Exception {
    kafka = cluster;
    api = new ApiFixture(cluster, Map.of("HOOKLINE_TOPIC_PARTITIONS", String.valueOf(PARTITIONS)));
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void aProducedEventIsHeldToTheApisRulesAndGetsItsDefaults() throws Exception {
    String tenant = "direct1";
    String endpointId = api.endpoint(tenant, "");
    long recordTime = Instant.parse("2026-12-01T09:30:00Z").toEpochMilli();
    byte[] wrongVersion = bytes("{\"v\":99,\"tenant\":\"direct1\",\"type\":\"a.b\",\"data\":{}}");
    byte[] badId =
        bytes(
            "{\"id\":\""
                + "x".repeat(300)
                + " with/slash\",\"tenant\":\"direct1\","
                + "\"type\":\"a.b\",\"data\":{}}");
    byte[] badType = bytes("{\"tenant\":\"direct1\",\"type\":\"order.Bad Type!!\",\"data\":{}}");
    byte[] notJson = bytes("not json at all");

    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producerProps())) {
      for (byte[] value : List.of(wrongVersion, badId, badType, notJson)) {
        send(producer, tenant, value, null);
      }
      send(
          producer,
          tenant,
          bytes("{\"id\":\"evt_no_ts\",\"tenant\":\"direct1\",\"type\":\"a.b\",\"data\":{}}"),
          recordTime);
      send(
          producer,
          tenant,
          bytes("{\"tenant\":\"direct1\",\"type\":\"a.no_id\",\"data\":{}}"),
          recordTime);
    }

    List<Delivery> delivered =
        deliveries(
            endpointId,
            ds -> ds.stream().filter(d -> d.endpointId().equals(endpointId)).count() >= 2);
    Delivery noTimestamp =
        delivered.stream().filter(d -> d.eventId().equals("evt_no_ts")).findFirst().orElseThrow();
    assertThat(Json.mapper().readTree(noTimestamp.payload()).get("timestamp").asText())
        .isEqualTo("2026-12-01T09:30:00Z");
    assertThat(delivered)
        .filteredOn(d -> d.eventType().equals("a.no_id"))
        .singleElement()
        .satisfies(d -> assertThat(d.eventId()).matches("evt_[0-9a-z]{26}"));

    List<DeadLetter> dead = deadLetters(4);
    assertThat(dead)
        .filteredOn(d -> d.reason() == DeadLetterReason.REJECTED)
        .extracting(DeadLetter::field)
        .containsExactlyInAnyOrder("v", "id", "type");
    assertThat(dead)
        .filteredOn(d -> d.reason() == DeadLetterReason.POISON)
        .singleElement()
        .satisfies(d -> assertThat(d.originalBytesDecoded()).isEqualTo(notJson));
    for (DeadLetter d : dead) {
      assertThat(d.source().topic()).isEqualTo(kafka.topicPrefix() + "events");
      assertThat(d.tenant()).isEqualTo(tenant);
      assertThat(d.endpointId()).isNull();
    }
    assertThat(dead)
        .filteredOn(d -> "type".equals(d.field()))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.originalBytesDecoded()).isEqualTo(badType);
              assertThat(d.lastError()).contains("dotted event type");
            });
  }

  @Test
  void theSameEventIdFromTheApiAndFromAProducerWithAnotherPartitionerIsDeliveredOnce()
      throws Exception {
    String tenant = tenantOnAnotherPartitionWithCrc32();
    String endpointId = api.endpoint(tenant, "");
    String event =
        "{\"id\":\"evt_both_ways\",\"tenant\":\"" + tenant + "\",\"type\":\"a.b\",\"data\":{}}";
    Map<String, Object> props = kafka.producerProps();
    props.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, Crc32Partitioner.class);

    try (KafkaProducer<byte[], byte[]> crc32 = new KafkaProducer<>(props)) {
      RecordMetadata direct = send(crc32, tenant, bytes(event), null);
      assertThat(direct.partition()).isNotEqualTo(homePartition(tenant)); // the case to prove
      assertThat(api.post("/v1/events", event).status()).isEqualTo(202);
      send(
          crc32,
          tenant,
          bytes(
              "{\"id\":\"evt_after\",\"tenant\":\"" + tenant + "\",\"type\":\"a.b\",\"data\":{}}"),
          null);
    }

    List<Delivery> delivered =
        deliveries(endpointId, ds -> ds.stream().anyMatch(d -> d.eventId().equals("evt_after")));
    assertThat(delivered).extracting(Delivery::eventId).containsOnlyOnce("evt_both_ways");
  }

  @Test
  void anEventMovedOnceIsFannedOutWhereItLandsAndNeverMovedAgain() throws Exception {
    // As if moved by an instance that counted the partitions differently: it carries the header.
    String tenant = tenantOnAnotherPartitionWithCrc32();
    String endpointId = api.endpoint(tenant, "");
    int elsewhere = (partitionBy(tenant, PARTITIONS) + 1) % PARTITIONS;
    String event =
        "{\"id\":\"evt_moved\",\"tenant\":\"" + tenant + "\",\"type\":\"a.b\",\"data\":{}}";
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producerProps())) {
      ProducerRecord<byte[], byte[]> moved =
          new ProducerRecord<>(
              kafka.topicPrefix() + "events", elsewhere, bytes(tenant), bytes(event));
      moved.headers().add(io.hookline.schemas.RecordHeaders.REROUTED_FROM, bytes("x/0@0"));
      producer.send(moved).get();
    }

    List<Delivery> delivered =
        deliveries(endpointId, ds -> ds.stream().anyMatch(d -> d.eventId().equals("evt_moved")));
    assertThat(delivered).extracting(Delivery::eventId).containsExactly("evt_moved");
    assertThat(
            kafka.readAll(kafka.topicPrefix() + "events", Duration.ofSeconds(10)).stream()
                .filter(r -> new String(r.value(), StandardCharsets.UTF_8).contains("evt_moved")))
        .hasSize(1);
  }

  private static int partitionBy(String tenant, int partitions) {
    return Utils.toPositive(Utils.murmur2(tenant.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  private static String tenantOnAnotherPartitionWithCrc32() {
    for (int i = 0; ; i++) {
      String tenant = "kc" + i;
      CRC32 crc = new CRC32();
      crc.update(tenant.getBytes(StandardCharsets.UTF_8));
      if (crc.getValue() % PARTITIONS != homePartition(tenant)) {
        return tenant;
      }
    }
  }

  private static int homePartition(String tenant) {
    return Utils.toPositive(Utils.murmur2(tenant.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
  }

  private static RecordMetadata send(
      KafkaProducer<byte[], byte[]> producer, String key, byte[] value, Long timestamp)
      throws Exception {
    return producer
        .send(
            new ProducerRecord<>(
                kafka.topicPrefix() + "events", null, timestamp, bytes(key), value))
        .get();
  }

  private static List<Delivery> deliveries(
      String endpointId, java.util.function.Predicate<List<Delivery>> done) {
    return kafka
        .readUntil(
            kafka.topicPrefix() + "deliveries",
            rs -> done.test(rs.stream().map(r -> Json.read(r.value(), Delivery.class)).toList()),
            Duration.ofSeconds(30))
        .stream()
        .map(r -> Json.read(r.value(), Delivery.class))
        .filter(d -> d.endpointId().equals(endpointId))
        .toList();
  }

  private static List<DeadLetter> deadLetters(int atLeast) {
    List<ConsumerRecord<byte[], byte[]>> records =
        kafka.readUntil(
            kafka.topicPrefix() + "dlq", rs -> rs.size() >= atLeast, Duration.ofSeconds(30));
    return records.stream().map(r -> Json.read(r.value(), DeadLetter.class)).toList();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
