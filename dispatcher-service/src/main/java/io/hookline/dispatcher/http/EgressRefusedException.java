package io.hookline.dispatcher.http;

import io.hookline.core.net.EgressPolicy;
import java.io.Serial;
import java.net.UnknownHostException;

/**
 * The {@link EgressPolicy} refused every address a host resolved to, or the address a socket was
 * about to connect to. It extends {@link UnknownHostException} because that is the only checked
 * exception a {@link org.apache.hc.client5.http.DnsResolver} may throw; HttpClient propagates it
 * unwrapped. {@link #getMessage()} is the plain-words reason, such as {@code "10.0.0.5 is a private
 * address"}.
 */
public final class EgressRefusedException extends UnknownHostException {
  @Serial private static final long serialVersionUID = 1L;

  private final String host;

  /**
   * @param host the host name or address that was refused
   * @param reason why, in plain words
   */
  public EgressRefusedException(String host, String reason) {
    super(reason);
    this.host = host;
  }

  /** The host name or address that was refused. */
  public String host() {
    return host;
  }

  /** Why the connection was refused, in plain words. */
  public String reason() {
    return getMessage();
  }
}
