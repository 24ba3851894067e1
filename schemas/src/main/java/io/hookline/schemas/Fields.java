package io.hookline.schemas;

import java.util.List;
import java.util.Map;

/** Validation helpers for the compact constructors of wire records. */
final class Fields {
  private Fields() {}

  /** Returns {@code value}, or throws {@link InvalidRecordException} naming {@code field}. */
  static <T> T required(T value, String field) {
    if (value == null) {
      throw new InvalidRecordException(field, "'" + field + "' is required");
    }
    return value;
  }

  /** Returns {@code value} when it is a non-blank string, else throws naming {@code field}. */
  static String requiredText(String value, String field) {
    required(value, field);
    if (value.isBlank()) {
      throw new InvalidRecordException(field, "'" + field + "' must not be blank");
    }
    return value;
  }

  static <T> List<T> listOrEmpty(List<T> value) {
    return value == null ? List.of() : List.copyOf(value);
  }

  static <K, V> Map<K, V> mapOrEmpty(Map<K, V> value) {
    return value == null ? Map.of() : Map.copyOf(value);
  }

  static int nonNegative(int value, String field) {
    if (value < 0) {
      throw new InvalidRecordException(field, "'" + field + "' must be >= 0, was " + value);
    }
    return value;
  }
}
