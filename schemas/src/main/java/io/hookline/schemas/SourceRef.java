package io.hookline.schemas;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Coordinates of a record on a topic: where a poison record was read, or a replayed DLQ entry. */
public record SourceRef(
    String topic,
    @JsonProperty(required = true) int partition,
    @JsonProperty(required = true) long offset) {
  public SourceRef {
    Fields.requiredText(topic, "topic");
  }

  @Override
  public String toString() {
    return topic + "/" + partition + "@" + offset;
  }
}
