package io.hookline.ingest.fanout;

import io.hookline.core.config.KafkaConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The fan-out: {@code webhooks.events} → one delivery per matching endpoint on {@code
 * webhooks.deliveries}, keyed by endpoint id, with exactly-once processing (the deliveries of an
 * event, the consumed offset and the record that the event id was seen commit in one transaction).
 * An event id seen within the idempotency window is not fanned out again; for that, an event found
 * on another partition than its tenant's is first moved there (see {@link FanOutProcessor}). Poison
 * and rejected events go to the DLQ.
 */
public final class FanOutTopology {
  static final String DELIVERIES = "deliveries";
  static final String DLQ = "dlq";
  static final String REROUTE = "reroute";
  static final String SEEN_STORE = "fanout-seen-events";

  private FanOutTopology() {}

  public static Topology build(
      KafkaConfig config,
      TenantEndpoints endpoints,
      Clock clock,
      MeterRegistry registry,
      Duration idempotencyWindow,
      int eventPartitions) {
    Topology topology = new Topology();
    topology.addSource(
        "events", new StringDeserializer(), new ByteArrayDeserializer(), config.topics().events());
    topology.addProcessor(
        "fan-out",
        () -> new FanOutProcessor(endpoints, clock, registry, idempotencyWindow, eventPartitions),
        "events");
    // Event ids seen within the idempotency window, per partition of events (keyed by tenant).
    topology.addStateStore(
        Stores.windowStoreBuilder(
            Stores.persistentWindowStore(SEEN_STORE, idempotencyWindow, idempotencyWindow, false),
            Serdes.String(),
            Serdes.Long()),
        "fan-out");
    topology.addSink(
        DELIVERIES,
        config.topics().deliveries(),
        new StringSerializer(),
        new ByteArraySerializer(),
        "fan-out");
    topology.addSink(
        DLQ, config.topics().dlq(), new StringSerializer(), new ByteArraySerializer(), "fan-out");
    topology.addSink(
        REROUTE,
        config.topics().events(),
        new StringSerializer(),
        new ByteArraySerializer(),
        // The partition the processor chose: by its count, not the topic's current one.
        (topic, key, value, partitions) ->
            Optional.of(Set.of(partitionOf(key, Math.min(eventPartitions, partitions)))),
        "fan-out");
    return topology;
  }

  /**
   * The partition of the events topic that holds {@code tenant}'s events: the one the Java client's
   * default partitioner picks for the key (murmur2 of its UTF-8 bytes), which librdkafka's {@code
   * murmur2_random} picks too.
   */
  static int partitionOf(String tenant, int partitions) {
    return Utils.toPositive(Utils.murmur2(tenant.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  /**
   * Kafka Streams settings: exactly-once v2, one application per topic prefix, a transaction
   * committed every {@code commitInterval} (what a delivery waits, at most, to be readable).
   */
  public static Properties streamsProperties(
      KafkaConfig config, Path stateDir, Duration commitInterval) {
    Properties props = new Properties();
    props.putAll(config.clientProperties());
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.topics().prefix() + "fanout");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
    // The default from Kafka 5.0 on; setting it now also silences a start-up warning.
    props.put("processing.exception.handler.global.enabled", true);
    config
        .replicationFactor()
        .ifPresent(rf -> props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) rf));
    return props;
  }
}
