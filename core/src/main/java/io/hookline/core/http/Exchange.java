package io.hookline.core.http;

import com.sun.net.httpserver.HttpExchange;
import io.hookline.schemas.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Small helpers for reading and answering a JDK {@link HttpExchange} with JSON. */
public final class Exchange {
  private Exchange() {}

  /**
   * Reads the request body, refusing more than {@code maxBytes} with a 413.
   *
   * @throws HttpProblem 413 when the body is larger than {@code maxBytes}
   */
  public static byte[] readBody(HttpExchange exchange, int maxBytes) throws IOException {
    String declared = exchange.getRequestHeaders().getFirst("Content-Length");
    if (declared != null) {
      try {
        if (Long.parseLong(declared.strip()) > maxBytes) {
          throw tooLarge(maxBytes);
        }
      } catch (NumberFormatException e) {
        throw HttpProblem.badRequest("Content-Length is not a number", null);
      }
    }
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes(maxBytes + 1);
      if (body.length > maxBytes) {
        throw tooLarge(maxBytes);
      }
      return body;
    }
  }

  private static HttpProblem tooLarge(int maxBytes) {
    return new HttpProblem(
        413, "payload_too_large", "request body is larger than " + maxBytes + " bytes", null);
  }

  public static void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = Json.write(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    send(exchange, status, bytes);
  }

  public static void sendText(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    send(exchange, status, body.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, byte[] bytes) throws IOException {
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
