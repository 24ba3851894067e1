package io.hookline.core.endpoints;

import io.hookline.core.config.KafkaConfig;
import io.hookline.core.kafka.ConsumerRun;
import io.hookline.core.kafka.KafkaClients;
import io.hookline.core.kafka.SkippedRecords;
import io.hookline.core.service.SupervisedLoop;
import io.hookline.schemas.Endpoint;
import io.hookline.schemas.InvalidRecordException;
import io.hookline.schemas.Json;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-memory view of the compacted {@code webhooks.endpoints} topic, kept current by a thread
 * that tails it from the beginning. Lookups are lock-free and may be called from any thread; they
 * see every change once the tailing thread has applied it (see {@link #awaitApplied}). The tailing
 * thread is supervised ({@link SupervisedLoop}): after a failure a new consumer resumes where the
 * last one stopped, and {@link #isCaughtUp} is false while it is down.
 */
public final class EndpointDirectory implements AutoCloseable {
  /** How long a starting service waits for the directory to read the whole topic. */
  public static final Duration STARTUP_CATCH_UP = Duration.ofSeconds(60);

  private static final Logger log = LoggerFactory.getLogger(EndpointDirectory.class);
  private static final Duration POLL = Duration.ofMillis(200);

  private final String topic;
  private final Map<String, Object> consumerProps;
  private final MeterRegistry registry;
  private final Map<String, Endpoint> byId = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Endpoint>> byTenant = new ConcurrentHashMap<>();
  private final Map<Integer, Long> applied = new ConcurrentHashMap<>(); // next offset per partition
  // Readers wait here for the tailing thread's progress; a lock, not a monitor, so that a waiting
  // virtual thread does not pin its carrier (JDK 21-23).
  private final ReentrantLock progressLock = new ReentrantLock();
  private final Condition progressed = progressLock.newCondition();
  private final AtomicLong unreadable = new AtomicLong();
  private final SkippedRecords skipped;
  private final Queue<CompletableFuture<Map<Integer, Long>>> syncRequests =
      new ConcurrentLinkedQueue<>();
  private volatile SupervisedLoop loop;
  private final ConsumerRun<String, byte[]> runs = new ConsumerRun<>();
  private volatile Map<Integer, Long> startupTarget;
  private volatile boolean caughtUp;

  private EndpointDirectory(
      KafkaConfig config, String clientId, SkippedRecords skipped, MeterRegistry registry) {
    this.skipped = skipped;
    this.registry = registry;
    this.topic = config.topics().endpoints();
    this.consumerProps = KafkaClients.readerProps(config, clientId);
  }

  /**
   * Starts tailing; call {@link #awaitCaughtUp} before serving traffic. Unreadable records are
   * skipped through {@code skipped} (counted and logged).
   */
  public static EndpointDirectory start(
      KafkaConfig config, String clientId, MeterRegistry registry) {
    EndpointDirectory directory =
        new EndpointDirectory(
            config, clientId, new SkippedRecords(registry, "endpoint-directory"), registry);
    directory.loop =
        SupervisedLoop.start("endpoint-directory", registry, directory::tail, directory::wake);
    return directory;
  }

  /** Starts tailing, with its metrics in a registry of its own (tools, tests). */
  public static EndpointDirectory start(KafkaConfig config, String clientId) {
    return start(config, clientId, new SimpleMeterRegistry());
  }

  public Optional<Endpoint> get(String endpointId) {
    return Optional.ofNullable(byId.get(endpointId));
  }

  /**
   * The endpoint, or empty when it does not exist. A miss may only mean the directory has not read
   * the endpoint yet (it was created a moment ago), so a miss waits for the directory to catch up
   * with the topic ({@link #awaitSynced}) before it counts.
   *
   * @throws IllegalStateException when the directory cannot catch up within {@code timeout}
   */
  public Optional<Endpoint> getSynced(String endpointId, Duration timeout)
      throws InterruptedException {
    Optional<Endpoint> found = get(endpointId);
    if (found.isPresent()) {
      return found;
    }
    if (!awaitSynced(timeout)) {
      throw new IllegalStateException("endpoint directory could not catch up within " + timeout);
    }
    return get(endpointId);
  }

  /** The tenant's endpoints, enabled or not; an immutable snapshot. */
  public Collection<Endpoint> forTenant(String tenant) {
    Map<String, Endpoint> m = byTenant.get(tenant);
    return m == null ? List.of() : List.copyOf(m.values());
  }

  public int size() {
    return byId.size();
  }

  /** Records on the topic that could not be read (logged with their coordinates). */
  public long unreadableRecords() {
    return unreadable.get();
  }

  /**
   * Whether everything that was on the topic at start has been read, and the directory is tailing
   * it now (not waiting to be restarted after a failure).
   */
  public boolean isCaughtUp() {
    SupervisedLoop l = loop;
    return caughtUp && l != null && l.isUp();
  }

  /** Blocks until {@link #isCaughtUp()}; false on timeout. */
  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    return awaitCondition(() -> caughtUp, timeout);
  }

  /**
   * Blocks until {@link #isCaughtUp()}, as a service does before it serves with the directory, for
   * up to {@link #STARTUP_CATCH_UP}.
   *
   * @throws IllegalStateException when the topic could not be read in that time; the caller closes
   *     what it started
   */
  public void requireCaughtUp() throws InterruptedException {
    if (!awaitCaughtUp(STARTUP_CATCH_UP)) {
      throw new IllegalStateException(
          "could not read the endpoints topic "
              + topic
              + " within "
              + STARTUP_CATCH_UP.toSeconds()
              + " s");
    }
  }

  /**
   * Blocks until the record at {@code offset} of {@code partition} has been applied, so that a
   * writer can read its own write; false on timeout.
   */
  public boolean awaitApplied(int partition, long offset, Duration timeout)
      throws InterruptedException {
    return awaitCondition(() -> applied.getOrDefault(partition, 0L) > offset, timeout);
  }

  /**
   * Blocks until every endpoint record written before this call has been applied, so an absent
   * endpoint is known to be absent rather than not yet read; false on timeout. Costs one
   * end-offsets request; call it only when a lookup found nothing.
   */
  public boolean awaitSynced(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    var request = new CompletableFuture<Map<Integer, Long>>();
    syncRequests.add(request);
    Map<Integer, Long> ends;
    try {
      ends = request.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
    Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    return awaitCondition(
        () ->
            ends.entrySet().stream()
                .allMatch(e -> applied.getOrDefault(e.getKey(), 0L) >= e.getValue()),
        left);
  }

  private boolean awaitCondition(BooleanSupplier done, Duration timeout)
      throws InterruptedException {
    long left = timeout.toNanos();
    progressLock.lock();
    try {
      while (!done.getAsBoolean()) {
        if (runs.isStopping()) {
          throw new IllegalStateException("endpoint directory closed");
        }
        if (left <= 0) {
          return false;
        }
        left = progressed.awaitNanos(left);
      }
      return true;
    } finally {
      progressLock.unlock();
    }
  }

  /** Wakes every reader waiting in {@link #awaitCondition} to look again. */
  private void signalProgress() {
    progressLock.lock();
    try {
      progressed.signalAll();
    } finally {
      progressLock.unlock();
    }
  }

  /**
   * One run of the tailing thread: a fresh consumer, from the beginning the first time and from
   * where the last run stopped after a failure, until closed.
   */
  private void tail() {
    runs.run(
        () -> new KafkaConsumer<>(consumerProps),
        this::tail,
        c -> {
          c.close(CloseOptions.timeout(Duration.ofSeconds(5)));
          signalProgress();
        });
  }

  private void tail(Consumer<String, byte[]> c) {
    List<TopicPartition> partitions =
        c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    c.assign(partitions);
    // Explicit positions (one request for all partitions), so that reading each partition's
    // position after a poll never waits on a lazy reset: a restart catches up sooner.
    Map<TopicPartition, Long> beginnings = c.beginningOffsets(partitions, Duration.ofSeconds(30));
    for (TopicPartition tp : partitions) {
      Long next = applied.get(tp.partition());
      c.seek(
          tp,
          next == null
              ? beginnings.getOrDefault(tp, 0L)
              : Math.max(next, beginnings.getOrDefault(tp, 0L)));
    }
    if (startupTarget == null) {
      Map<Integer, Long> target = new HashMap<>();
      c.endOffsets(partitions, Duration.ofSeconds(30))
          .forEach((tp, end) -> target.put(tp.partition(), end));
      startupTarget = Map.copyOf(target);
    }
    checkCaughtUp();
    pollUntilClosed(c, partitions);
  }

  private void pollUntilClosed(Consumer<String, byte[]> consumer, List<TopicPartition> partitions) {
    while (!runs.isStopping()) {
      ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
      for (ConsumerRecord<String, byte[]> record : records) {
        apply(record);
      }
      for (TopicPartition tp : partitions) {
        applied.put(tp.partition(), consumer.position(tp));
      }
      checkCaughtUp();
      answerSyncRequests(consumer, partitions);
      signalProgress();
    }
  }

  private void answerSyncRequests(
      Consumer<String, byte[]> consumer, List<TopicPartition> partitions) {
    if (syncRequests.isEmpty()) {
      return;
    }
    Map<Integer, Long> ends = new HashMap<>();
    try {
      consumer
          .endOffsets(partitions, Duration.ofSeconds(10))
          .forEach((tp, end) -> ends.put(tp.partition(), end));
    } catch (RuntimeException e) {
      log.warn("could not read the end of {}: {}", topic, e.toString());
      return; // the waiters time out and decide without the sync
    }
    for (var request = syncRequests.poll(); request != null; request = syncRequests.poll()) {
      request.complete(ends);
    }
  }

  private void checkCaughtUp() {
    if (!caughtUp && startupTarget != null) {
      boolean done =
          startupTarget.entrySet().stream()
              .allMatch(e -> applied.getOrDefault(e.getKey(), 0L) >= e.getValue());
      if (done) {
        caughtUp = true;
        log.info("endpoint directory caught up: {} endpoints", byId.size());
      }
    }
  }

  private void apply(ConsumerRecord<String, byte[]> record) {
    String id = record.key();
    if (record.value() == null) {
      remove(id);
      return;
    }
    try {
      Endpoint endpoint = Json.read(record.value(), Endpoint.class);
      if (id != null && !id.equals(endpoint.id())) {
        throw new InvalidRecordException("id", "key " + id + " differs from id " + endpoint.id());
      }
      Endpoint previous = byId.put(endpoint.id(), endpoint);
      if (previous != null && !previous.tenant().equals(endpoint.tenant())) {
        tenantMap(previous.tenant()).remove(previous.id());
      }
      tenantMap(endpoint.tenant()).put(endpoint.id(), endpoint);
    } catch (InvalidRecordException e) {
      unreadable.incrementAndGet();
      skipped.skip(record.topic(), record.partition(), record.offset(), e.getMessage());
    }
  }

  private void remove(String id) {
    Endpoint previous = id == null ? null : byId.remove(id);
    if (previous != null) {
      Map<String, Endpoint> m = byTenant.get(previous.tenant());
      if (m != null) {
        m.remove(id);
      }
    }
  }

  private Map<String, Endpoint> tenantMap(String tenant) {
    return byTenant.computeIfAbsent(tenant, t -> new ConcurrentHashMap<>());
  }

  private void wake() {
    runs.stop();
    signalProgress();
  }

  /** Stops tailing; waits for the thread to leave. */
  @Override
  public void close() {
    SupervisedLoop l = loop;
    if (l != null) {
      l.close();
    }
  }
}
