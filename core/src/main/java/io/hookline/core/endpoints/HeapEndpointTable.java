package io.hookline.core.endpoints;

import io.hookline.schemas.Endpoint;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/** Every endpoint on the heap, by id and by tenant: lock-free lookups, about 0.9 KiB each. */
final class HeapEndpointTable implements EndpointTable {
  private final Map<String, Endpoint> byId = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Endpoint>> byTenant = new ConcurrentHashMap<>();

  @Override
  public Optional<Endpoint> get(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  @Override
  public void put(Endpoint endpoint, byte[] json) {
    Endpoint previous = byId.put(endpoint.id(), endpoint);
    if (previous != null && !previous.tenant().equals(endpoint.tenant())) {
      tenantMap(previous.tenant()).remove(previous.id());
    }
    tenantMap(endpoint.tenant()).put(endpoint.id(), endpoint);
  }

  @Override
  public void remove(String id) {
    Endpoint previous = byId.remove(id);
    if (previous != null) {
      Map<String, Endpoint> m = byTenant.get(previous.tenant());
      if (m != null) {
        m.remove(id);
      }
    }
  }

  @Override
  public Collection<Endpoint> forTenant(String tenant) {
    Map<String, Endpoint> m = byTenant.get(tenant);
    return m == null ? List.of() : List.copyOf(m.values());
  }

  @Override
  public int size() {
    return byId.size();
  }

  @Override
  public void retainOnly(Predicate<String> keep) {
    byId.keySet().stream().filter(keep.negate()).toList().forEach(this::remove);
  }

  private Map<String, Endpoint> tenantMap(String tenant) {
    return byTenant.computeIfAbsent(tenant, t -> new ConcurrentHashMap<>());
  }

  @Override
  public void close() {}
}
