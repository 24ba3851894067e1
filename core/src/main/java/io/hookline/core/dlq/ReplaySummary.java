package io.hookline.core.dlq;

import java.time.Duration;
import java.util.List;

/**
 * What a replay did, or would do: {@code hookline dlq replay --output json} prints it, the API's
 * {@code POST /v1/dlq/replay} answers with it.
 *
 * @param run the run's id, when something was sent
 * @param replayed entries sent and recorded
 * @param selected entries the plan would send
 * @param alreadyReplayed matching entries left out because the ledger holds them (no force)
 * @param poison matching entries without a delivery to replay
 * @param refused matching entries of disabled or deleted endpoints, left out (no force)
 * @param moreBeyondLimit whether more entries match beyond the limit
 * @param missing planned entries gone from the DLQ (retention) before they were sent
 * @param stopped whether the run was stopped before its end
 * @param uncertain entries whose commit timed out (Kafka may still have committed them)
 * @param elapsedMs how long the run took, when one ran
 * @param entries for a dry run, the entries that would be sent
 */
public record ReplaySummary(
    boolean dryRun,
    String run,
    long replayed,
    long selected,
    long alreadyReplayed,
    long poison,
    long refused,
    List<RefusedEndpoint> refusedEndpoints,
    boolean moreBeyondLimit,
    List<String> missing,
    boolean stopped,
    long uncertain,
    Long elapsedMs,
    List<DlqViews.EntryJson> entries) {

  /** One endpoint whose entries were refused. */
  public record RefusedEndpoint(String endpointId, String reason, long entries) {}

  /** What a dry run of {@code plan} would send, each entry with what {@code ledger} says of it. */
  public static ReplaySummary dryRun(ReplayPlan plan, ReplayLedger ledger, String dlqTopic) {
    return of(
        plan,
        true,
        null,
        0,
        null,
        null,
        plan.toSend().stream().map(e -> DlqViews.json(e, ledger, dlqTopic)).toList());
  }

  /** A replay whose plan held nothing to send. */
  public static ReplaySummary nothingToSend(ReplayPlan plan) {
    return of(plan, false, null, 0, null, 0L, null);
  }

  /** A replay that ran. */
  public static ReplaySummary ran(ReplayPlan plan, Replayer.Result r, String run, Duration took) {
    return of(plan, false, run, r.replayed(), r, took.toMillis(), null);
  }

  private static ReplaySummary of(
      ReplayPlan plan,
      boolean dryRun,
      String run,
      long replayed,
      Replayer.Result r,
      Long elapsedMs,
      List<DlqViews.EntryJson> entries) {
    return new ReplaySummary(
        dryRun,
        run,
        replayed,
        plan.toSend().size(),
        plan.alreadyReplayed(),
        plan.poison(),
        plan.refusedEntries(),
        plan.refused().entrySet().stream()
            .map(
                e -> new RefusedEndpoint(e.getKey(), e.getValue().reason(), e.getValue().entries()))
            .toList(),
        plan.beyondLimit(),
        r == null ? List.of() : r.missing().stream().map(Object::toString).toList(),
        r != null && r.stopped(),
        r == null ? 0 : r.uncertain(),
        elapsedMs,
        entries);
  }
}
