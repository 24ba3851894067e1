package io.hookline.core.endpoints;

import io.hookline.schemas.Endpoint;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Where an {@link EndpointDirectory} keeps its endpoints. Written by the directory's tailing thread
 * only; read from any thread.
 */
interface EndpointTable extends AutoCloseable {
  Optional<Endpoint> get(String id);

  /** Stores {@code endpoint} (its record's bytes are {@code json}), replacing any earlier one. */
  void put(Endpoint endpoint, byte[] json);

  void remove(String id);

  /** The tenant's endpoints, enabled or not; an immutable snapshot. */
  Collection<Endpoint> forTenant(String tenant);

  int size();

  /** Removes every endpoint whose id {@code keep} refuses. */
  void retainOnly(Predicate<String> keep);

  @Override
  void close();
}
