package io.hookline.core.dlq;

import io.hookline.schemas.DeadLetterReason;
import io.hookline.schemas.EventTypePattern;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which DLQ entries a command looks at. Empty sets match everything; {@code since} is inclusive,
 * {@code until} exclusive, both on the DLQ record's timestamp.
 *
 * @param types event types or {@code order.*} patterns
 */
public record DlqFilter(
    Set<String> endpoints,
    Set<String> tenants,
    List<String> types,
    Set<DeadLetterReason> reasons,
    Optional<Instant> since,
    Optional<Instant> until) {

  public DlqFilter {
    endpoints = Set.copyOf(endpoints);
    tenants = Set.copyOf(tenants);
    types = List.copyOf(types);
    reasons = Set.copyOf(reasons);
  }

  public static DlqFilter all() {
    return new DlqFilter(
        Set.of(), Set.of(), List.of(), Set.of(), Optional.empty(), Optional.empty());
  }

  public boolean matches(DlqEntry e) {
    return (endpoints.isEmpty() || (e.endpointId() != null && endpoints.contains(e.endpointId())))
        && (tenants.isEmpty() || (e.tenant() != null && tenants.contains(e.tenant())))
        && (types.isEmpty()
            || (e.eventType() != null && EventTypePattern.anyMatches(types, e.eventType())))
        && (reasons.isEmpty() || reasons.contains(e.reason()))
        && since.map(s -> !e.recordTime().isBefore(s)).orElse(true)
        && until.map(u -> e.recordTime().isBefore(u)).orElse(true);
  }
}
