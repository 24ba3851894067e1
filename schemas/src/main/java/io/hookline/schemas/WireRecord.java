package io.hookline.schemas;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A record written to a Hookline topic. Every one carries the schema version {@code "v": 1}, so a
 * future incompatible change can be told apart from today's records.
 */
public interface WireRecord {
  int VERSION = 1;

  @JsonProperty("v")
  default int v() {
    return VERSION;
  }
}
