package io.hookline.ingest.health;

import io.hookline.core.config.KafkaConfig;
import io.hookline.core.kafka.ConsumerRun;
import io.hookline.core.kafka.KafkaClients;
import io.hookline.core.kafka.SkippedRecords;
import io.hookline.core.service.SupervisedLoop;
import io.hookline.ingest.endpoints.EndpointControl;
import io.hookline.schemas.Attempt;
import io.hookline.schemas.InvalidRecordException;
import io.hookline.schemas.Json;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches {@code webhooks.attempts} and disables endpoints that keep failing (see {@link
 * HealthPolicy}), publishing {@code hookline.endpoint.disabled} to their tenant. Instances of the
 * ingest-service share the work as one consumer group: attempts are keyed by endpoint, so each
 * endpoint's streak is counted by one instance. Streaks live in memory: after a restart an
 * endpoint's count starts again, which only delays disabling. One thread, its own, supervised: a
 * failure restarts it with a new consumer (see {@link SupervisedLoop}), and {@link #isUp} is part
 * of the service's readiness.
 */
public final class HealthMonitor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HealthMonitor.class);

  private final Map<String, Object> props;
  private final String topic;
  private final EndpointHealth health;
  private final EndpointControl control;
  private final Counter disabled;
  private final SkippedRecords skipped;
  private final MeterRegistry registry;
  private final ConsumerRun<String, byte[]> runs = new ConsumerRun<>();
  private volatile SupervisedLoop loop;

  public HealthMonitor(
      KafkaConfig config, HealthPolicy policy, EndpointControl control, MeterRegistry registry) {
    Map<String, Object> props =
        KafkaClients.consumerProps(config, "hookline-health", config.topics().prefix() + "health");
    // Losing a few positions on a crash only re-counts a streak: auto-commit is enough here.
    props.put("enable.auto.commit", true);
    this.props = props;
    this.registry = registry;
    this.topic = config.topics().attempts();
    this.health = new EndpointHealth(policy);
    this.control = control;
    this.disabled =
        Counter.builder("hookline.health.disabled")
            .description("endpoints disabled for failing too long or answering 410")
            .register(registry);
    this.skipped = new SkippedRecords(registry, "health-monitor");
  }

  public HealthMonitor start() {
    loop = SupervisedLoop.start("health-monitor", registry, this::watch, runs::stop);
    return this;
  }

  /** Whether the monitor is watching now (not waiting to be restarted after a failure). */
  public boolean isUp() {
    SupervisedLoop l = loop;
    return l != null && l.isUp();
  }

  /** One run: a fresh consumer in the group, until closed; a Kafka failure ends it. */
  private void watch() {
    runs.run(() -> new KafkaConsumer<>(props), this::watch, Consumer::close);
  }

  private void watch(Consumer<String, byte[]> c) {
    c.subscribe(List.of(topic));
    while (!runs.isStopping()) {
      for (ConsumerRecord<String, byte[]> record : c.poll(Duration.ofMillis(200))) {
        judge(record);
      }
    }
  }

  private void judge(ConsumerRecord<String, byte[]> record) {
    Attempt attempt;
    try {
      attempt = Json.read(record.value(), Attempt.class);
    } catch (InvalidRecordException e) {
      skipped.skip(record.topic(), record.partition(), record.offset(), e.getMessage());
      return;
    }
    Optional<String> reason = health.record(attempt);
    if (reason.isPresent()) {
      try {
        if (control.disable(attempt.endpointId(), reason.get())) {
          disabled.increment();
          log.warn("disabled endpoint {}: {}", attempt.endpointId(), reason.get());
        }
        health.forget(attempt.endpointId());
      } catch (RuntimeException e) {
        log.warn("could not disable endpoint {}: {}", attempt.endpointId(), e.getMessage());
      }
    }
  }

  @Override
  public void close() {
    SupervisedLoop l = loop;
    if (l != null) {
      l.close();
    }
  }
}
