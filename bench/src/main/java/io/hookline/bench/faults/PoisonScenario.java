package io.hookline.bench.faults;

import io.hookline.bench.Option;
import io.hookline.bench.Options;
import io.hookline.bench.Scenario;
import io.hookline.bench.harness.Progress;
import io.hookline.schemas.DeadLetter;
import io.hookline.schemas.InvalidRecordException;
import io.hookline.schemas.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code bench/run faults poison}: undecodable and wrong-shaped records are produced to every topic
 * a service consumes, then valid events are posted. The valid ones must all be delivered, and each
 * poison record must end where DESIGN.md and the README say: on the events, deliveries and retry
 * topics in the DLQ (reason {@code poison}, or {@code rejected} for a readable event that breaks a
 * rule) with its coordinates and original bytes; on the endpoints and attempts topics, which nobody
 * dead-letters, counted in {@code hookline_records_skipped_total} by every reader.
 */
public final class PoisonScenario implements Scenario {
  private static final String SKIPPED = "hookline_records_skipped_total";

  /** One poison record as produced, and where it must end. */
  private record Poison(String topic, int partition, long offset, byte[] bytes, String expected) {}

  @Override
  public String name() {
    return "faults poison";
  }

  @Override
  public String summary() {
    return "poison on every consumed topic: valid records after it delivered, poison where designed";
  }

  @Override
  public List<Option> options() {
    return List.of(
        new Option("events", "500", "valid events posted after the poison"),
        new Option("endpoints", "5", "endpoints, all subscribed to every event"),
        new Option("rate", "50", "events per second"));
  }

  @Override
  public Map<String, Object> run(Options options) throws Exception {
    int events = options.integer("events", 1);
    try (FaultStack stack =
        FaultStack.start(
            "poison",
            2,
            options.integer("endpoints", 1),
            Map.of("HOOKLINE_RETRY_TIERS", "1s,2s"),
            false)) {
      String endpoint = stack.endpointIds.getFirst();
      List<Poison> poison = new ArrayList<>();
      byte[] garbage = {(byte) 0xff, (byte) 0xfe, 0x00, 0x7b};
      byte[] array = "[1,2,3]".getBytes(StandardCharsets.UTF_8);
      byte[] wrongShape = "{\"v\":1,\"id\":5,\"tenant\":[]}".getBytes(StandardCharsets.UTF_8);
      try (KafkaProducer<byte[], byte[]> producer = producer(stack)) {
        for (byte[] bytes : List.of(garbage, array)) {
          poison.add(send(producer, "webhooks.events", FaultStack.TENANT, bytes, "dlq:poison"));
        }
        poison.add(
            send(producer, "webhooks.events", FaultStack.TENANT, wrongShape, "dlq:rejected"));
        List<String> deliveryTopics = new ArrayList<>(List.of("webhooks.deliveries"));
        deliveryTopics.add("webhooks.retry-1s");
        deliveryTopics.add("webhooks.retry-2s");
        for (String topic : deliveryTopics) {
          for (byte[] bytes : List.of(garbage, array, wrongShape)) {
            poison.add(send(producer, topic, endpoint, bytes, "dlq:poison"));
          }
        }
        for (byte[] bytes : List.of(garbage, wrongShape)) {
          poison.add(send(producer, "webhooks.endpoints", "ep_poison", bytes, "skipped"));
          poison.add(send(producer, "webhooks.attempts", endpoint, bytes, "skipped"));
        }
      }
      Progress.say("%d poison records produced", poison.size());
      ApiLoad load = new ApiLoad(stack.apiBase(), FaultStack.TOKEN, FaultStack.TENANT, "po");
      load.run(events, options.integer("rate", 1));
      Map<String, Object> out =
          Accounting.settleAndCount(
              stack, load, events, Duration.ofSeconds(20), Duration.ofMinutes(3));
      out.putAll(whereItEnded(stack, poison));
      out.put("stack", stack.describe());
      return out;
    }
  }

  private static KafkaProducer<byte[], byte[]> producer(FaultStack stack) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.broker.bootstrapServers());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(props);
  }

  private static Poison send(
      KafkaProducer<byte[], byte[]> producer,
      String topic,
      String key,
      byte[] value,
      String expected)
      throws Exception {
    RecordMetadata m =
        producer
            .send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value))
            .get();
    return new Poison(topic, m.partition(), m.offset(), value, expected);
  }

  /**
   * For each poison record, whether it ended where it should: its DLQ entry (reason, source,
   * original bytes), or its count in every reader's skipped-records metric.
   */
  private static Map<String, Object> whereItEnded(FaultStack stack, List<Poison> poison)
      throws Exception {
    Map<String, DeadLetter> bySource = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : Accounting.readAll(stack, List.of("webhooks.dlq"))) {
      try {
        DeadLetter d = Json.read(r.value(), DeadLetter.class);
        if (d.source() != null) {
          bySource.put(
              d.source().topic() + "-" + d.source().partition() + "@" + d.source().offset(), d);
        }
      } catch (InvalidRecordException e) {
        // not ours to judge here
      }
    }
    List<String> misplaced = new ArrayList<>();
    int inDlq = 0;
    for (Poison p : poison) {
      String at = p.topic() + "-" + p.partition() + "@" + p.offset();
      if (p.expected().startsWith("dlq:")) {
        DeadLetter d = bySource.get(at);
        String reason = p.expected().substring(4);
        if (d == null) {
          misplaced.add(at + ": no DLQ entry");
        } else if (!d.reason().wire().equals(reason)) {
          misplaced.add(at + ": reason " + d.reason().wire() + ", expected " + reason);
        } else if (d.originalBytes() == null
            || !Arrays.equals(Base64.getDecoder().decode(d.originalBytes()), p.bytes())) {
          misplaced.add(at + ": original bytes differ");
        } else {
          inDlq++;
        }
      }
    }
    // Nobody dead-letters endpoint or attempt records: every reader counts and skips them.
    long endpointPoison =
        poison.stream().filter(p -> p.topic().equals("webhooks.endpoints")).count();
    long attemptPoison = poison.stream().filter(p -> p.topic().equals("webhooks.attempts")).count();
    Map<String, Double> counted = new LinkedHashMap<>();
    counted.put(
        "ingest/endpoint-directory",
        stack.ingest.metric(SKIPPED, "consumer=\"endpoint-directory\""));
    counted.put("ingest/status-view", stack.ingest.metric(SKIPPED, "consumer=\"status-view\""));
    counted.put(
        "ingest/health-monitor", stack.ingest.metric(SKIPPED, "consumer=\"health-monitor\""));
    for (ServiceProcess d : stack.dispatchers) {
      counted.put(
          d.name() + "/endpoint-directory", d.metric(SKIPPED, "consumer=\"endpoint-directory\""));
    }
    for (Map.Entry<String, Double> e : counted.entrySet()) {
      long expected = e.getKey().endsWith("endpoint-directory") ? endpointPoison : attemptPoison;
      if (e.getValue().longValue() != expected) {
        misplaced.add(
            e.getKey() + " skipped " + e.getValue().longValue() + ", expected " + expected);
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("poisonRecords", poison.size());
    out.put("poisonInDlqAsDesigned", inDlq);
    out.put("skippedCounts", counted);
    out.put("misplaced", misplaced);
    return out;
  }
}
