package io.hookline.bench.reference;

import io.hookline.core.Version;
import io.hookline.dispatcher.DispatcherConfig;
import io.hookline.dispatcher.http.HttpSender;
import io.hookline.dispatcher.http.HttpSenderConfig;

/** HTTP senders for the references, configured as the dispatcher-service configures its own. */
public final class Senders {
  private Senders() {}

  /** The sender {@code DispatcherService.start} builds from {@code config}. */
  public static HttpSender likeTheDispatcher(DispatcherConfig config) {
    return new HttpSender(
        HttpSenderConfig.defaults(Version.userAgent())
            .withTimeouts(config.connectTimeout(), config.requestTimeout()),
        config.egressPolicy());
  }
}
