package io.hookline.bench.reference;

import io.hookline.dispatcher.DispatcherConfig;
import io.hookline.dispatcher.http.HttpSender;

/** HTTP senders for the references, configured as the dispatcher-service configures its own. */
public final class Senders {
  private Senders() {}

  /** The sender {@code DispatcherService.start} builds from {@code config}. */
  public static HttpSender likeTheDispatcher(DispatcherConfig config) {
    return new HttpSender(config.httpSender(), config.egressPolicy());
  }
}
