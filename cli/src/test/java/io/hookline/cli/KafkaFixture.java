package io.hookline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookline.core.config.Env;
import io.hookline.core.config.KafkaConfig;
import io.hookline.core.dlq.DlqRef;
import io.hookline.core.dlq.StopSignal;
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
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * One set of Hookline topics under its own prefix, created by {@code hookline topics create}, with
 * helpers that write what the services would write (endpoints, dead letters, attempts) and read
 * what the CLI wrote. For Kafka-level CLI tests; the services themselves are not running. Public
 * for the tests of the CLI's internals, which drive its classes on these topics directly.
 */
public final class KafkaFixture {
  public final KafkaCluster kafka;
  public final Topics topics;
  public final Map<String, String> env;

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
  public static KafkaFixture create(KafkaCluster kafka, String name) {
    KafkaFixture f = new KafkaFixture(kafka, kafka.prefixed(name + "."));
    Cli.Run run = f.cli("topics", "create");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    f.awaitPartitionsServed();
    return f;
  }

  /**
   * Waits until the broker serves every partition of the new topics (answers a list-offsets for
   * it). The topics are visible in the metadata before the broker hosts their partitions; a produce
   * in between is answered "unknown partition", and an idempotent producer's retry of it has been
   * seen stuck on out-of-order sequence numbers until its delivery timeout.
   */
  private void awaitPartitionsServed() {
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(
            () -> {
              Map<TopicPartition, OffsetSpec> all = new java.util.HashMap<>();
              kafka
                  .admin()
                  .describeTopics(topics.all())
                  .allTopicNames()
                  .get()
                  .forEach(
                      (name, d) ->
                          d.partitions()
                              .forEach(
                                  p ->
                                      all.put(
                                          new TopicPartition(name, p.partition()),
                                          OffsetSpec.latest())));
              return kafka.admin().listOffsets(all).all().get().size() == all.size();
            });
  }

  /**
   * Runs {@code hookline <args>}; after a {@code dlq replay}, see {@link #awaitNothingLeftOpen}.
   */
  Cli.Run cli(String... args) {
    return settled(Cli.run(env, args), args);
  }

  /** A session on these topics, as a command gets one (the broker checked reachable). */
  public KafkaSession session() {
    KafkaSession session =
        new KafkaSession(KafkaConfig.fromEnv(Env.of(env)), Duration.ofSeconds(5));
    session.checkReachable();
    return session;
  }

  Cli.Run cli(StopSignal stop, String... args) {
    return settled(
        Cli.run(new CliContext(Env.of(env), Clock.systemUTC(), stop, false), args), args);
  }

  private Cli.Run settled(Cli.Run run, String... args) {
    if (List.of(args).contains("replay")) {
      awaitNothingLeftOpen();
    }
    return run;
  }

  /**
   * Waits until no transaction is open on deliveries or the ledger: on each of their partitions the
   * last stable offset (how far {@code read_committed} readers, the dispatcher among them, may
   * read) has caught up with the end of the log. The broker writes commit and abort markers just
   * after the producer's call returns, so what a replay committed is readable a moment after it
   * ends, not at once. Fails when a transaction stays open for 5 s: a replay must never leave one
   * for the broker's 10 s timeout to clean up.
   */
  public void awaitNothingLeftOpen() {
    Map<TopicPartition, OffsetSpec> latest =
        Stream.of(topics.deliveries(), topics.dlqReplays())
            .flatMap(t -> IntStream.range(0, 3).mapToObj(p -> new TopicPartition(t, p)))
            .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(offsets(latest, IsolationLevel.READ_COMMITTED))
                    .as("last stable offsets (read_committed) vs. log ends")
                    .isEqualTo(offsets(latest, IsolationLevel.READ_UNCOMMITTED)));
  }

  private Map<TopicPartition, Long> offsets(
      Map<TopicPartition, OffsetSpec> specs, IsolationLevel isolation) throws Exception {
    return kafka
        .admin()
        .listOffsets(specs, new ListOffsetsOptions(isolation))
        .all()
        .get()
        .entrySet()
        .stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
  }

  public static Endpoint endpoint(String id, boolean enabled, String disabledReason) {
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

  public void put(Endpoint endpoint) {
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
        null,
        created);
  }

  /** Writes {@code dead} to the DLQ as the dispatcher does (key = endpoint id), at {@code at}. */
  DlqRef dead(DeadLetter dead, Instant at) {
    String key = dead.delivery() == null ? null : dead.delivery().endpointId();
    RecordMetadata m = send(topics.dlq(), key, Json.write(dead), at);
    return new DlqRef(m.partition(), m.offset());
  }

  /** A DLQ record exactly as given: its key and its bytes (as an older writer left them). */
  DlqRef deadRaw(String key, String json, Instant at) {
    RecordMetadata m =
        send(topics.dlq(), key, json.getBytes(java.nio.charset.StandardCharsets.UTF_8), at);
    return new DlqRef(m.partition(), m.offset());
  }

  DlqRef dead(String eventId, String endpointId, Instant at) {
    return deadMany(List.of(eventId), endpointId, at).get(0);
  }

  /** One exhausted dead letter per event id, all for {@code endpointId}, through one producer. */
  public List<DlqRef> deadMany(List<String> eventIds, String endpointId, Instant at) {
    return deadMany(null, eventIds, endpointId, at);
  }

  /**
   * Like {@link #deadMany(List, String, Instant)}, on DLQ partition {@code partition} (null: the
   * endpoint's, as the dispatcher writes them), in order after what the partition holds.
   */
  public List<DlqRef> deadMany(
      Integer partition, List<String> eventIds, String endpointId, Instant at) {
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
                    partition,
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

  /**
   * A big DLQ partition with a sparse selection in it: on partition 0, {@code wanted} entries of
   * endpoint {@code ep_a} (events {@code evt_a1}...), each but the last followed by {@code gap}
   * entries of {@code ep_b}. Returns the refs of the {@code ep_a} entries.
   */
  public List<DlqRef> sparseOnPartition0(int wanted, int gap, Instant at) {
    List<DlqRef> refs = new java.util.ArrayList<>();
    for (int i = 1; i <= wanted; i++) {
      refs.addAll(deadMany(0, List.of("evt_a" + i), "ep_a", at));
      if (i < wanted) {
        int block = i;
        deadMany(
            0,
            java.util.stream.IntStream.rangeClosed(1, gap)
                .mapToObj(n -> "evt_b" + block + "_" + n)
                .toList(),
            "ep_b",
            at);
      }
    }
    return refs;
  }

  void attempt(Attempt attempt) {
    send(topics.attempts(), attempt.endpointId(), Json.write(attempt), attempt.startedAt());
  }

  /** Replayed deliveries: every record of the deliveries topic (only the CLI writes it here). */
  public List<Delivery> deliveries() {
    return records(topics.deliveries()).stream()
        .map(r -> Json.read(r.value(), Delivery.class))
        .toList();
  }

  /** Every committed record of {@code topic}, as a {@code read_committed} reader sees them. */
  public List<ConsumerRecord<byte[], byte[]>> records(String topic) {
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
