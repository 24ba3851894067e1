package io.hookline.core.http;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of every error Hookline's HTTP servers answer: {@code {"error": "<code>", "message":
 * "...", "field": "..."}}. {@code field} names the offending input field when there is one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, String message, String field) {}
