package io.hookline.core.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Named readiness checks of a service, answered on {@code /readyz}. Liveness ({@code /healthz}) is
 * simply that the process answers. Thread-safe.
 */
public final class Health {
  private final Map<String, BooleanSupplier> checks = new ConcurrentHashMap<>();

  /** Adds or replaces the check {@code name}; it must be cheap and never block. */
  public Health check(String name, BooleanSupplier ready) {
    checks.put(name, ready);
    return this;
  }

  /** Each check's current answer; a check that throws counts as not ready. */
  public Map<String, Boolean> evaluate() {
    Map<String, Boolean> out = new LinkedHashMap<>();
    checks.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> {
              boolean ok;
              try {
                ok = e.getValue().getAsBoolean();
              } catch (RuntimeException ex) {
                ok = false;
              }
              out.put(e.getKey(), ok);
            });
    return out;
  }

  public boolean isReady() {
    return evaluate().values().stream().allMatch(Boolean::booleanValue);
  }
}
