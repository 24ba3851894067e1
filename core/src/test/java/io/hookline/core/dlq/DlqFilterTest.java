package io.hookline.core.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.schemas.DeadLetterReason;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DlqFilterTest {
  private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");

  private static DlqEntry entry(String endpoint, String tenant, String type, DeadLetterReason r) {
    return new DlqEntry(
        new DlqRef(0, 1),
        T,
        r,
        T,
        endpoint,
        tenant,
        type,
        type == null ? null : "dlv_1",
        "evt_1",
        503,
        "HTTP 503",
        4,
        null,
        null);
  }

  @Test
  void emptyFiltersMatchEverythingAndEachSetNarrows() {
    DlqEntry e = entry("ep_1", "acme", "order.created", DeadLetterReason.EXHAUSTED);

    assertThat(DlqFilter.all().matches(e)).isTrue();
    assertThat(filter(Set.of("ep_1"), Set.of(), List.of(), Set.of()).matches(e)).isTrue();
    assertThat(filter(Set.of("ep_2"), Set.of(), List.of(), Set.of()).matches(e)).isFalse();
    assertThat(filter(Set.of(), Set.of("acme"), List.of("order.*"), Set.of()).matches(e)).isTrue();
    assertThat(filter(Set.of(), Set.of(), List.of("invoice.*"), Set.of()).matches(e)).isFalse();
    assertThat(filter(Set.of(), Set.of(), List.of(), Set.of(DeadLetterReason.EXPIRED)).matches(e))
        .isFalse();
  }

  @Test
  void sinceIsInclusiveAndUntilExclusive() {
    DlqEntry e = entry("ep_1", "acme", "a.b", DeadLetterReason.EXHAUSTED);

    assertThat(window(T, T.plusSeconds(1)).matches(e)).isTrue();
    assertThat(window(T.minusSeconds(1), T).matches(e)).isFalse();
  }

  @Test
  void poisonHasNoTenantOrTypeSoThoseFiltersLeaveItOut() {
    DlqEntry poison = entry("ep_1", null, null, DeadLetterReason.POISON);

    assertThat(poison.isReplayable()).isFalse();
    assertThat(filter(Set.of("ep_1"), Set.of(), List.of(), Set.of()).matches(poison)).isTrue();
    assertThat(filter(Set.of(), Set.of("acme"), List.of(), Set.of()).matches(poison)).isFalse();
  }

  private static DlqFilter filter(
      Set<String> endpoints, Set<String> tenants, List<String> types, Set<DeadLetterReason> rs) {
    return new DlqFilter(endpoints, tenants, types, rs, Optional.empty(), Optional.empty());
  }

  private static DlqFilter window(Instant since, Instant until) {
    return new DlqFilter(
        Set.of(), Set.of(), List.of(), Set.of(), Optional.of(since), Optional.of(until));
  }
}
