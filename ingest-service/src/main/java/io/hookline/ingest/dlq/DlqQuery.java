package io.hookline.ingest.dlq;

import io.hookline.core.dlq.DlqFilter;
import io.hookline.core.dlq.TimeBound;
import io.hookline.core.http.HttpProblem;
import io.hookline.schemas.DeadLetterReason;
import io.hookline.schemas.EventTypePattern;
import io.hookline.schemas.Identifiers;
import io.hookline.schemas.InvalidRecordException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The DLQ filters as the API takes them, the CLI's: endpoint, tenant, type (or {@code order.*}),
 * reason, since, until ({@link TimeBound}: RFC 3339, a date, or a duration back from now such as
 * {@code 24h}). Every broken rule is a 400 naming the field.
 */
record DlqQuery(
    List<String> endpoint,
    List<String> tenant,
    List<String> type,
    List<String> reason,
    String since,
    String until) {

  DlqQuery {
    endpoint = copy(endpoint, "endpoint");
    tenant = copy(tenant, "tenant");
    type = copy(type, "type");
    reason = copy(reason, "reason");
  }

  /** The values of a filter; a null among them is a 400 naming it. */
  private static List<String> copy(List<String> values, String field) {
    if (values == null) {
      return List.of();
    }
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i) == null) {
        throw HttpProblem.badRequest(
            "'" + field + "[" + i + "]' must be a string, not null", field + "[" + i + "]");
      }
    }
    return List.copyOf(values);
  }

  boolean isEmpty() {
    return endpoint.isEmpty()
        && tenant.isEmpty()
        && type.isEmpty()
        && reason.isEmpty()
        && since == null
        && until == null;
  }

  /** The filter, times resolved against {@code now}. */
  DlqFilter resolve(Instant now) {
    for (String id : endpoint) {
      if (!Identifiers.isId(id)) {
        throw HttpProblem.badRequest(
            "'endpoint' values must be " + Identifiers.ID_FORM, "endpoint");
      }
    }
    for (String t : tenant) {
      if (!Identifiers.isTenant(t)) {
        throw HttpProblem.badRequest(
            "'tenant' values must be " + Identifiers.TENANT_FORM, "tenant");
      }
    }
    for (String t : type) {
      if (!EventTypePattern.isValidPattern(t)) {
        throw HttpProblem.badRequest(
            "'type' values must be an event type like order.created or a pattern like" + " order.*",
            "type");
      }
    }
    Set<DeadLetterReason> reasons = new LinkedHashSet<>();
    for (String r : reason) {
      try {
        reasons.add(DeadLetterReason.fromWire(r));
      } catch (InvalidRecordException e) {
        throw HttpProblem.badRequest(
            "'reason' values must be one of "
                + Arrays.stream(DeadLetterReason.values())
                    .map(DeadLetterReason::wire)
                    .collect(Collectors.joining(", ")),
            "reason");
      }
    }
    Optional<Instant> from = time(since, now, "since");
    Optional<Instant> to = time(until, now, "until");
    if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
      throw HttpProblem.badRequest("'since' must be before 'until'", "since");
    }
    return new DlqFilter(Set.copyOf(endpoint), Set.copyOf(tenant), type, reasons, from, to);
  }

  private static Optional<Instant> time(String raw, Instant now, String field) {
    if (raw == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(TimeBound.parse(raw).resolve(now));
    } catch (IllegalArgumentException e) {
      throw HttpProblem.badRequest(
          "'" + field + "': " + e.getMessage().replace("'" + raw + "' ", ""), field);
    }
  }

  /** A comma-separated query parameter's values; none when absent. */
  static List<String> values(String raw) {
    List<String> out = new ArrayList<>();
    if (raw != null) {
      for (String v : raw.split(",", -1)) {
        if (!v.isBlank()) {
          out.add(v.strip());
        }
      }
    }
    return out;
  }
}
