package io.hookline.ingest.endpoints;

import io.hookline.core.http.HttpProblem;
import io.hookline.core.net.EgressPolicy;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Refuses, when an endpoint is created or changed, a URL whose host the dispatcher would refuse to
 * connect to (loopback, private, link-local, metadata…, unless allow-listed), so the user hears it
 * at once and in plain words instead of seeing every delivery fail. The dispatcher still checks the
 * address it actually connects to: DNS can change. A host that does not resolve (yet) is accepted.
 * Thread-safe; blocks up to the resolution timeout.
 */
final class UrlGuard {
  private static final Duration RESOLVE_TIMEOUT = Duration.ofSeconds(2);

  private final EgressPolicy policy;

  UrlGuard(EgressPolicy policy) {
    this.policy = policy;
  }

  void check(URI url, String field) {
    String host = url.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    List<InetAddress> addresses = resolve(host);
    if (addresses.isEmpty()) {
      return;
    }
    List<String> refusals =
        addresses.stream().map(policy::refusal).flatMap(Optional::stream).toList();
    if (refusals.size() == addresses.size()) {
      throw HttpProblem.badRequest(
          "'"
              + field
              + "' is refused: "
              + refusals.get(0)
              + " (the dispatcher only connects to public addresses)",
          field);
    }
  }

  private static List<InetAddress> resolve(String host) {
    CompletableFuture<List<InetAddress>> lookup =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return Arrays.asList(InetAddress.getAllByName(host));
              } catch (UnknownHostException e) {
                return List.of();
              }
            },
            Executors.newVirtualThreadPerTaskExecutor());
    try {
      return lookup.get(RESOLVE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    } catch (ExecutionException | TimeoutException e) {
      return List.of();
    }
  }
}
