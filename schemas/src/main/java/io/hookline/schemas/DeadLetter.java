package io.hookline.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Base64;

/**
 * A delivery that will not be attempted again unless an operator replays it, or a record that could
 * not become one. Key on {@code webhooks.dlq}: the endpoint id, or for a record without a delivery
 * its original key (the tenant, for an event).
 *
 * @param delivery the delivery as last seen; {@code null} for {@code poison} and for a {@code
 *     rejected} event
 * @param source for {@code poison} and a rejected event: where the record was read
 * @param originalBytes for {@code poison} and a rejected event: the record's value exactly as read,
 *     base64
 * @param tenant without a delivery: the tenant, when known (an event's key or field)
 * @param endpointId without a delivery: the endpoint, when known (a delivery topic's key)
 * @param field for a rejected event: the field that breaks the contract, when one can be named
 */
@JsonPropertyOrder({
  "v",
  "delivery",
  "reason",
  "lastStatus",
  "lastError",
  "attempts",
  "deadAt",
  "source",
  "originalBytes",
  "tenant",
  "endpointId",
  "field"
})
@JsonIgnoreProperties(value = "v", allowGetters = true)
public record DeadLetter(
    Delivery delivery,
    DeadLetterReason reason,
    Integer lastStatus,
    String lastError,
    @JsonProperty(required = true) int attempts,
    Instant deadAt,
    SourceRef source,
    String originalBytes,
    String tenant,
    String endpointId,
    String field)
    implements WireRecord {

  public DeadLetter {
    Fields.required(reason, "reason");
    Fields.required(deadAt, "deadAt");
    Fields.nonNegative(attempts, "attempts");
    boolean record =
        reason == DeadLetterReason.POISON
            || (reason == DeadLetterReason.REJECTED && delivery == null);
    if (record) {
      Fields.required(source, "source");
      Fields.required(originalBytes, "originalBytes");
    } else {
      Fields.required(delivery, "delivery");
    }
  }

  /** A delivery that ends here, with its last status and error. */
  public static DeadLetter of(Delivery delivery, DeadLetterReason reason, Instant deadAt) {
    return new DeadLetter(
        delivery,
        reason,
        delivery.lastStatus(),
        delivery.lastError(),
        delivery.attempt(),
        deadAt,
        null,
        null,
        null,
        null,
        null);
  }

  /**
   * An unreadable event, kept byte for byte with where it came from and its key, the tenant (may be
   * {@code null}).
   */
  public static DeadLetter poisonEvent(
      SourceRef source, String tenant, byte[] value, String error, Instant deadAt) {
    return withoutDelivery(
        DeadLetterReason.POISON, source, value, error, null, deadAt, tenant, null);
  }

  /**
   * An unreadable delivery (on the deliveries topic or a retry tier), kept byte for byte with where
   * it came from and its key, the endpoint id (may be {@code null}).
   */
  public static DeadLetter poisonDelivery(
      SourceRef source, String endpointId, byte[] value, String error, Instant deadAt) {
    return withoutDelivery(
        DeadLetterReason.POISON, source, value, error, null, deadAt, null, endpointId);
  }

  /**
   * A readable event that breaks the contract (produced straight to Kafka: the API refuses it with
   * a 400 instead), kept byte for byte with the field and the rule it breaks.
   */
  public static DeadLetter rejectedEvent(
      SourceRef source, String tenant, byte[] value, InvalidRecordException error, Instant deadAt) {
    return withoutDelivery(
        DeadLetterReason.REJECTED,
        source,
        value,
        error.getMessage(),
        error.field(),
        deadAt,
        tenant,
        null);
  }

  private static DeadLetter withoutDelivery(
      DeadLetterReason reason,
      SourceRef source,
      byte[] value,
      String error,
      String field,
      Instant deadAt,
      String tenant,
      String endpointId) {
    return new DeadLetter(
        null, reason, null, error, 0, deadAt, source, base64(value), tenant, endpointId, field);
  }

  private static String base64(byte[] value) {
    return Base64.getEncoder().encodeToString(value == null ? new byte[0] : value);
  }

  /** The tenant: the delivery's, or the one known for a record without a delivery. */
  public String tenantOrNull() {
    return delivery != null ? delivery.tenant() : tenant;
  }

  /** The endpoint: the delivery's, or the one known for a record without a delivery. */
  public String endpointIdOrNull() {
    return delivery != null ? delivery.endpointId() : endpointId;
  }

  /** The poison record's original bytes; empty for other reasons. */
  public byte[] originalBytesDecoded() {
    return originalBytes == null ? new byte[0] : Base64.getDecoder().decode(originalBytes);
  }
}
