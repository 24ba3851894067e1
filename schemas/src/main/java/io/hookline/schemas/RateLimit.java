package io.hookline.schemas;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A per-endpoint delivery rate: at most {@code perSecond} requests per second on average, with
 * bursts of up to {@code burst} requests.
 */
public record RateLimit(
    @JsonProperty(required = true) int perSecond, @JsonProperty(required = true) int burst) {
  public RateLimit {
    if (perSecond <= 0) {
      throw new InvalidRecordException(
          "rateLimit.perSecond", "'rateLimit.perSecond' must be > 0, was " + perSecond);
    }
    if (burst <= 0) {
      throw new InvalidRecordException(
          "rateLimit.burst", "'rateLimit.burst' must be > 0, was " + burst);
    }
  }
}
