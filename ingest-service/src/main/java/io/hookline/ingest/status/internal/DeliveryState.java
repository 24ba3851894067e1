package io.hookline.ingest.status.internal;

import com.fasterxml.jackson.annotation.JsonValue;
import io.hookline.schemas.AttemptOutcome;

/**
 * Where one delivery (one event × one endpoint) stands, as far as its attempts and the DLQ tell.
 */
public enum DeliveryState {
  /** The endpoint answered 2xx. */
  DELIVERED("delivered"),
  /** The last attempt failed; the delivery waits in a retry tier. */
  RETRYING("retrying"),
  /** The endpoint's lane was full; the delivery was deferred without an attempt. */
  THROTTLED("throttled"),
  /** No further attempt: the delivery is in the DLQ (or on its way there). */
  DEAD("dead");

  private final String wire;

  DeliveryState(String wire) {
    this.wire = wire;
  }

  @JsonValue
  public String wire() {
    return wire;
  }

  static DeliveryState of(AttemptOutcome outcome) {
    return switch (outcome) {
      case DELIVERED -> DELIVERED;
      case RETRYING -> RETRYING;
      case THROTTLED -> THROTTLED;
      case DEAD -> DEAD;
    };
  }
}
