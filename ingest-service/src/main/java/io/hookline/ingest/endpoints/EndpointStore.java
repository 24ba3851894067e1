package io.hookline.ingest.endpoints;

import io.hookline.core.endpoints.EndpointDirectory;
import io.hookline.core.http.HttpProblem;
import io.hookline.ingest.http.KafkaWriter;
import io.hookline.schemas.Endpoint;
import io.hookline.schemas.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Reads endpoints from the directory and writes them to the compacted endpoints topic. Changes to
 * one endpoint are read-modify-write under a lock, so concurrent requests to this instance do not
 * lose each other; {@code If-Match} with the endpoint's ETag (its {@code updatedAt}) makes a change
 * conditional, answering 412 when someone else changed it first. Every write returns once this
 * instance's directory shows it. Thread-safe; blocks on Kafka.
 */
final class EndpointStore {
  private static final Duration READ_YOUR_WRITE = Duration.ofSeconds(10);
  private static final int STRIPES = 64;

  private final String topic;
  private final KafkaWriter writer;
  private final EndpointDirectory directory;
  private final Clock clock;
  private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

  EndpointStore(String topic, KafkaWriter writer, EndpointDirectory directory, Clock clock) {
    this.topic = topic;
    this.writer = writer;
    this.directory = directory;
    this.clock = clock;
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  static String etag(Endpoint e) {
    return "\"" + e.updatedAt().toString() + "\"";
  }

  Optional<Endpoint> find(String id) {
    return directory.get(id);
  }

  Endpoint require(String id) {
    return directory.get(id).orElseThrow(() -> HttpProblem.notFound("no endpoint " + id));
  }

  void create(Endpoint endpoint) {
    awaitApplied(writer.write(topic, endpoint.id(), Json.write(endpoint)));
  }

  /** Applies {@code change} to the current endpoint and writes the result. */
  Endpoint update(String id, Optional<String> ifMatch, Consumer<EndpointDraft> change) {
    ReentrantLock lock = lockFor(id);
    lock.lock();
    try {
      Endpoint current = require(id);
      checkPrecondition(current, ifMatch);
      EndpointDraft draft = new EndpointDraft(current);
      change.accept(draft);
      Instant now = clock.instant();
      // updatedAt is the ETag: keep it strictly increasing even if the clock is not.
      Instant updatedAt =
          now.isAfter(current.updatedAt()) ? now : current.updatedAt().plusNanos(1000);
      Endpoint next = draft.build(updatedAt);
      awaitApplied(writer.write(topic, id, Json.write(next)));
      return next;
    } finally {
      lock.unlock();
    }
  }

  /** Writes the tombstone that deletes {@code id}. */
  void delete(String id, Optional<String> ifMatch) {
    ReentrantLock lock = lockFor(id);
    lock.lock();
    try {
      checkPrecondition(require(id), ifMatch);
      awaitApplied(writer.write(topic, id, null));
    } finally {
      lock.unlock();
    }
  }

  private static void checkPrecondition(Endpoint current, Optional<String> ifMatch) {
    if (ifMatch.isPresent() && !ifMatch.get().equals("*") && !ifMatch.get().equals(etag(current))) {
      throw new HttpProblem(
          412,
          "precondition_failed",
          "the endpoint changed since " + ifMatch.get() + "; it is now " + etag(current),
          "If-Match");
    }
  }

  private ReentrantLock lockFor(String id) {
    return locks[Math.floorMod(id.hashCode(), STRIPES)];
  }

  private void awaitApplied(RecordMetadata written) {
    try {
      if (!directory.awaitApplied(written.partition(), written.offset(), READ_YOUR_WRITE)) {
        throw new HttpProblem(
            503, "unavailable", "the change was written but is not visible yet; retry GET", null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HttpProblem(503, "unavailable", "interrupted", null);
    }
  }
}
