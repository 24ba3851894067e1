package io.hookline.ingest.fanout;

import io.hookline.core.config.KafkaConfig;
import io.hookline.core.endpoints.EndpointDirectory;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * The fan-out: {@code webhooks.events} → one delivery per matching endpoint on {@code
 * webhooks.deliveries}, keyed by endpoint id, with exactly-once processing (the deliveries of an
 * event and the consumed offset commit in one transaction). Poison events go to the DLQ.
 */
public final class FanOutTopology {
  static final String DELIVERIES = "deliveries";
  static final String DLQ = "dlq";

  private FanOutTopology() {}

  public static Topology build(
      KafkaConfig config, EndpointDirectory directory, Clock clock, MeterRegistry registry) {
    Topology topology = new Topology();
    topology.addSource(
        "events", new StringDeserializer(), new ByteArrayDeserializer(), config.topics().events());
    topology.addProcessor(
        "fan-out", () -> new FanOutProcessor(directory, clock, registry), "events");
    topology.addSink(
        DELIVERIES,
        config.topics().deliveries(),
        new StringSerializer(),
        new ByteArraySerializer(),
        "fan-out");
    topology.addSink(
        DLQ, config.topics().dlq(), new StringSerializer(), new ByteArraySerializer(), "fan-out");
    return topology;
  }

  /** Kafka Streams settings: exactly-once v2, one application per topic prefix. */
  public static Properties streamsProperties(KafkaConfig config, Path stateDir) {
    Properties props = new Properties();
    props.putAll(config.clientProperties());
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.topics().prefix() + "fanout");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
    // The default from Kafka 5.0 on; setting it now also silences a start-up warning.
    props.put("processing.exception.handler.global.enabled", true);
    config
        .replicationFactor()
        .ifPresent(rf -> props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) rf));
    return props;
  }
}
