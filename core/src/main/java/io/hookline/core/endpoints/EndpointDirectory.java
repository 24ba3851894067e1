package io.hookline.core.endpoints;

import io.hookline.core.config.KafkaConfig;
import io.hookline.core.kafka.ConsumerRun;
import io.hookline.core.kafka.KafkaClients;
import io.hookline.core.kafka.SkippedRecords;
import io.hookline.core.service.SupervisedLoop;
import io.hookline.schemas.Endpoint;
import io.hookline.schemas.InvalidRecordException;
import io.hookline.schemas.Json;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
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
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-memory view of the compacted {@code webhooks.endpoints} topic, kept current by a thread
 * that tails it from the beginning. Lookups are lock-free and may be called from any thread; they
 * see every change once the tailing thread has applied it (see {@link #awaitApplied}). The tailing
 * thread is supervised ({@link SupervisedLoop}): after a failure a new consumer resumes where the
 * last one stopped, and {@link #isCaughtUp} is false while it is down.
 *
 * <p>A directory {@linkplain #startFollowing following} a consumer's assignment holds only the
 * endpoints of the deliveries partitions it is told to ({@link #follow}): the endpoints topic has
 * the deliveries topic's partition count and the same key (the endpoint id), so the endpoints of
 * deliveries partition {@code p} are those on endpoints partition {@code p}, and a dispatcher's
 * memory does not grow with the number of endpoints of the whole deployment. Where the counts
 * differ (a topic made by hand), it holds every endpoint, as the plain directory does.
 */
public final class EndpointDirectory implements AutoCloseable {
  /** How long a starting service waits for the directory to read the whole topic. */
  public static final Duration STARTUP_CATCH_UP = Duration.ofSeconds(60);

  private static final Logger log = LoggerFactory.getLogger(EndpointDirectory.class);
  private static final Duration POLL = Duration.ofMillis(200);

  private final String topic;
  private final Map<String, Object> consumerProps;
  private final MeterRegistry registry;
  private final EndpointTable table;
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
  // Following an assignment: which deliveries partitions' endpoints to hold (null: every endpoint),
  // how many partitions the deliveries topic has (0 until the tailing thread has read it), and the
  // generations of follow() requests: asked for, read in (tailing thread), and caught up with.
  private final String followedTopic;
  private volatile Set<Integer> owned;
  private volatile int deliveriesPartitions;
  private volatile boolean coPartitioned;
  private final AtomicLong followRequested = new AtomicLong();
  private long followApplied = -1;
  private volatile long followReached;
  private Map<Integer, Long> followTarget = Map.of();

  private EndpointDirectory(
      KafkaConfig config,
      String clientId,
      SkippedRecords skipped,
      MeterRegistry registry,
      boolean following,
      EndpointTable table) {
    this.table = table;
    this.skipped = skipped;
    this.registry = registry;
    this.topic = config.topics().endpoints();
    this.consumerProps = KafkaClients.readerProps(config, clientId);
    this.followedTopic = following ? config.topics().deliveries() : null;
    this.owned = following ? Set.of() : null;
    Gauge.builder("hookline.endpoint.directory.size", table, EndpointTable::size)
        .description("endpoints this process holds in memory")
        .register(registry);
  }

  /**
   * Starts tailing; call {@link #awaitCaughtUp} before serving traffic. Unreadable records are
   * skipped through {@code skipped} (counted and logged).
   */
  public static EndpointDirectory start(
      KafkaConfig config, String clientId, MeterRegistry registry) {
    return start(config, clientId, registry, Storage.HEAP);
  }

  /** Starts tailing, keeping the endpoints as {@code storage} says. */
  public static EndpointDirectory start(
      KafkaConfig config, String clientId, MeterRegistry registry, Storage storage) {
    return start(config, clientId, registry, false, storage);
  }

  /**
   * Starts a directory that holds the endpoints of no deliveries partition until {@link #follow}
   * names some (a dispatcher's, which follows its consumer's assignment).
   */
  public static EndpointDirectory startFollowing(
      KafkaConfig config, String clientId, MeterRegistry registry, Storage storage) {
    return start(config, clientId, registry, true, storage);
  }

  /** Where a directory keeps the endpoints it holds. */
  public enum Storage {
    /** All on the heap: lock-free lookups, about 0.9 KiB of heap an endpoint (tools, tests). */
    HEAP,
    /**
     * In a RocksDB of the process's own, rebuilt from the topic at each start, with the hot
     * endpoints cached on the heap: heap bounded whatever the number of endpoints (services).
     */
    DISK
  }

  private static EndpointDirectory start(
      KafkaConfig config,
      String clientId,
      MeterRegistry registry,
      boolean following,
      Storage storage) {
    EndpointTable table =
        storage == Storage.DISK ? new DiskEndpointTable() : new HeapEndpointTable();
    EndpointDirectory directory =
        new EndpointDirectory(
            config,
            clientId,
            new SkippedRecords(registry, "endpoint-directory"),
            registry,
            following,
            table);
    directory.loop =
        SupervisedLoop.start("endpoint-directory", registry, directory::tail, directory::wake);
    return directory;
  }

  /** Starts tailing, with its metrics in a registry of its own (tools, tests). */
  public static EndpointDirectory start(KafkaConfig config, String clientId) {
    return start(config, clientId, new SimpleMeterRegistry());
  }

  public Optional<Endpoint> get(String endpointId) {
    return table.get(endpointId);
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
    if (!holds(endpointId)) {
      // Not absent, only not held here: a record keyed by this endpoint belongs elsewhere.
      throw new IllegalStateException(
          "endpoint "
              + endpointId
              + " belongs to partition "
              + partitionOf(endpointId, deliveriesPartitions)
              + " of "
              + followedTopic
              + ", whose endpoints this directory does not hold");
    }
    if (!awaitSynced(timeout)) {
      throw new IllegalStateException("endpoint directory could not catch up within " + timeout);
    }
    return get(endpointId);
  }

  /** The tenant's endpoints, enabled or not; an immutable snapshot. */
  public Collection<Endpoint> forTenant(String tenant) {
    return table.forTenant(tenant);
  }

  public int size() {
    return table.size();
  }

  /**
   * Follows a new assignment: from now on the directory holds the endpoints of these deliveries
   * partitions only (those of others are dropped), reading newly named ones from the beginning.
   * {@link #isFollowing} is false until it has. Returns at once; the tailing thread does the work.
   * A directory not started {@linkplain #startFollowing following} ignores it. Any thread.
   */
  public void follow(Set<Integer> deliveriesPartitionsOwned) {
    if (followedTopic == null) {
      return;
    }
    owned = Set.copyOf(deliveriesPartitionsOwned);
    // Read at the tailing thread's next poll (a consumer wake-up would end its run as a failure).
    followRequested.incrementAndGet();
    signalProgress();
  }

  /**
   * Whether the endpoints of every partition named by the last {@link #follow} have been read up to
   * where their partitions ended when it was called. Always true for a directory that is not
   * following an assignment.
   */
  public boolean isFollowing() {
    return followReached == followRequested.get();
  }

  /**
   * Whether this directory holds {@code endpointId}'s endpoint when it exists: always, unless it
   * follows an assignment that does not include the endpoint's deliveries partition.
   */
  public boolean holds(String endpointId) {
    Set<Integer> o = owned;
    return o == null || !coPartitioned || o.contains(partitionOf(endpointId, deliveriesPartitions));
  }

  /** The partition of a topic with {@code partitions} partitions that the key {@code id} gets. */
  static int partitionOf(String id, int partitions) {
    return Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % partitions;
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

  /** The tailing thread's wait while it reads no partition: until follow(), close() or a poll. */
  private void awaitFollowOrStop() {
    progressLock.lock();
    try {
      if (followRequested.get() == followApplied && !runs.isStopping()) {
        progressed.await(POLL.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      runs.stop();
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
    List<TopicPartition> partitions = partitionsOf(c, topic);
    if (followedTopic != null && deliveriesPartitions == 0) {
      int deliveries = partitionsOf(c, followedTopic).size();
      coPartitioned = deliveries == partitions.size();
      deliveriesPartitions = deliveries;
      if (!coPartitioned) {
        log.warn(
            "{} has {} partitions and {} has {}: holding every endpoint, not only those of this"
                + " instance's partitions (give both topics the same count to co-partition them)",
            topic,
            partitions.size(),
            followedTopic,
            deliveries);
      }
    }
    // A new consumer reads what the directory holds from where the last run stopped.
    followApplied = -1;
    pollUntilClosed(c, partitions);
  }

  private List<TopicPartition> partitionsOf(Consumer<String, byte[]> c, String name) {
    return c.partitionsFor(name, Duration.ofSeconds(30)).stream()
        .map(p -> new TopicPartition(p.topic(), p.partition()))
        .toList();
  }

  private void pollUntilClosed(Consumer<String, byte[]> consumer, List<TopicPartition> partitions) {
    while (!runs.isStopping()) {
      if (followRequested.get() != followApplied) {
        reassign(consumer, partitions);
      }
      if (consumer.assignment().isEmpty()) {
        // Following no partition (yet): nothing to poll; follow() or close() wakes this wait.
        answerSyncRequests(consumer, Set.of());
        signalProgress();
        awaitFollowOrStop();
        continue;
      }
      ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
      for (ConsumerRecord<String, byte[]> record : records) {
        apply(record);
      }
      Set<TopicPartition> reading = consumer.assignment();
      for (TopicPartition tp : reading) {
        applied.put(tp.partition(), consumer.position(tp));
      }
      checkCaughtUp();
      checkFollowing();
      answerSyncRequests(consumer, reading);
      signalProgress();
    }
  }

  /**
   * Reads the partitions the directory holds now: all of them, or those {@link #follow} named. A
   * partition newly read starts where the directory's copy of it stopped, or at the beginning; the
   * endpoints of partitions no longer held are dropped. Tailing thread.
   */
  private void reassign(Consumer<String, byte[]> c, List<TopicPartition> partitions) {
    long generation = followRequested.get();
    Set<Integer> wanted = owned;
    List<TopicPartition> next =
        wanted == null || !coPartitioned
            ? partitions
            : partitions.stream().filter(tp -> wanted.contains(tp.partition())).toList();
    Set<TopicPartition> before = c.assignment();
    List<TopicPartition> added = next.stream().filter(tp -> !before.contains(tp)).toList();
    c.assign(next);
    for (TopicPartition tp : before) {
      if (!next.contains(tp)) {
        applied.remove(tp.partition());
      }
    }
    table.retainOnly(this::holds);
    Map<Integer, Long> target = new HashMap<>();
    if (!added.isEmpty()) {
      // Explicit positions (one request for all partitions), so that reading each partition's
      // position after a poll never waits on a lazy reset: a restart catches up sooner.
      Map<TopicPartition, Long> beginnings = c.beginningOffsets(added, Duration.ofSeconds(30));
      for (TopicPartition tp : added) {
        Long from = applied.get(tp.partition());
        long beginning = beginnings.getOrDefault(tp, 0L);
        c.seek(tp, from == null ? beginning : Math.max(from, beginning));
      }
      c.endOffsets(added, Duration.ofSeconds(30))
          .forEach((tp, end) -> target.put(tp.partition(), end));
    }
    if (startupTarget == null) {
      startupTarget = Map.copyOf(target);
    }
    followTarget = Map.copyOf(target);
    followApplied = generation;
    checkCaughtUp();
    checkFollowing();
  }

  /** Marks the last reassignment read once every newly read partition reached its end then. */
  private void checkFollowing() {
    if (followReached != followApplied && reached(followTarget)) {
      followReached = followApplied;
    }
  }

  private boolean reached(Map<Integer, Long> target) {
    return target.entrySet().stream()
        .allMatch(e -> applied.getOrDefault(e.getKey(), 0L) >= e.getValue());
  }

  private void answerSyncRequests(
      Consumer<String, byte[]> consumer, Set<TopicPartition> partitions) {
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
      if (reached(startupTarget)) {
        caughtUp = true;
        log.info("endpoint directory caught up: {} endpoints", table.size());
      }
    }
  }

  private void apply(ConsumerRecord<String, byte[]> record) {
    String id = record.key();
    if (record.value() == null || (id != null && !holds(id))) {
      remove(id);
      return;
    }
    try {
      Endpoint endpoint = Json.read(record.value(), Endpoint.class);
      if (id != null && !id.equals(endpoint.id())) {
        throw new InvalidRecordException("id", "key " + id + " differs from id " + endpoint.id());
      }
      table.put(endpoint, record.value());
    } catch (InvalidRecordException e) {
      unreadable.incrementAndGet();
      skipped.skip(record.topic(), record.partition(), record.offset(), e.getMessage());
    }
  }

  private void remove(String id) {
    if (id != null) {
      table.remove(id);
    }
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
    table.close();
  }
}
