package io.hookline.dispatcher.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookline.core.config.Env;
import io.hookline.core.config.KafkaConfig;
import io.hookline.core.kafka.KafkaClients;
import io.hookline.core.kafka.TopicProvisioner;
import io.hookline.dispatcher.http.HttpResult;
import io.hookline.schemas.Attempt;
import io.hookline.schemas.AttemptOutcome;
import io.hookline.schemas.DeadLetter;
import io.hookline.schemas.DeadLetterReason;
import io.hookline.schemas.Delivery;
import io.hookline.schemas.Json;
import io.hookline.schemas.RecordHeaders;
import io.hookline.testkit.KafkaCluster;
import io.hookline.testkit.WithKafka;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Where each outcome's records go, and when the router calls it durable, on a real broker. */
@WithKafka
class OutcomeRouterIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
  private KafkaCluster cluster;
  private KafkaConfig kafka;
  private KafkaProducer<String, byte[]> producer;
  private OutcomeRouter router;
  private Outcomes outcomes;
  private final AtomicInteger durable = new AtomicInteger();
  private final List<Exception> failures = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start(KafkaCluster cluster) {
    this.cluster = cluster;
    kafka =
        KafkaConfig.fromEnv(
            Env.of(
                Map.of(
                    KafkaConfig.BOOTSTRAP, cluster.bootstrapServers(),
                    KafkaConfig.TOPIC_PREFIX, cluster.topicPrefix(),
                    KafkaConfig.TOPIC_PARTITIONS, "1")));
    new TopicProvisioner(kafka).ensurePipelineTopics();
    Map<String, Object> props = KafkaClients.producerProps(kafka, "outcome-router-it");
    // Small enough that a 200 KiB delivery cannot be written: the failure path.
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 100_000);
    producer = new KafkaProducer<>(props);
    router = new OutcomeRouter(producer, kafka.topics(), new SimpleMeterRegistry());
    outcomes = new Outcomes(kafka.topics(), Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
  }

  private static Delivery delivery(String payload) {
    return Delivery.fresh("dl_1", "evt_1", "ep_1", "acme", "order.paid", payload, NOW, NOW);
  }

  private void route(Outcome outcome) {
    router.route("ep_1", outcome, durable::incrementAndGet, failures::add);
  }

  private List<ConsumerRecord<byte[], byte[]>> read(String topic) {
    return cluster.readAll(topic, TIMEOUT);
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header h = record.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), UTF_8);
  }

  @Test
  void aRetryWritesItsAttemptAndTheNextDeliveryToItsTierThenIsDurableOnce() {
    Outcome retry =
        outcomes.of(
            delivery("{}"),
            1,
            NOW,
            new HttpResult.Failed(503, "HTTP 503", Optional.empty(), "busy", 30));

    route(retry);

    await().atMost(TIMEOUT).until(() -> durable.get() == 1);
    List<ConsumerRecord<byte[], byte[]>> attempts = read(kafka.topics().attempts());
    assertThat(attempts).hasSize(1);
    assertThat(new String(attempts.get(0).key(), UTF_8)).isEqualTo("ep_1");
    assertThat(Json.read(attempts.get(0).value(), Attempt.class).outcome())
        .isEqualTo(AttemptOutcome.RETRYING);
    var tier = kafka.topics().tiers().first();
    List<ConsumerRecord<byte[], byte[]>> waiting = read(kafka.topics().retry(tier));
    assertThat(waiting).hasSize(1);
    assertThat(header(waiting.get(0), RecordHeaders.DELIVERY_ID)).isEqualTo("dl_1");
    assertThat(header(waiting.get(0), RecordHeaders.TIER)).isEqualTo(tier.label());
    assertThat(Json.read(waiting.get(0).value(), Delivery.class).attempt()).isEqualTo(1);
    assertThat(read(kafka.topics().dlq())).isEmpty();
    assertThat(durable.get()).isEqualTo(1);
    assertThat(failures).isEmpty();
  }

  @Test
  void aDeliveryNotSentWritesOnlyItsDeadLetterWithTheDeliveryHeaders() {
    route(outcomes.notSent(delivery("{}"), DeadLetterReason.ENDPOINT_DISABLED));

    await().atMost(TIMEOUT).until(() -> durable.get() == 1);
    List<ConsumerRecord<byte[], byte[]>> dead = read(kafka.topics().dlq());
    assertThat(dead).hasSize(1);
    assertThat(Json.read(dead.get(0).value(), DeadLetter.class).reason())
        .isEqualTo(DeadLetterReason.ENDPOINT_DISABLED);
    assertThat(header(dead.get(0), RecordHeaders.DELIVERY_ID)).isEqualTo("dl_1");
    assertThat(read(kafka.topics().attempts())).isEmpty();
  }

  @Test
  void aWriteThatFailsIsReportedOnceAndTheOutcomeIsNeverDurable() {
    String big = "\"" + "x".repeat(200 * 1024) + "\"";
    Outcome retry =
        outcomes.of(
            delivery(big),
            1,
            NOW,
            new HttpResult.Failed(500, "HTTP 500", Optional.empty(), "", 10));

    route(retry);

    await().atMost(TIMEOUT).until(() -> failures.size() == 1);
    producer.flush();
    assertThat(failures).hasSize(1);
    assertThat(durable.get()).as("durable despite a failed write").isZero();
  }
}
