package io.hookline.core.http;

import java.io.Serial;

/**
 * Thrown by a route to answer with a 4xx {@link ApiError}; {@link HttpHost} turns it into the
 * response. Anything else a route throws becomes a 500 without a stack trace in the body.
 */
public final class HttpProblem extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final String field;

  public HttpProblem(int status, String code, String message, String field) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.field = field;
  }

  public static HttpProblem badRequest(String message, String field) {
    return new HttpProblem(400, "invalid_request", message, field);
  }

  public static HttpProblem notFound(String message) {
    return new HttpProblem(404, "not_found", message, null);
  }

  public int status() {
    return status;
  }

  public ApiError body() {
    return new ApiError(code, getMessage(), field);
  }
}
