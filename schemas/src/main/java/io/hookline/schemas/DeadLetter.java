package io.hookline.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Base64;

/**
 * A delivery that will not be attempted again unless an operator replays it. Key on {@code
 * webhooks.dlq}: the endpoint id (or the original key for poison records).
 *
 * @param delivery the delivery as last seen; {@code null} only for {@code poison}
 * @param source for {@code poison}: where the unreadable record was read
 * @param originalBytes for {@code poison}: the record's value exactly as read, base64
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
  "originalBytes"
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
    String originalBytes)
    implements WireRecord {

  public DeadLetter {
    Fields.required(reason, "reason");
    Fields.required(deadAt, "deadAt");
    Fields.nonNegative(attempts, "attempts");
    if (reason == DeadLetterReason.POISON) {
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
        null);
  }

  /** An unreadable record, kept byte for byte with where it came from. */
  public static DeadLetter poison(SourceRef source, byte[] value, String error, Instant deadAt) {
    String bytes = Base64.getEncoder().encodeToString(value == null ? new byte[0] : value);
    return new DeadLetter(null, DeadLetterReason.POISON, null, error, 0, deadAt, source, bytes);
  }

  /** The poison record's original bytes; empty for other reasons. */
  public byte[] originalBytesDecoded() {
    return originalBytes == null ? new byte[0] : Base64.getDecoder().decode(originalBytes);
  }
}
