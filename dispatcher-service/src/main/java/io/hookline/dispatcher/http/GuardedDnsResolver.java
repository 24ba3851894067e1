package io.hookline.dispatcher.http;

import io.hookline.core.net.EgressPolicy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/**
 * Resolves host names with a delegate (the system resolver by default) and keeps only the addresses
 * the {@link EgressPolicy} allows. HttpClient connects to exactly the addresses returned here,
 * without a second lookup, so a host that re-binds its DNS name to a private address between two
 * lookups cannot slip past the check. HttpClient 5 also passes IP literals ({@code 10.0.0.5},
 * {@code [::1]}) through the resolver, so they are checked too.
 *
 * <p>Thread-safe. {@link #resolve(String)} blocks for as long as the delegate does.
 */
public final class GuardedDnsResolver implements DnsResolver {
  private final EgressPolicy policy;
  private final DnsResolver delegate;

  /** Resolves with the system resolver. */
  public GuardedDnsResolver(EgressPolicy policy) {
    this(policy, SystemDefaultDnsResolver.INSTANCE);
  }

  /** Resolves with {@code delegate}, then applies {@code policy}. */
  public GuardedDnsResolver(EgressPolicy policy, DnsResolver delegate) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /**
   * The allowed addresses of {@code host}, in the delegate's order.
   *
   * @throws EgressRefusedException when the host resolved only to refused addresses; its reason
   *     names the first of them
   * @throws UnknownHostException when the host does not resolve
   */
  @Override
  public InetAddress[] resolve(String host) throws UnknownHostException {
    InetAddress[] resolved = delegate.resolve(host);
    if (resolved == null || resolved.length == 0) {
      throw new UnknownHostException(host);
    }
    List<InetAddress> allowed = new ArrayList<>(resolved.length);
    String firstRefusal = null;
    for (InetAddress address : resolved) {
      Optional<String> refusal = policy.refusal(address);
      if (refusal.isEmpty()) {
        allowed.add(address);
      } else if (firstRefusal == null) {
        firstRefusal = refusal.get();
      }
    }
    if (allowed.isEmpty()) {
      throw new EgressRefusedException(host, firstRefusal);
    }
    return allowed.toArray(InetAddress[]::new);
  }

  @Override
  public String resolveCanonicalHostname(String host) throws UnknownHostException {
    return delegate.resolveCanonicalHostname(host);
  }
}
