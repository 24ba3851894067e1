package io.hookline.cli.dlq;

import io.hookline.core.dlq.DlqFilter;
import io.hookline.core.dlq.TimeBound;
import io.hookline.schemas.DeadLetterReason;
import io.hookline.schemas.EventTypePattern;
import io.hookline.schemas.InvalidRecordException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * The filters every {@code dlq} verb takes. Values of a repeatable flag may also be
 * comma-separated.
 */
public final class FilterOptions {
  @Option(
      names = "--endpoint",
      split = ",",
      paramLabel = "<endpoint id>",
      description = "Only entries of this endpoint (repeatable).")
  List<String> endpoints = new ArrayList<>();

  @Option(
      names = "--tenant",
      split = ",",
      paramLabel = "<tenant>",
      description = "Only entries of this tenant (repeatable).")
  List<String> tenants = new ArrayList<>();

  @Option(
      names = "--type",
      split = ",",
      paramLabel = "<type>",
      description =
          "Only this event type: order.created, or order.* for all under order. (repeatable).")
  List<String> types = new ArrayList<>();

  @Option(
      names = "--reason",
      split = ",",
      paramLabel = "<reason>",
      converter = ReasonConverter.class,
      completionCandidates = Reasons.class,
      description = "Only entries dead for this reason: ${COMPLETION-CANDIDATES} (repeatable).")
  List<DeadLetterReason> reasons = new ArrayList<>();

  @Option(
      names = "--since",
      paramLabel = "<time>",
      converter = TimeConverter.class,
      description = {
        "Only entries that reached the DLQ at or after this: a duration back from now (30m, 2h,"
            + " 7d) or an RFC 3339 timestamp (2026-11-22T10:00:00Z).",
        "Reading starts there (offsetsForTimes), not at the start of the topic."
      })
  TimeBound since;

  @Option(
      names = "--until",
      paramLabel = "<time>",
      converter = TimeConverter.class,
      description = "Only entries that reached the DLQ before this; same forms as --since.")
  TimeBound until;

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  /** Whether any filter was given. */
  boolean isSet() {
    return !endpoints.isEmpty()
        || !tenants.isEmpty()
        || !types.isEmpty()
        || !reasons.isEmpty()
        || since != null
        || until != null;
  }

  /** The filter these flags make, times resolved against {@code now}. */
  public DlqFilter resolve(Instant now) {
    for (String type : types) {
      if (!EventTypePattern.isValidPattern(type)) {
        throw usage(
            "--type must be an event type like order.created or a pattern like order.*, was '"
                + type
                + "'");
      }
    }
    Optional<Instant> from = Optional.ofNullable(since).map(b -> b.resolve(now));
    Optional<Instant> to = Optional.ofNullable(until).map(b -> b.resolve(now));
    if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
      throw usage("--since (" + from.get() + ") must be before --until (" + to.get() + ")");
    }
    return new DlqFilter(
        Set.copyOf(endpoints), Set.copyOf(tenants), types, Set.copyOf(reasons), from, to);
  }

  private ParameterException usage(String message) {
    return new ParameterException(mixee.commandLine(), message);
  }

  /** Reads {@code --since} and {@code --until}. */
  static final class TimeConverter implements ITypeConverter<TimeBound> {
    @Override
    public TimeBound convert(String value) {
      try {
        return TimeBound.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** Reads a reason by its wire name, e.g. {@code endpoint-disabled}. */
  static final class ReasonConverter implements ITypeConverter<DeadLetterReason> {
    @Override
    public DeadLetterReason convert(String value) {
      try {
        return DeadLetterReason.fromWire(value.strip());
      } catch (InvalidRecordException e) {
        throw new TypeConversionException(
            "'"
                + value
                + "' is not a reason; expected one of "
                + Arrays.stream(DeadLetterReason.values())
                    .map(DeadLetterReason::wire)
                    .collect(Collectors.joining(", ")));
      }
    }
  }

  /** The reasons, for help and shell completion. */
  static final class Reasons implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Arrays.stream(DeadLetterReason.values()).map(DeadLetterReason::wire).iterator();
    }
  }
}
