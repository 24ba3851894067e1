package io.hookline.schemas;

/**
 * Kafka record headers Hookline sets. Retry metadata is replaced at every hop, never appended, so
 * headers do not grow as a delivery travels through the tiers.
 */
public final class RecordHeaders {
  private RecordHeaders() {}

  /** The delivery id, for tools that route or filter without parsing the value. */
  public static final String DELIVERY_ID = "hookline-delivery-id";

  /** The event type, likewise. */
  public static final String EVENT_TYPE = "hookline-event-type";

  /**
   * On an event the fan-out moved to its tenant's partition (its producer partitioned it another
   * way): where it was first written, {@code <topic>/<partition>@<offset>}.
   */
  public static final String REROUTED_FROM = "hookline-rerouted-from";

  /** On a retry tier: the label of the tier the record waits in. */
  public static final String TIER = "hookline-tier";
}
