package io.hookline.core.http;

import java.io.IOException;

/**
 * What answers one method and path of a {@link Router}. Runs on a virtual thread and may block (on
 * Kafka, on reading the body). Throw {@link HttpProblem} to answer with a JSON error.
 */
@FunctionalInterface
public interface Route {
  void handle(HttpCall call) throws IOException;
}
