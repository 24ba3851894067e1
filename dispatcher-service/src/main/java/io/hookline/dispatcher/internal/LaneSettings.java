package io.hookline.dispatcher.internal;

import io.hookline.schemas.Endpoint;
import io.hookline.schemas.RateLimit;

/**
 * What bounds one endpoint's lane: concurrent requests, and the rate limit ({@code null} for
 * unlimited). Derived from the endpoint record, with the dispatcher's defaults where it sets none.
 */
record LaneSettings(int maxInFlight, RateLimit rateLimit) {
  LaneSettings {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be >= 1");
    }
  }

  static LaneSettings of(Endpoint endpoint, int defaultMaxInFlight) {
    int maxInFlight = endpoint.maxInFlight() == null ? defaultMaxInFlight : endpoint.maxInFlight();
    return new LaneSettings(maxInFlight, endpoint.rateLimit());
  }
}
