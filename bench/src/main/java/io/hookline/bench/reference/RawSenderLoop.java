package io.hookline.bench.reference;

import io.hookline.core.signing.WebhookSecret;
import io.hookline.core.webhook.WebhookRequest;
import io.hookline.dispatcher.http.HttpResult;
import io.hookline.dispatcher.http.HttpSender;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The throughput reference: the dispatcher's own {@link HttpSender} driven by {@code concurrency}
 * virtual threads in a tight loop, no Kafka at all. Request {@code seq} goes to target {@code seq %
 * targets} with the id {@code idPrefix + seq} and a body of the same size as the pipeline's, signed
 * as the dispatcher signs. Bounded by its request count and a deadline.
 */
public final class RawSenderLoop {
  /** Where requests go: an endpoint's URL and its signing secret. */
  public record Target(URI url, WebhookSecret secret) {}

  private final HttpSender sender;
  private final List<Target> targets;
  private final String idPrefix;
  private final String pad;
  private final AtomicInteger next = new AtomicInteger();
  private volatile int last;
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  public RawSenderLoop(HttpSender sender, List<Target> targets, String idPrefix, int payloadBytes) {
    this.sender = sender;
    this.targets = targets;
    this.idPrefix = idPrefix;
    this.pad = "x".repeat(Math.max(0, payloadBytes - 120));
  }

  /**
   * Sends requests {@code from..to-1} with {@code concurrency} threads; blocks until done or the
   * deadline has passed.
   */
  public void run(int from, int to, int concurrency, Duration deadline) {
    long end = System.nanoTime() + deadline.toNanos();
    next.set(from);
    last = to;
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int t = 0; t < concurrency; t++) {
        threads.execute(() -> sendUntilDone(end));
      }
    }
  }

  private void sendUntilDone(long endNanos) {
    for (int seq = next.getAndIncrement();
        seq < last && System.nanoTime() < endNanos;
        seq = next.getAndIncrement()) {
      Target target = targets.get(seq % targets.size());
      String id = idPrefix + seq;
      byte[] body =
          ("{\"id\":\""
                  + id
                  + "\",\"type\":\"bench.tick\",\"timestamp\":\"2026-01-01T00:00:00Z\","
                  + "\"data\":{\"seq\":"
                  + seq
                  + ",\"pad\":\""
                  + pad
                  + "\"}}")
              .getBytes(StandardCharsets.UTF_8);
      HttpResult result =
          sender.send(
              WebhookRequest.attempt(
                  target.url(),
                  id,
                  "bench.tick",
                  1,
                  Instant.now(),
                  body,
                  List.of(target.secret()),
                  Map.of()));
      (result instanceof HttpResult.Delivered ? delivered : failed).incrementAndGet();
    }
  }

  public long delivered() {
    return delivered.get();
  }

  public long failed() {
    return failed.get();
  }
}
