package io.hookline.ingest.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookline.core.ids.Ids;
import io.hookline.ingest.http.KafkaWriter;
import io.hookline.schemas.Endpoint;
import io.hookline.schemas.Event;
import io.hookline.schemas.Json;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Writes events to {@code webhooks.events}, keyed by tenant, and returns once Kafka has them. Also
 * publishes Hookline's own operational events ({@code hookline.endpoint.*}) to a tenant, so the
 * tenant's other endpoints that subscribe to them are told. Thread-safe; blocks on Kafka.
 */
public final class EventPublisher {
  private final String topic;
  private final KafkaWriter writer;
  private final Clock clock;

  public EventPublisher(String topic, KafkaWriter writer, Clock clock) {
    this.topic = topic;
    this.writer = writer;
    this.clock = clock;
  }

  /** Writes {@code event} to its tenant's partition; returns once Kafka has it. */
  public RecordMetadata publish(Event event) {
    return writer.write(topic, event.tenant(), Json.write(event));
  }

  /**
   * Writes every event to its tenant's partition, all sent before any is waited for; returns once
   * Kafka has them all.
   */
  public List<RecordMetadata> publishAll(List<Event> events) {
    return writer.writeAll(
        events.stream().map(e -> new ProducerRecord<>(topic, e.tenant(), Json.write(e))).toList());
  }

  /** Publishes {@code type} about {@code endpoint} to its tenant. */
  public void publishOperational(Endpoint endpoint, String type, String reason) {
    ObjectNode data = Json.mapper().createObjectNode();
    data.put("endpointId", endpoint.id());
    data.put("url", endpoint.url());
    data.put("reason", reason);
    publish(
        new Event(
            Ids.eventId(clock), endpoint.tenant(), type, clock.instant(), data, null, Map.of()));
  }
}
