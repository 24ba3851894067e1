package io.hookline.ingest.status.internal;

import io.hookline.schemas.Attempt;
import java.util.List;
import java.util.Map;

/**
 * What one instance answers from its own stores, per partition it owns, for another instance to
 * merge. The partition numbers let the asking instance check that every partition answered once.
 */
public final class Partials {
  private Partials() {}

  /** The deliveries of one event found in each partition asked. */
  public record Event(Map<Integer, List<DeliveryStatus>> byPartition) {
    public Event {
      byPartition = Map.copyOf(byPartition);
    }
  }

  /** The counts over the asked span, in each partition asked. */
  public record Stats(Map<Integer, TenantStats> byPartition) {
    public Stats {
      byPartition = Map.copyOf(byPartition);
    }
  }

  /**
   * The counts of each hour (by its start, epoch ms) of the asked span, in each partition asked.
   */
  public record Hourly(Map<Integer, Map<Long, TenantStats>> byPartition) {
    public Hourly {
      byPartition = Map.copyOf(byPartition);
    }
  }

  /** One endpoint's recent attempt records, from the partition that owns it. */
  public record Endpoint(int partition, List<Attempt> attempts) {
    public Endpoint {
      attempts = List.copyOf(attempts);
    }
  }
}
