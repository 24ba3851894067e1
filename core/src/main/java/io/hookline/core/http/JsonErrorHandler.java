package io.hookline.core.http;

import io.hookline.schemas.Json;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Every error the server itself answers (a malformed request line or header, a URI or headers too
 * large, a read timeout, no route) in the same JSON format as the routes' errors: {@code {"error",
 * "message"}}, never an HTML page and never the name of a Java exception. Thread-safe.
 */
final class JsonErrorHandler extends ErrorHandler {
  /** Jetty's parser reasons are short phrases; anything else (a class name) is not echoed. */
  private static final Pattern PLAIN_REASON = Pattern.compile("[A-Za-z0-9 =:,.'_/-]{1,120}");

  private final int maxHeaderBytes;

  JsonErrorHandler(int maxHeaderBytes) {
    this.maxHeaderBytes = maxHeaderBytes;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = response.getStatus();
    String reason = request.getAttribute(ERROR_MESSAGE) instanceof String s ? s : null;
    ApiError error = describe(status, reason, request);
    response.setStatus(statusFor(status));
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    SecurityHeaders.apply(response.getHeaders());
    response.write(true, ByteBuffer.wrap(Json.write(error)), callback);
    return true;
  }

  /** The body of a response to a request that could not even be parsed. */
  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, "application/json");
    SecurityHeaders.apply(fields);
    return ByteBuffer.wrap(Json.write(describe(status, reason, null)));
  }

  /**
   * A request the parser refused is the client's error even where Jetty picks a 5xx (an unknown
   * HTTP version is 505): answer 400, so a 5xx always means the server failed.
   */
  private static int statusFor(int status) {
    return status >= 500 && status != 500 && status != 503 ? 400 : status;
  }

  ApiError describe(int status, String reason, Request request) {
    String detail = reason == null || !PLAIN_REASON.matcher(reason).matches() ? null : reason;
    return switch (status) {
      case 400 -> new ApiError("bad_request", "the request is malformed" + suffix(detail), null);
      case 404 ->
          new ApiError(
              "not_found",
              request == null ? "no such route" : "no route " + requestLine(request),
              null);
      case 405 -> new ApiError("method_not_allowed", "the method is not allowed here", null);
      case 408 ->
          new ApiError(
              "request_timeout", "the request was not received within the read timeout", null);
      case 413 -> new ApiError("payload_too_large", "the request body is too large", null);
      case 414 ->
          new ApiError(
              "uri_too_long",
              "the request line is longer than the server accepts (" + maxHeaderBytes + " bytes)",
              null);
      case 431 ->
          new ApiError(
              "headers_too_large",
              "the request headers are larger than the server accepts ("
                  + maxHeaderBytes
                  + " bytes)",
              null);
      case 500 -> new ApiError("internal", "internal error; see the server log", null);
      case 503 -> new ApiError("unavailable", "the server is not ready; retry", null);
      default ->
          status >= 500
              ? new ApiError("bad_request", "the request is malformed" + suffix(detail), null)
              : new ApiError(code(status), HttpStatus.getMessage(status) + suffix(detail), null);
    };
  }

  private static String requestLine(Request request) {
    String path = request.getHttpURI() == null ? null : request.getHttpURI().getCanonicalPath();
    if (path == null) {
      path = "";
    }
    return request.getMethod() + " " + (path.length() > 100 ? path.substring(0, 100) + "…" : path);
  }

  private static String suffix(String detail) {
    return detail == null ? "" : ": " + detail;
  }

  private static String code(int status) {
    return HttpStatus.getMessage(status).toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", "_");
  }
}
