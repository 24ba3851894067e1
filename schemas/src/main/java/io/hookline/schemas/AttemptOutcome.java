package io.hookline.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What became of one delivery attempt, as written in {@link Attempt#outcome()}. */
public enum AttemptOutcome {
  DELIVERED("delivered"),
  RETRYING("retrying"),
  DEAD("dead"),
  THROTTLED("throttled");

  private final String wire;

  AttemptOutcome(String wire) {
    this.wire = wire;
  }

  @JsonValue
  public String wire() {
    return wire;
  }

  @JsonCreator
  public static AttemptOutcome fromWire(String wire) {
    for (AttemptOutcome o : values()) {
      if (o.wire.equals(wire)) {
        return o;
      }
    }
    throw new InvalidRecordException("outcome", "unknown outcome '" + wire + "'");
  }
}
