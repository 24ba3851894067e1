package io.hookline.bench.reference;

import io.hookline.bench.harness.BenchEndpoint;
import io.hookline.bench.harness.Phase;
import io.hookline.core.kafka.KafkaClients;
import io.hookline.core.webhook.WebhookRequest;
import io.hookline.dispatcher.http.HttpResult;
import io.hookline.dispatcher.http.HttpSender;
import io.hookline.schemas.Delivery;
import io.hookline.schemas.Json;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The design users start from: one consumer, one record at a time, a synchronous POST (the same
 * {@link HttpSender} as the dispatcher), then {@code commitSync} of that record, whatever the
 * outcome (no retries). Runs on the calling thread until its deadline; a request in progress at the
 * deadline finishes first, bounded by the sender's timeout.
 */
public final class NaiveConsumer {
  private final Phase phase;
  private final HttpSender sender;
  private final Map<String, BenchEndpoint> byId;
  private volatile boolean stopping;
  private volatile long processed;
  private volatile long delivered;

  public NaiveConsumer(Phase phase, HttpSender sender, List<BenchEndpoint> endpoints) {
    this.phase = phase;
    this.sender = sender;
    this.byId =
        endpoints.stream().collect(Collectors.toMap(BenchEndpoint::id, Function.identity()));
  }

  /** Consumes until {@link #stop} or for at most {@code duration}, on the calling thread. */
  public void run(Duration duration) {
    long end = System.nanoTime() + duration.toNanos();
    Map<String, Object> props =
        KafkaClients.consumerProps(phase.kafka(), "bench-naive", phase.topics().prefix() + "naive");
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(List.of(phase.topics().deliveries()));
      while (!stopping && System.nanoTime() < end) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          if (stopping || System.nanoTime() >= end) {
            break;
          }
          send(Json.read(record.value(), Delivery.class));
          consumer.commitSync(
              Map.of(
                  new TopicPartition(record.topic(), record.partition()),
                  new OffsetAndMetadata(record.offset() + 1)));
          processed++;
        }
      }
    }
  }

  private void send(Delivery delivery) {
    BenchEndpoint endpoint = byId.get(delivery.endpointId());
    byte[] body = delivery.payload().getBytes(StandardCharsets.UTF_8);
    HttpResult result =
        sender.send(
            WebhookRequest.attempt(
                URI.create(endpoint.url()),
                delivery.eventId(),
                delivery.eventType(),
                delivery.attempt() + 1,
                Instant.now(),
                body,
                List.of(endpoint.secret()),
                Map.of()));
    if (result instanceof HttpResult.Delivered) {
      delivered++;
    }
  }

  /** Asks the loop to stop after the request in progress; returns at once. Any thread. */
  public void stop() {
    stopping = true;
  }

  public long processed() {
    return processed;
  }

  public long delivered() {
    return delivered;
  }
}
