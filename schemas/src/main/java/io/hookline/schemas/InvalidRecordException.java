package io.hookline.schemas;

import java.io.Serial;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A record that does not satisfy the wire contract: malformed JSON, a missing required field or a
 * field of the wrong type. {@link #field()} names the offending field (dotted path for nested
 * fields) when one can be named, so an API can answer with it and a DLQ entry can record it.
 */
public final class InvalidRecordException extends SerializationException {
  @Serial private static final long serialVersionUID = 1L;

  private final String field;

  public InvalidRecordException(String field, String message) {
    super(message);
    this.field = field;
  }

  public InvalidRecordException(String field, String message, Throwable cause) {
    super(message, cause);
    this.field = field;
  }

  /** The offending field, or {@code null} when the input is not even well-formed JSON. */
  public String field() {
    return field;
  }
}
