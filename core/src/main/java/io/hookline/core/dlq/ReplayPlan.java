package io.hookline.core.dlq;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a replay will do, decided before anything is sent: the entries to send (oldest first), and
 * why the other matching entries are left out.
 *
 * @param refused per endpoint: why, and how many of its entries
 * @param alreadyReplayed matching entries the ledger holds (left out unless forced)
 * @param poison matching entries with no delivery to replay (poison, rejected events)
 * @param beyondLimit whether more entries would have been selected without {@code --limit}
 */
public record ReplayPlan(
    List<DlqEntry> toSend,
    Map<String, Refused> refused,
    long alreadyReplayed,
    long poison,
    boolean beyondLimit,
    DlqReader.ScanResult scan) {

  /** Entries of one endpoint that may not be replayed now. */
  public record Refused(String reason, long entries) {}

  public long refusedEntries() {
    return refused.values().stream().mapToLong(Refused::entries).sum();
  }

  /** The offsets to send per partition, for {@link DlqReader#fetch}. */
  public SortedMap<Integer, NavigableSet<Long>> offsets() {
    SortedMap<Integer, NavigableSet<Long>> out = new TreeMap<>();
    for (DlqEntry e : toSend) {
      out.computeIfAbsent(e.ref().partition(), p -> new TreeSet<>()).add(e.ref().offset());
    }
    return out;
  }

  /**
   * Plans a replay of the entries matching {@code filter}: at most {@code limit} of those not yet
   * replayed (all of them when {@code force}), minus those whose endpoint {@code gate} refuses
   * (none when {@code force}).
   */
  public static ReplayPlan of(
      DlqReader reader,
      ReplayLedger ledger,
      DlqFilter filter,
      long limit,
      boolean force,
      Function<Set<String>, EndpointGate> gate) {
    List<DlqEntry> selected = new ArrayList<>();
    long[] skipped = new long[2];
    DlqReader.ScanResult scan =
        reader.scan(filter, limit, e -> take(e, reader.topic(), ledger, force, skipped, selected));
    List<DlqEntry> chosen = selected.stream().sorted(DlqEntry.OLDEST_FIRST).limit(limit).toList();
    boolean beyondLimit = selected.size() > chosen.size() || scan.stoppedEarly() > 0;
    return judged(chosen, skipped, beyondLimit, scan, force, gate);
  }

  /**
   * Plans a replay of exactly {@code entries} (named by ref): those not yet replayed (all of them
   * when {@code force}), minus those whose endpoint {@code gate} refuses (none when {@code force}).
   */
  public static ReplayPlan ofEntries(
      List<DlqEntry> entries,
      String dlqTopic,
      ReplayLedger ledger,
      boolean force,
      Function<Set<String>, EndpointGate> gate) {
    long[] skipped = new long[2];
    List<DlqEntry> chosen = new ArrayList<>();
    Map<DlqRef, DlqEntry> once = new LinkedHashMap<>();
    entries.forEach(e -> once.putIfAbsent(e.ref(), e)); // a ref named twice counts once
    once.values().forEach(e -> take(e, dlqTopic, ledger, force, skipped, chosen));
    chosen.sort(DlqEntry.OLDEST_FIRST);
    DlqReader.ScanResult scan = new DlqReader.ScanResult(once.size(), 0, Optional.empty(), 0);
    return judged(List.copyOf(chosen), skipped, false, scan, force, gate);
  }

  /**
   * Adds {@code e} to {@code chosen} if it may be replayed; otherwise counts why not in {@code
   * skipped}: [0] replayed before (unless {@code force}), [1] no delivery to replay.
   */
  private static boolean take(
      DlqEntry e,
      String dlqTopic,
      ReplayLedger ledger,
      boolean force,
      long[] skipped,
      List<DlqEntry> chosen) {
    if (!e.isReplayable()) {
      skipped[1]++;
      return false;
    }
    if (!force && ledger.contains(e.ref().on(dlqTopic))) {
      skipped[0]++;
      return false;
    }
    return chosen.add(e);
  }

  private static ReplayPlan judged(
      List<DlqEntry> chosen,
      long[] skipped,
      boolean beyondLimit,
      DlqReader.ScanResult scan,
      boolean force,
      Function<Set<String>, EndpointGate> gate) {
    if (force || chosen.isEmpty()) {
      return new ReplayPlan(chosen, Map.of(), skipped[0], skipped[1], beyondLimit, scan);
    }
    EndpointGate verdicts =
        gate.apply(chosen.stream().map(DlqEntry::endpointId).collect(Collectors.toSet()));
    List<DlqEntry> toSend = new ArrayList<>();
    Map<String, Refused> refused = new LinkedHashMap<>();
    for (DlqEntry e : chosen) {
      var why = verdicts.refusal(e.endpointId());
      if (why.isPresent()) {
        refused.merge(
            e.endpointId(),
            new Refused(why.get(), 1),
            (a, b) -> new Refused(a.reason(), a.entries() + 1));
      } else {
        toSend.add(e);
      }
    }
    return new ReplayPlan(toSend, refused, skipped[0], skipped[1], beyondLimit, scan);
  }
}
