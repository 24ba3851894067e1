package io.hookline.bench.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.BitSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Posts events to the ingest API as a careful client does: each with its own id ({@code
 * evt_<tag>_<seq>}, so the receiver tells them apart and a retried POST is the same event), paced
 * at a fixed rate, and retried (same id) until a 202 while the API answers 503 or does not answer
 * (the broker is down, the ingest-service restarts). The number of events is bounded; the run ends.
 */
final class ApiLoad {
  private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(3);

  private final String base;
  private final String token;
  private final String tenant;
  private final String tag;
  private final BitSet accepted = new BitSet();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong givenUp = new AtomicLong();

  ApiLoad(String base, String token, String tenant, String tag) {
    this.base = base;
    this.token = token;
    this.tenant = tenant;
    this.tag = tag;
  }

  String eventId(int seq) {
    return "evt_" + tag + "_" + seq;
  }

  /**
   * Posts events {@code 0..count-1} at {@code perSecond}, each until accepted; returns when every
   * one was accepted or given up on. Blocks.
   */
  void run(int count, int perSecond) throws InterruptedException {
    Semaphore inFlight = new Semaphore(64);
    long intervalNanos = 1_000_000_000L / Math.max(1, perSecond);
    long start = System.nanoTime();
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int seq = 0; seq < count; seq++) {
        long due = start + seq * intervalNanos;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait); // the load's pace: a paced client
        }
        inFlight.acquire();
        int s = seq;
        senders.execute(
            () -> {
              try {
                postUntilAccepted(http, s);
              } finally {
                inFlight.release();
              }
            });
      }
    }
  }

  /** {@link #run} on a thread of its own; join it to wait for the load's end. */
  Thread start(int count, int perSecond) {
    return Thread.ofPlatform()
        .name("fault-load")
        .start(
            () -> {
              try {
                run(count, perSecond);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
  }

  private void postUntilAccepted(HttpClient http, int seq) {
    String body =
        "{\"id\":\""
            + eventId(seq)
            + "\",\"tenant\":\""
            + tenant
            + "\",\"type\":\"fault.test\","
            + "\"data\":{\"seq\":"
            + seq
            + "}}";
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + "/v1/events"))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(15))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
    long backoffMs = 100;
    while (System.nanoTime() < deadline) {
      try {
        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status == 202) {
          synchronized (accepted) {
            accepted.set(seq);
          }
          return;
        }
        if (status < 500) {
          throw new IllegalStateException("event " + seq + " refused with " + status);
        }
      } catch (IOException e) {
        // not answering: retried below
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      retries.incrementAndGet();
      try {
        TimeUnit.MILLISECONDS.sleep(backoffMs); // a client's backoff before it retries
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      backoffMs = Math.min(2_000, backoffMs * 2);
    }
    givenUp.incrementAndGet();
  }

  /** The events the API accepted (202). */
  BitSet accepted() {
    synchronized (accepted) {
      return (BitSet) accepted.clone();
    }
  }

  long retries() {
    return retries.get();
  }

  long givenUp() {
    return givenUp.get();
  }
}
