package io.hookline.core.endpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookline.schemas.Endpoint;
import io.hookline.schemas.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DiskEndpointTableTest {

  @Test
  void storesReplacesAndRemovesEndpointsByIdAndByTenant() {
    try (DiskEndpointTable table = new DiskEndpointTable()) {
      put(table, endpoint("ep_1", "acme", "https://a.example/1"));
      put(table, endpoint("ep_2", "acme", "https://a.example/2"));
      put(table, endpoint("ep_3", "other", "https://b.example/3"));
      assertThat(table.size()).isEqualTo(3);
      assertThat(table.get("ep_1").orElseThrow().url()).isEqualTo("https://a.example/1");
      assertThat(table.forTenant("acme")).extracting(Endpoint::id).containsExactly("ep_1", "ep_2");
      assertThat(table.forTenant("nobody")).isEmpty();

      // Both caches are filled now; a change must show through them.
      put(table, endpoint("ep_1", "acme", "https://new.example/1"));
      assertThat(table.size()).isEqualTo(3);
      assertThat(table.get("ep_1").orElseThrow().url()).isEqualTo("https://new.example/1");
      assertThat(table.forTenant("acme"))
          .extracting(Endpoint::url)
          .containsExactly("https://new.example/1", "https://a.example/2");

      put(table, endpoint("ep_2", "other", "https://a.example/2"));
      assertThat(table.forTenant("acme")).extracting(Endpoint::id).containsExactly("ep_1");
      assertThat(table.forTenant("other")).extracting(Endpoint::id).containsExactly("ep_2", "ep_3");

      table.remove("ep_1");
      table.remove("ep_gone");
      assertThat(table.get("ep_1")).isEmpty();
      assertThat(table.forTenant("acme")).isEmpty();
      assertThat(table.size()).isEqualTo(2);
    }
  }

  @Test
  void retainOnlyDropsTheEndpointsTheFilterRefuses() {
    try (DiskEndpointTable table = new DiskEndpointTable()) {
      for (int i = 0; i < 10; i++) {
        put(table, endpoint("ep_" + i, "t" + (i % 2), "https://a.example/" + i));
      }
      table.retainOnly(id -> Integer.parseInt(id.substring(3)) < 4);
      assertThat(table.size()).isEqualTo(4);
      assertThat(table.forTenant("t0")).extracting(Endpoint::id).containsExactly("ep_0", "ep_2");
      assertThat(table.get("ep_9")).isEmpty();
    }
  }

  @Test
  void moreEndpointsThanTheCacheHoldsAreAllFound() {
    int count = DiskEndpointTable.CACHED_ENDPOINTS + 500;
    try (DiskEndpointTable table = new DiskEndpointTable()) {
      for (int i = 0; i < count; i++) {
        put(table, endpoint("ep_" + i, "acme", "https://a.example/" + i));
      }
      for (int i = 0; i < count; i += 97) {
        assertThat(table.get("ep_" + i).orElseThrow().url()).isEqualTo("https://a.example/" + i);
      }
      assertThat(table.forTenant("acme")).hasSize(count);
      assertThat(table.size()).isEqualTo(count);
    }
  }

  @Test
  void aClosedTableRefusesReads() {
    DiskEndpointTable table = new DiskEndpointTable();
    put(table, endpoint("ep_1", "acme", "https://a.example/1"));
    table.close();
    assertThatThrownBy(() -> table.get("ep_2"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  private static void put(DiskEndpointTable table, Endpoint e) {
    table.put(e, Json.write(e));
  }

  private static Endpoint endpoint(String id, String tenant, String url) {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    return new Endpoint(
        id, tenant, url, "", List.of(), List.of(), null, null, null, Map.of(), true, null, now,
        now);
  }
}
