package io.hookline.schemas;

import java.util.ArrayList;
import java.util.List;

/**
 * The names of Hookline's topics under a prefix ({@code HOOKLINE_TOPIC_PREFIX}, default {@code
 * webhooks.}). A tier's topic is {@code <prefix>retry-<tier>}.
 */
public record Topics(String prefix, RetryTiers tiers) {
  public static final String DEFAULT_PREFIX = "webhooks.";

  public Topics {
    if (prefix == null || !prefix.matches("[A-Za-z0-9._-]*")) {
      throw new IllegalArgumentException(
          "topic prefix '" + prefix + "' may only contain letters, digits, '.', '_' and '-'");
    }
  }

  public static Topics defaults() {
    return new Topics(DEFAULT_PREFIX, RetryTiers.defaults());
  }

  public String events() {
    return prefix + "events";
  }

  public String endpoints() {
    return prefix + "endpoints";
  }

  public String deliveries() {
    return prefix + "deliveries";
  }

  public String retry(RetryTier tier) {
    return prefix + "retry-" + tier.label();
  }

  public List<String> retryTopics() {
    return tiers.tiers().stream().map(this::retry).toList();
  }

  public String dlq() {
    return prefix + "dlq";
  }

  public String attempts() {
    return prefix + "attempts";
  }

  /**
   * The ledger of DLQ replays (compacted), written by {@code hookline dlq replay}: one {@link
   * DlqReplay} per replayed DLQ entry, keyed by the entry's coordinates.
   */
  public String dlqReplays() {
    return prefix + "dlq-replays";
  }

  /** Every topic of the pipeline. */
  public List<String> all() {
    List<String> all = new ArrayList<>(List.of(events(), endpoints(), deliveries()));
    all.addAll(retryTopics());
    all.add(dlq());
    all.add(attempts());
    all.add(dlqReplays());
    return all;
  }
}
