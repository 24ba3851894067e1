package io.hookline.ingest.health;

import io.hookline.schemas.Attempt;
import io.hookline.schemas.AttemptOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Consecutive-failure tracking per endpoint, fed with attempts in order. Pure logic, no I/O; one
 * instance per consumer thread.
 */
final class EndpointHealth {
  private static final int MAX_TRACKED = 100_000;

  private record Streak(int failures, Instant since, String lastError) {}

  private final HealthPolicy policy;
  // Insertion order lets the oldest streaks go first when too many endpoints fail at once.
  private final Map<String, Streak> streaks = new LinkedHashMap<>();

  EndpointHealth(HealthPolicy policy) {
    this.policy = policy;
  }

  /** The reason to disable the attempt's endpoint now, if this attempt makes it dead. */
  Optional<String> record(Attempt attempt) {
    String id = attempt.endpointId();
    if (attempt.outcome() == AttemptOutcome.THROTTLED) {
      return Optional.empty(); // deferred by us, not a failure of the endpoint
    }
    if (attempt.outcome() == AttemptOutcome.DELIVERED) {
      streaks.remove(id);
      return Optional.empty();
    }
    if (attempt.statusCode() != null && attempt.statusCode() == 410) {
      streaks.remove(id);
      return Optional.of("the endpoint answered 410 Gone");
    }
    Streak before = streaks.remove(id);
    String error = attempt.error() == null ? "failed" : attempt.error();
    Streak now =
        before == null
            ? new Streak(1, attempt.startedAt(), error)
            : new Streak(before.failures() + 1, before.since(), error);
    Duration span = Duration.between(now.since(), attempt.startedAt());
    if (now.failures() >= policy.failures() && span.compareTo(policy.over()) >= 0) {
      return Optional.of(
          now.failures()
              + " consecutive failed attempts since "
              + now.since()
              + "; last: "
              + error);
    }
    streaks.put(id, now);
    if (streaks.size() > MAX_TRACKED) {
      streaks.remove(streaks.keySet().iterator().next());
    }
    return Optional.empty();
  }

  /** An endpoint enabled again starts with a clean record. */
  void forget(String endpointId) {
    streaks.remove(endpointId);
  }
}
