package io.hookline.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Why a delivery ended in the DLQ. */
public enum DeadLetterReason {
  /** Failed after the last retry tier. */
  EXHAUSTED("exhausted"),
  /**
   * Refused: an event produced straight to Kafka that breaks the contract (kept with the field and
   * its original bytes), or an endpoint's non-retryable refusal.
   */
  REJECTED("rejected"),
  /** The endpoint answered 410 Gone; it has been disabled. */
  ENDPOINT_GONE("endpoint-gone"),
  /** The endpoint is disabled; replay once it is enabled again. */
  ENDPOINT_DISABLED("endpoint-disabled"),
  /** The endpoint no longer exists. */
  ENDPOINT_DELETED("endpoint-deleted"),
  /** Older than the maximum delivery age. */
  EXPIRED("expired"),
  /**
   * The record could not be read at all (not JSON, or not the record's shape); its bytes are kept.
   */
  POISON("poison");

  private final String wire;

  DeadLetterReason(String wire) {
    this.wire = wire;
  }

  @JsonValue
  public String wire() {
    return wire;
  }

  @JsonCreator
  public static DeadLetterReason fromWire(String wire) {
    for (DeadLetterReason r : values()) {
      if (r.wire.equals(wire)) {
        return r;
      }
    }
    throw new InvalidRecordException("reason", "unknown reason '" + wire + "'");
  }
}
