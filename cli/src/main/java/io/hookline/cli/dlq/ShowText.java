package io.hookline.cli.dlq;

import io.hookline.core.dlq.DlqRef;
import io.hookline.core.dlq.ReplayLedger;
import io.hookline.schemas.Attempt;
import io.hookline.schemas.DeadLetter;
import io.hookline.schemas.DeadLetterReason;
import io.hookline.schemas.Delivery;
import io.hookline.schemas.DlqReplay;
import io.hookline.schemas.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** The people-readable form of {@code dlq show}: labelled lines, the attempts, the payload. */
final class ShowText {
  private final PrintWriter out;

  ShowText(PrintWriter out) {
    this.out = out;
  }

  void print(
      DlqRef ref,
      String topic,
      ConsumerRecord<String, byte[]> record,
      DeadLetter dead,
      List<Attempt> attempts,
      ReplayLedger ledger,
      Optional<String> originalText) {
    line("ref", ref + "  (" + ref.on(topic) + ")");
    line("reason", dead.reason().wire());
    line("dead at", DlqShowCommand.time(dead.deadAt()));
    line("in DLQ since", DlqShowCommand.time(Instant.ofEpochMilli(record.timestamp())));
    line("attempts", String.valueOf(dead.attempts()));
    line("last status", dead.lastStatus() == null ? "-" : String.valueOf(dead.lastStatus()));
    line("last error", dead.lastError());
    Delivery d = dead.delivery();
    if (d != null) {
      line("endpoint", d.endpointId());
      line("tenant", d.tenant());
      line("event type", d.eventType());
      line("event id", d.eventId());
      line("delivery id", d.id());
      line("created", DlqShowCommand.time(d.createdAt()));
      line("first attempt", DlqShowCommand.time(d.firstAttemptAt()));
      if (d.replayOf() != null) {
        line("replay of", d.replayOf().toString());
      }
    }
    if (d == null) {
      line("endpoint", dead.endpointIdOrNull());
      line("tenant", dead.tenantOrNull());
      if (dead.field() != null) {
        line("field", dead.field());
      }
    }
    if (!ledger.contains(ref.on(topic))) {
      line("replayed", d != null ? "no" : "no (" + notReplayable(dead.reason()) + ")");
    } else {
      Optional<DlqReplay> r = ledger.find(ref.on(topic));
      line(
          "replayed",
          r.map(
                  x ->
                      DlqShowCommand.time(x.replayedAt())
                          + (x.replayedBy() == null ? "" : " by " + x.replayedBy())
                          + (x.forced() ? " (forced)" : "")
                          + (x.run() == null ? "" : ", run " + x.run()))
              .orElse("yes"));
    }
    if (dead.source() != null) {
      line("source", dead.source().toString());
    }
    if (d != null) {
      out.println();
      out.println("Attempts:");
      if (attempts.isEmpty()) {
        out.println("  (none found in the attempts topic; it keeps 7 days)");
      }
      for (Attempt a : attempts) {
        out.printf(
            "  #%d  %s  %s  %s  %d ms  %s%s%n",
            a.attempt(),
            DlqShowCommand.time(a.startedAt()),
            a.outcome().name().toLowerCase(Locale.ROOT),
            a.statusCode() == null ? "-" : a.statusCode(),
            a.durationMs(),
            a.error() == null ? "" : a.error(),
            a.next() == null ? "" : "  → " + a.next());
      }
      out.println();
      out.println("Payload:");
      out.println(pretty(d.payload()));
    } else {
      out.println();
      out.println("Original bytes (base64):");
      out.println(dead.originalBytes());
      originalText.ifPresent(
          t -> {
            out.println();
            out.println("Original bytes as text:");
            out.println(t);
          });
    }
  }

  private static String notReplayable(DeadLetterReason reason) {
    return reason == DeadLetterReason.POISON
        ? "poison: nothing to replay"
        : "a rejected event never became a delivery: fix it and produce it again";
  }

  private void line(String label, String value) {
    out.printf("%-14s %s%n", label + ":", value == null ? "-" : value);
  }

  private static String pretty(String json) {
    try {
      return Json.mapper()
          .writerWithDefaultPrettyPrinter()
          .writeValueAsString(Json.mapper().readTree(json));
    } catch (IOException e) {
      return json;
    }
  }
}
