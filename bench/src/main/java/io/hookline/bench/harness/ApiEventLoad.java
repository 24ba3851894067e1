package io.hookline.bench.harness;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Posts events to the ingest API, as a tenant's service would: event {@code seq} goes to tenant
 * (and so endpoint) {@code seq % endpoints}, with the {@link ArrivalBook}'s id, padded so that the
 * body a receiver gets is about {@code payloadBytes}. The book notes an event as sent when its 202
 * arrives (acceptance); when its POST started is kept here. Every loop is bounded by its count or
 * its window.
 */
public final class ApiEventLoad {
  private static final int MAX_OPEN = 256;

  private final URI events;
  private final ArrivalBook book;
  private final int endpoints;
  private final String pad;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final AtomicLongArray postedAt;
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong lateStarts = new AtomicLong();

  public ApiEventLoad(String apiBase, ArrivalBook book, int endpoints, int payloadBytes) {
    this.events = URI.create(apiBase + "/v1/events");
    this.book = book;
    this.endpoints = endpoints;
    // The envelope the receiver gets ({"id","type","timestamp","data":{"seq","pad"}}) is about
    // 120 bytes.
    this.pad = "x".repeat(Math.max(0, payloadBytes - 120));
    this.postedAt = new AtomicLongArray(book.capacity());
  }

  /**
   * Posts {@code count} events from {@code from} on, {@code perSecond} a second, evenly spaced,
   * each on a virtual thread of its own (open loop: a slow API does not slow the load down, up to
   * {@value #MAX_OPEN} open requests). Returns once every POST is answered: how many were posted.
   */
  public int paced(int from, int count, double perSecond) throws InterruptedException {
    int last = Math.min(book.capacity(), from + count);
    Semaphore open = new Semaphore(MAX_OPEN);
    long start = System.nanoTime();
    double intervalNanos = 1e9 / perSecond;
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int seq = from; seq < last; seq++) {
        long due = start + (long) ((seq - from) * intervalNanos);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          // Pacing an open-loop load to its schedule, not waiting for anything to happen.
          LockSupport.parkNanos(wait);
        } else if (wait < -1_000_000) {
          lateStarts.incrementAndGet();
        }
        open.acquire();
        int s = seq;
        threads.execute(
            () -> {
              try {
                post(s);
              } finally {
                open.release();
              }
            });
      }
    }
    return last - from;
  }

  /**
   * Posts events from {@code from} on from {@code concurrency} virtual threads, each sending the
   * next as soon as its last was answered, for {@code window} (or until the book is full). Returns
   * how many were posted.
   */
  public int closed(int from, int concurrency, Duration window) throws InterruptedException {
    AtomicInteger next = new AtomicInteger(from);
    long end = System.nanoTime() + window.toNanos();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int t = 0; t < concurrency; t++) {
        threads.execute(
            () -> {
              while (System.nanoTime() < end) {
                int seq = next.getAndIncrement();
                if (seq >= book.capacity()) {
                  return;
                }
                post(seq);
              }
            });
      }
    }
    return Math.min(next.get(), book.capacity()) - from;
  }

  /** Nanoseconds from the book's origin at which the POST of {@code seq} started; 0 if never. */
  public long postedAt(int seq) {
    return postedAt.get(seq);
  }

  /** POSTs not answered with a 202. */
  public long failures() {
    return failures.get();
  }

  /** Paced POSTs started over a millisecond after their time (the load could not keep up). */
  public long lateStarts() {
    return lateStarts.get();
  }

  private void post(int seq) {
    String tenant = BenchEndpoint.tenantOf(seq % endpoints);
    String body =
        "{\"id\":\""
            + book.eventId(seq)
            + "\",\"tenant\":\""
            + tenant
            + "\",\"type\":\"bench.tick\",\"data\":{\"seq\":"
            + seq
            + ",\"pad\":\""
            + pad
            + "\"}}";
    HttpRequest request =
        HttpRequest.newBuilder(events)
            .header("Authorization", "Bearer " + Stack.API_TOKEN)
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(15))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    postedAt.set(seq, book.now());
    try {
      int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status == 202) {
        book.sent(seq);
      } else {
        failures.incrementAndGet();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failures.incrementAndGet();
    } catch (Exception e) {
      failures.incrementAndGet();
    }
  }
}
