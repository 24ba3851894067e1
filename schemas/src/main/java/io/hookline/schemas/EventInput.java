package io.hookline.schemas;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.function.Supplier;

/**
 * An event as a client gives it, to the API ({@code POST /v1/events}) or straight to {@code
 * webhooks.events}: the same fields, read the same way, turned into an {@link Event} by the same
 * rules with the same defaults. This is the one place an incoming event is validated.
 *
 * @param v the record version; absent means 1, anything else is refused
 * @param id absent: the reader's default (a new id for the API, one derived from the record's
 *     coordinates for the fan-out)
 * @param timestamp RFC 3339 with an offset; absent: when it was accepted (the API's clock, or the
 *     record's Kafka timestamp)
 */
public record EventInput(
    Integer v,
    String id,
    String tenant,
    String type,
    String timestamp,
    ObjectNode data,
    String endpointId,
    Map<String, String> metadata) {

  public static final String TIMESTAMP_FORM =
      "an RFC 3339 date-time with an offset, e.g. 2026-01-31T12:00:00Z or"
          + " 2026-01-31T13:00:00+01:00";

  /**
   * The event this input describes, with {@code defaultId} and {@code defaultTimestamp} where it
   * gives none.
   *
   * @throws InvalidRecordException naming the field that breaks a rule
   */
  public Event toEvent(Supplier<String> defaultId, Instant defaultTimestamp) {
    if (v != null && v != WireRecord.VERSION) {
      throw new InvalidRecordException(
          "v", "'v' is " + v + ": this Hookline reads version " + WireRecord.VERSION + " events");
    }
    return new Event(
        id == null ? defaultId.get() : id,
        tenant,
        type,
        timestamp == null ? defaultTimestamp : parseTimestamp(timestamp),
        data,
        endpointId,
        metadata);
  }

  private static Instant parseTimestamp(String raw) {
    try {
      return OffsetDateTime.parse(raw, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidRecordException("timestamp", "'timestamp' must be " + TIMESTAMP_FORM);
    }
  }
}
