package io.hookline.core.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Named readiness checks of a service, answered on {@code /readyz}. Liveness ({@code /healthz}) is
 * simply that the process answers. Besides the checks that gate readiness, a service may report
 * parts whose failure degrades it without making it unfit for traffic (an ingest-service whose
 * status view is down still takes events): those are shown, never gating. Thread-safe.
 */
public final class Health {
  private final Map<String, BooleanSupplier> checks = new ConcurrentHashMap<>();
  private final Map<String, BooleanSupplier> observed = new ConcurrentHashMap<>();

  /** Adds or replaces the check {@code name}; it must be cheap and never block. */
  public Health check(String name, BooleanSupplier ready) {
    checks.put(name, ready);
    return this;
  }

  /**
   * Adds or replaces a part that is reported on {@code /readyz} but does not gate readiness; it
   * must be cheap and never block.
   */
  public Health observe(String name, BooleanSupplier up) {
    observed.put(name, up);
    return this;
  }

  /** Each readiness check's current answer; a check that throws counts as not ready. */
  public Map<String, Boolean> evaluate() {
    return evaluate(checks);
  }

  /** Each observed part's current answer; one that throws counts as down. */
  public Map<String, Boolean> evaluateObserved() {
    return evaluate(observed);
  }

  private static Map<String, Boolean> evaluate(Map<String, BooleanSupplier> checks) {
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
