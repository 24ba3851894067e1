package io.hookline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.cli.dlq.DlqRef;
import io.hookline.schemas.Attempt;
import io.hookline.schemas.DeadLetter;
import io.hookline.schemas.DeadLetterReason;
import io.hookline.schemas.Delivery;
import io.hookline.schemas.Endpoint;
import io.hookline.schemas.Json;
import io.hookline.schemas.RetryTiers;
import io.hookline.schemas.Topics;
import io.hookline.testkit.KafkaCluster;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * One set of Hookline topics under its own prefix, created by {@code hookline topics create}, with
 * helpers that write what the services would write (endpoints, dead letters, attempts) and read
 * what the CLI wrote. For Kafka-level CLI tests; the services themselves are not running.
 */
final class KafkaFixture {
  final KafkaCluster kafka;
  final Topics topics;
  final Map<String, String> env;

  private KafkaFixture(KafkaCluster kafka, String prefix) {
    this.kafka = kafka;
    this.topics = new Topics(prefix, RetryTiers.parse("1s,2s,3s"));
    this.env =
        Map.of(
            "HOOKLINE_KAFKA_BOOTSTRAP",
            kafka.bootstrapServers(),
            "HOOKLINE_TOPIC_PREFIX",
            prefix,
            "HOOKLINE_TOPIC_PARTITIONS",
            "3",
            "HOOKLINE_RETRY_TIERS",
            "1s,2s,3s");
  }

  /** Topics under {@code <class prefix><name>.}, created through the CLI. */
  static KafkaFixture create(KafkaCluster kafka, String name) {
    KafkaFixture f = new KafkaFixture(kafka, kafka.prefixed(name + "."));
    Cli.Run run = f.cli("topics", "create");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    return f;
  }

  Cli.Run cli(String... args) {
    return Cli.run(env, args);
  }

  Cli.Run cli(StopSignal stop, String... args) {
    return Cli.run(
        new CliContext(io.hookline.core.config.Env.of(env), Clock.systemUTC(), stop, false), args);
  }

  static Endpoint endpoint(String id, boolean enabled, String disabledReason) {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    return new Endpoint(
        id,
        "acme",
        "http://127.0.0.1:9/" + id,
        null,
        List.of(),
        List.of(),
        null,
        null,
        null,
        Map.of(),
        enabled,
        disabledReason,
        t,
        t);
  }

  void put(Endpoint endpoint) {
    send(topics.endpoints(), endpoint.id(), Json.write(endpoint), null);
  }

  void delete(String endpointId) {
    send(topics.endpoints(), endpointId, null, null);
  }

  /** A delivery that failed its four attempts (tiers 1s, 2s, 3s) with 503. */
  static Delivery exhausted(String eventId, String endpointId, String type, Instant created) {
    return new Delivery(
        "dlv_" + eventId,
        eventId,
        endpointId,
        "acme",
        type,
        "{\"id\":\"" + eventId + "\"}",
        4,
        created,
        created,
        503,
        "HTTP 503 Service Unavailable",
        null);
  }

  /** Writes {@code dead} to the DLQ as the dispatcher does (key = endpoint id), at {@code at}. */
  DlqRef dead(DeadLetter dead, Instant at) {
    String key = dead.delivery() == null ? null : dead.delivery().endpointId();
    RecordMetadata m = send(topics.dlq(), key, Json.write(dead), at);
    return new DlqRef(m.partition(), m.offset());
  }

  DlqRef dead(String eventId, String endpointId, Instant at) {
    return deadMany(List.of(eventId), endpointId, at).get(0);
  }

  /** One exhausted dead letter per event id, all for {@code endpointId}, through one producer. */
  List<DlqRef> deadMany(List<String> eventIds, String endpointId, Instant at) {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producerProps())) {
      List<java.util.concurrent.Future<RecordMetadata>> sent = new java.util.ArrayList<>();
      for (String eventId : eventIds) {
        DeadLetter dead =
            DeadLetter.of(
                exhausted(eventId, endpointId, "order.created", at),
                DeadLetterReason.EXHAUSTED,
                at);
        sent.add(
            producer.send(
                new ProducerRecord<>(
                    topics.dlq(),
                    null,
                    at.toEpochMilli(),
                    endpointId.getBytes(StandardCharsets.UTF_8),
                    Json.write(dead))));
      }
      List<DlqRef> refs = new java.util.ArrayList<>();
      for (var f : sent) {
        RecordMetadata m = f.get();
        refs.add(new DlqRef(m.partition(), m.offset()));
      }
      return refs;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  void attempt(Attempt attempt) {
    send(topics.attempts(), attempt.endpointId(), Json.write(attempt), attempt.startedAt());
  }

  /** Replayed deliveries: every record of the deliveries topic (only the CLI writes it here). */
  List<Delivery> deliveries() {
    return records(topics.deliveries()).stream()
        .map(r -> Json.read(r.value(), Delivery.class))
        .toList();
  }

  List<ConsumerRecord<byte[], byte[]>> records(String topic) {
    return kafka.readAll(topic, Duration.ofSeconds(20));
  }

  static String key(ConsumerRecord<byte[], byte[]> r) {
    return r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
  }

  private RecordMetadata send(String topic, String key, byte[] value, Instant at) {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producerProps())) {
      return producer
          .send(
              new ProducerRecord<>(
                  topic,
                  null,
                  at == null ? null : at.toEpochMilli(),
                  key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                  value))
          .get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
