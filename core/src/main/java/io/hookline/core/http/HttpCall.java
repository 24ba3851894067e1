package io.hookline.core.http;

import io.hookline.schemas.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/**
 * One request to a {@link Route} and the answer it gives: path parameters, query parameters,
 * headers and a bounded body in; a status, headers and a JSON (or text) body out. The answer is
 * written by the {@link Router} once the route returns. Used by one thread, the one that runs the
 * route (a virtual thread, which may block).
 */
public final class HttpCall {
  private final Request request;
  private final Map<String, String> pathParams;
  private final Map<String, String> responseHeaders = new LinkedHashMap<>();
  private Map<String, String> query;
  private int status = -1;
  private String contentType;
  private byte[] body = new byte[0];

  HttpCall(Request request, Map<String, String> pathParams) {
    this.request = request;
    this.pathParams = Map.copyOf(pathParams);
  }

  public String method() {
    return request.getMethod();
  }

  /** The decoded path, e.g. {@code /v1/endpoints/ep_1}. */
  public String path() {
    return request.getHttpURI().getCanonicalPath();
  }

  /** A parameter of the route's template, e.g. {@code id} of {@code /v1/endpoints/{id}}. */
  public String pathParam(String name) {
    return pathParams.get(name);
  }

  public Optional<String> header(String name) {
    return Optional.ofNullable(request.getHeaders().get(name));
  }

  /** The query parameters, decoded; of a repeated one, the first. */
  public Map<String, String> query() {
    if (query == null) {
      Map<String, String> out = new LinkedHashMap<>();
      Fields fields;
      try {
        fields = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
      } catch (RuntimeException e) {
        throw HttpProblem.badRequest("the query string is not valid percent-encoded UTF-8", null);
      }
      for (Fields.Field f : fields) {
        out.put(f.getName(), f.getValue());
      }
      query = Map.copyOf(out);
    }
    return query;
  }

  /** A query parameter, or {@code null} when absent. */
  public String query(String name) {
    return query().get(name);
  }

  /**
   * The whole request body, refusing more than {@code maxBytes} with a 413 (by the declared length
   * before reading, or while reading a body of unknown length). Blocks while the client sends it; a
   * client that stops sending fails after the server's read timeout.
   *
   * @throws IOException when the client goes away or times out
   */
  public byte[] body(int maxBytes) throws IOException {
    long declared = request.getLength();
    if (declared > maxBytes) {
      throw tooLarge(maxBytes);
    }
    try (InputStream in = Content.Source.asInputStream(request)) {
      byte[] read = in.readNBytes(maxBytes + 1);
      if (read.length > maxBytes) {
        throw tooLarge(maxBytes);
      }
      return read;
    } catch (IOException e) {
      throw timedOut(e).orElseThrow(() -> e);
    }
  }

  /**
   * A read that failed because the client was too slow (the read timeout, or a body slower than the
   * minimum data rate) is the client's error: a 408, not a failure of the server.
   */
  private static Optional<HttpProblem> timedOut(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TimeoutException
          || (t instanceof HttpException http && http.getCode() == 408)) {
        return Optional.of(
            new HttpProblem(
                408,
                "request_timeout",
                "the request body stalled or came slower than the server accepts",
                null));
      }
    }
    return Optional.empty();
  }

  /**
   * A 413, answered before the rest of the body is read: the server then drops the connection, so
   * it says so ({@code Connection: close}) and no client puts the connection back in its pool to
   * lose its next request on it.
   */
  private HttpProblem tooLarge(int maxBytes) {
    responseHeader("Connection", "close");
    return new HttpProblem(
        413, "payload_too_large", "request body is larger than " + maxBytes + " bytes", null);
  }

  /** Sets a response header. */
  public HttpCall responseHeader(String name, String value) {
    responseHeaders.put(name, value);
    return this;
  }

  /** Answers {@code status} with {@code value} as JSON. */
  public void respond(int status, Object value) {
    answer(status, "application/json", Json.write(value));
  }

  /** Answers {@code status} with a text body. */
  public void respondText(int status, String contentType, String text) {
    answer(status, contentType, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Answers {@code status} with {@code body} as it is. */
  public void respondBytes(int status, String contentType, byte[] body) {
    answer(status, contentType, body);
  }

  /** Answers {@code status} without a body (204, for example). */
  public void respondEmpty(int status) {
    answer(status, null, new byte[0]);
  }

  private void answer(int status, String contentType, byte[] body) {
    this.status = status;
    this.contentType = contentType;
    this.body = body;
  }

  boolean answered() {
    return status >= 0;
  }

  int status() {
    return status;
  }

  String contentType() {
    return contentType;
  }

  byte[] bodyBytes() {
    return body;
  }

  Map<String, String> responseHeaders() {
    return responseHeaders;
  }

  /** For log lines: method and path, the path cut short. */
  String describe() {
    String path = path();
    return method() + " " + (path.length() > 200 ? path.substring(0, 200) + "…" : path);
  }
}
