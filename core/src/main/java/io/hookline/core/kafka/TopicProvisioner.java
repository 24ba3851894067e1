package io.hookline.core.kafka;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.hookline.core.config.KafkaConfig;
import io.hookline.core.retry.Retries;
import java.io.Serial;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates Hookline's topics when they are missing. Idempotent, and never alters an existing topic:
 * where one differs from its spec, the difference is reported so an operator can decide.
 */
public final class TopicProvisioner {
  private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** What happened to one topic. */
  public record Result(String topic, Status status, List<String> differences) {}

  public enum Status {
    CREATED,
    EXISTS,
    DIFFERS
  }

  /**
   * A topic that was just created (by us or by another service starting at the same moment) is
   * listed by the controller before every broker serves its metadata; describing it in that window
   * fails with a retriable error. Those are retried, 35 tries backing off from 50 ms to 1 s apart:
   * about 30 s of waiting when the broker answers at once, longer when each describe itself waits
   * (each is bounded by the 30 s admin timeout). Any other error fails at once.
   */
  static final RetryConfig METADATA_VISIBLE =
      RetryConfig.custom()
          .maxAttempts(35)
          .intervalFunction(
              IntervalFunction.ofExponentialBackoff(
                  Duration.ofMillis(50), 2.0, Duration.ofSeconds(1)))
          .retryOnException(
              e -> e instanceof KafkaRuntimeError && e.getCause() instanceof RetriableException)
          .build();

  private final KafkaConfig config;
  private final Retry metadataVisible;

  /** A provisioner for tools: its retries are counted nowhere. */
  public TopicProvisioner(KafkaConfig config) {
    this(config, Retries.uncounted());
  }

  /** A provisioner whose retries are counted in the service's {@code retries}. */
  public TopicProvisioner(KafkaConfig config, Retries retries) {
    this.config = config;
    this.metadataVisible = retries.retry("topic-metadata", METADATA_VISIBLE);
    metadataVisible
        .getEventPublisher()
        .onRetry(
            e ->
                log.debug(
                    "topic metadata not visible yet (try {}), retrying: {}",
                    e.getNumberOfRetryAttempts(),
                    e.getLastThrowable().getMessage()));
  }

  /** Ensures every pipeline topic exists; blocks up to 30 s per admin call. */
  public List<Result> ensurePipelineTopics() {
    return ensure(TopicSpec.pipeline(config));
  }

  public List<Result> ensure(Collection<TopicSpec> specs) {
    try (Admin admin = Admin.create(KafkaClients.common(config, "hookline-topics"))) {
      Set<String> existing = get(admin.listTopics().names());
      List<NewTopic> toCreate = new ArrayList<>();
      for (TopicSpec spec : specs) {
        if (!existing.contains(spec.name())) {
          toCreate.add(
              new NewTopic(spec.name(), Optional.of(spec.partitions()), config.replicationFactor())
                  .configs(spec.configs()));
        }
      }
      Map<String, Status> created = new HashMap<>();
      if (!toCreate.isEmpty()) {
        var results = admin.createTopics(toCreate).values();
        for (var e : results.entrySet()) {
          try {
            get(e.getValue());
            created.put(e.getKey(), Status.CREATED);
            log.info("created topic {}", e.getKey());
          } catch (KafkaRuntimeError err) {
            if (!(err.getCause() instanceof TopicExistsException)) {
              throw err;
            }
            // Another service created it between our list and create: that is fine.
          }
        }
      }
      List<Result> out = new ArrayList<>();
      List<TopicSpec> toCheck = specs.stream().filter(s -> !created.containsKey(s.name())).toList();
      Map<String, List<String>> diffs = differencesOnceVisible(admin, toCheck);
      for (TopicSpec spec : specs) {
        if (created.containsKey(spec.name())) {
          out.add(new Result(spec.name(), Status.CREATED, List.of()));
        } else {
          List<String> d = diffs.getOrDefault(spec.name(), List.of());
          out.add(new Result(spec.name(), d.isEmpty() ? Status.EXISTS : Status.DIFFERS, d));
          if (!d.isEmpty()) {
            log.warn("topic {} exists with other settings, left unchanged: {}", spec.name(), d);
          }
        }
      }
      return out;
    }
  }

  private Map<String, List<String>> differencesOnceVisible(Admin admin, List<TopicSpec> specs) {
    return metadataVisible.executeSupplier(() -> differences(admin, specs));
  }

  private static Map<String, List<String>> differences(Admin admin, List<TopicSpec> specs) {
    Map<String, List<String>> out = new HashMap<>();
    if (specs.isEmpty()) {
      return out;
    }
    List<String> names = specs.stream().map(TopicSpec::name).toList();
    Map<String, TopicDescription> descriptions = get(admin.describeTopics(names).allTopicNames());
    List<ConfigResource> resources =
        names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
    Map<ConfigResource, Config> configs = get(admin.describeConfigs(resources).all());
    for (TopicSpec spec : specs) {
      List<String> d = new ArrayList<>();
      int partitions = descriptions.get(spec.name()).partitions().size();
      if (partitions != spec.partitions()) {
        d.add("partitions=" + partitions + " (wanted " + spec.partitions() + ")");
      }
      Config actual = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
      spec.configs()
          .forEach(
              (k, v) -> {
                ConfigEntry entry = actual.get(k);
                String have = entry == null ? null : entry.value();
                if (!v.equals(have)) {
                  d.add(k + "=" + have + " (wanted " + v + ")");
                }
              });
      if (!d.isEmpty()) {
        out.put(spec.name(), d);
      }
    }
    return out;
  }

  private static <T> T get(KafkaFuture<T> future) {
    try {
      return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaRuntimeError("interrupted while talking to Kafka", e);
    } catch (ExecutionException e) {
      throw new KafkaRuntimeError(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new KafkaRuntimeError("Kafka did not answer within " + TIMEOUT.toSeconds() + " s", e);
    }
  }

  /** A Kafka admin call failed; the cause is the broker's error. */
  public static final class KafkaRuntimeError extends RuntimeException {
    @Serial private static final long serialVersionUID = 1L;

    KafkaRuntimeError(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
