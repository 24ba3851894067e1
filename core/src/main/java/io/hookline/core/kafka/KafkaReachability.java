package io.hookline.core.kafka;

import io.hookline.core.config.KafkaConfig;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a service can reach the Kafka it works with: every partition of the topics it reads and
 * writes has a leader it can get to. A probe asks every {@link #PROBE_EVERY}; the service counts as
 * unreachable once no probe has succeeded for {@code downAfter} (so one slow answer does not take
 * it out of readiness), and as reachable again at the first probe that succeeds. Thread-safe; the
 * probe runs on a daemon thread of its own and never stops on a failure.
 */
public final class KafkaReachability implements AutoCloseable {
  static final Duration PROBE_EVERY = Duration.ofSeconds(1);
  private static final Logger log = LoggerFactory.getLogger(KafkaReachability.class);

  private final Admin admin;
  private final List<String> topics;
  private final Verdict verdict;
  private final long probeTimeoutMs;
  private final ScheduledExecutorService probe;
  private volatile String lastProblem = "";
  private volatile int leaderlessPartitions;

  private KafkaReachability(
      Admin admin, Collection<String> topics, Duration downAfter, LongSupplier nanoTime) {
    this.admin = admin;
    this.topics = List.copyOf(topics);
    this.verdict = new Verdict(downAfter, nanoTime);
    this.probeTimeoutMs = probeTimeout(downAfter).toMillis();
    this.probe =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("kafka-reachability").daemon().factory());
  }

  /** Starts probing {@code topics}; reachable until probes have failed for {@code downAfter}. */
  public static KafkaReachability start(
      KafkaConfig config, String clientId, Collection<String> topics, Duration downAfter) {
    // The probe's own timeouts win over the clients' settings: a long request timeout meant for
    // producers must not stretch a probe past the time readiness is allowed to take.
    Map<String, Object> props = KafkaClients.common(config, clientId);
    long timeoutMs = probeTimeout(downAfter).toMillis();
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeoutMs);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeoutMs);
    props.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
    KafkaReachability reachability =
        new KafkaReachability(Admin.create(props), topics, downAfter, System::nanoTime);
    reachability.probe.scheduleWithFixedDelay(
        reachability::probeOnce, 0, PROBE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    return reachability;
  }

  /** Whether Kafka could be reached within the last {@code downAfter}. Never blocks. */
  public boolean isReachable() {
    return verdict.reachable();
  }

  /**
   * Whether every partition of the probed topics had a leader at the last probe. Shown, not gating:
   * a service that can still write to most partitions stays in the load balancer, where taking
   * every instance out would turn a partial outage into a total one.
   */
  public boolean allPartitionsLed() {
    return leaderlessPartitions == 0;
  }

  private static boolean hasLeader(TopicPartitionInfo p) {
    return p.leader() != null && !p.leader().isEmpty();
  }

  private static Duration probeTimeout(Duration downAfter) {
    return Duration.ofMillis(Math.max(500, Math.min(downAfter.toMillis() / 2, 5_000)));
  }

  /**
   * The verdict from the probes' outcomes: unreachable once none succeeded for {@code downAfter},
   * reachable again at the first that does. Thread-safe.
   */
  static final class Verdict {
    private final long downAfterNanos;
    private final LongSupplier nanoTime;
    private volatile long lastSuccessNanos;
    private volatile boolean reachable = true;

    Verdict(Duration downAfter, LongSupplier nanoTime) {
      this.downAfterNanos = downAfter.toNanos();
      this.nanoTime = nanoTime;
      this.lastSuccessNanos = nanoTime.getAsLong();
    }

    /** Records a probe that succeeded; returns whether this ends an unreachable spell. */
    synchronized boolean succeeded() {
      lastSuccessNanos = nanoTime.getAsLong();
      boolean recovered = !reachable;
      reachable = true;
      return recovered;
    }

    /** Records a probe that failed; returns whether this starts an unreachable spell. */
    synchronized boolean failed() {
      boolean down = nanoTime.getAsLong() - lastSuccessNanos >= downAfterNanos;
      boolean wentDown = down && reachable;
      reachable = !down;
      return wentDown;
    }

    /** Also false when no probe has succeeded for too long, even if none has ended since. */
    boolean reachable() {
      return reachable && nanoTime.getAsLong() - lastSuccessNanos < downAfterNanos;
    }
  }

  private void probeOnce() {
    try {
      Map<String, TopicDescription> described =
          admin
              .describeTopics(topics)
              .allTopicNames()
              .get(probeTimeoutMs + 500, TimeUnit.MILLISECONDS);
      int leaderless = 0;
      for (TopicDescription d : described.values()) {
        long led = d.partitions().stream().filter(KafkaReachability::hasLeader).count();
        if (led == 0) {
          throw new IllegalStateException(d.name() + " has no partition with a leader");
        }
        leaderless += d.partitions().size() - (int) led;
      }
      leaderlessPartitions = leaderless;
      if (verdict.succeeded()) {
        log.info("Kafka is reachable again");
      }
      lastProblem = "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      String problem = e.getCause() != null ? e.getCause().toString() : e.toString();
      if (verdict.failed()) {
        log.warn("Kafka unreachable: not ready until it is back ({})", problem);
      } else if (!problem.equals(lastProblem)) {
        log.debug("Kafka probe failed: {}", problem);
      }
      lastProblem = problem;
    }
  }

  @Override
  public void close() {
    probe.shutdownNow();
    admin.close(Duration.ofSeconds(2));
  }
}
