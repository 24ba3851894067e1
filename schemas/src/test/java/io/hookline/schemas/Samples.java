package io.hookline.schemas;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Fully populated sample records, one of each kind. */
final class Samples {
  static final Instant T0 = Instant.parse("2026-11-22T10:15:30.123Z");

  private Samples() {}

  static Event event() {
    ObjectNode data = Json.mapper().createObjectNode().put("orderId", "o_1").put("total", 42);
    return new Event(
        "evt_1", "acme", "order.created", T0, data, "ep_1", Map.of("source", "checkout"));
  }

  static Endpoint endpoint() {
    return new Endpoint(
        "ep_1",
        "acme",
        "https://hooks.example.com/in",
        "orders",
        List.of("order.*"),
        List.of(new EndpointSecret("enc:v1:abc", T0, T0.plusSeconds(86400))),
        new RateLimit(10, 20),
        8,
        15_000,
        Map.of("x-team", "payments"),
        true,
        null,
        T0,
        T0);
  }

  static Delivery delivery() {
    return new Delivery(
        "dlv_1",
        "evt_1",
        "ep_1",
        "acme",
        "order.created",
        "{\"id\":\"evt_1\"}",
        2,
        T0,
        T0.plusSeconds(1),
        503,
        "HTTP 503",
        new SourceRef("webhooks.dlq", 3, 42),
        T0.minusMillis(40));
  }

  static Attempt attempt() {
    return new Attempt(
        "dlv_1",
        "evt_1",
        "ep_1",
        "acme",
        1,
        T0,
        120,
        AttemptOutcome.RETRYING,
        503,
        "HTTP 503",
        "busy",
        "webhooks.retry-10s",
        T0.minusMillis(40));
  }

  static DeadLetter deadLetter() {
    return DeadLetter.of(delivery(), DeadLetterReason.EXHAUSTED, T0.plusSeconds(700));
  }

  static DeadLetter poison() {
    return DeadLetter.poisonDelivery(
        new SourceRef("webhooks.deliveries", 1, 7),
        "ep_1",
        new byte[] {1, 2, 3},
        "malformed JSON",
        T0);
  }

  static DeadLetter rejectedEvent() {
    return DeadLetter.rejectedEvent(
        new SourceRef("webhooks.events", 5, 12),
        "acme",
        "{\"v\":99}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
        new InvalidRecordException("v", "'v' is 99: this Hookline reads version 1 events"),
        T0);
  }

  static DlqReplay dlqReplay() {
    return new DlqReplay(
        new SourceRef("webhooks.dlq", 3, 42),
        "dlv_1",
        "ep_1",
        T0.plusSeconds(900),
        "ops",
        "run_1",
        false);
  }
}
