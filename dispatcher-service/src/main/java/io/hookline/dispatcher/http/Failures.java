package io.hookline.dispatcher.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.NoHttpResponseException;

/** Puts a network exception of an attempt into plain words. Stateless. */
final class Failures {
  private Failures() {}

  /** The {@link EgressRefusedException} in {@code error}'s cause chain, if any. */
  static Optional<EgressRefusedException> refusal(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof EgressRefusedException refused) {
        return Optional.of(refused);
      }
    }
    return Optional.empty();
  }

  /**
   * Describes {@code error} for an attempt on {@code host}, for example {@code "connection
   * refused"} or {@code "unknown host nosuch.example"}.
   */
  static String describe(IOException error, String host, long timeoutMs, long connectTimeoutMs) {
    Optional<EgressRefusedException> refused = refusal(error);
    if (refused.isPresent()) {
      return "refused: " + refused.get().reason();
    }
    return switch (error) {
      case ConnectTimeoutException e -> "connect timed out after " + connectTimeoutMs + " ms";
      case ConnectionRequestTimeoutException e ->
          "timed out after " + timeoutMs + " ms waiting for a pooled connection";
      case SocketTimeoutException e -> "timed out after " + timeoutMs + " ms";
      case UnknownHostException e -> "unknown host " + host;
      case NoRouteToHostException e -> "no route to host " + host;
      case ConnectException e -> connectFailure(e);
      case SSLHandshakeException e -> "TLS handshake failed: " + message(e);
      case SSLException e -> "TLS error: " + message(e);
      case NoHttpResponseException e -> "no response: the server closed the connection";
      default -> "network error: " + message(error);
    };
  }

  private static String connectFailure(ConnectException e) {
    String message = message(e);
    return message.toLowerCase(Locale.ROOT).contains("refused")
        ? "connection refused"
        : "connection failed: " + message;
  }

  private static String message(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }
}
