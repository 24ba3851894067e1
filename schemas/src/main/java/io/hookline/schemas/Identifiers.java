package io.hookline.schemas;

import java.util.regex.Pattern;

/**
 * The forms of the names Hookline takes from its users: tenant ids and the ids of events and
 * endpoints. The API and the fan-out check them the same way, so an event produced straight to
 * Kafka is held to the same rules as one posted to the API.
 */
public final class Identifiers {
  /** An event or endpoint id: what may appear in a path, a header and a topic key. */
  public static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

  public static final String ID_FORM = "1-128 letters, digits, '_' or '-'";
  public static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}");
  public static final String TENANT_FORM =
      "1-128 letters, digits, '_', '.', ':' or '-', starting with a letter or digit";

  private Identifiers() {}

  public static boolean isId(String value) {
    return value != null && ID.matcher(value).matches();
  }

  public static boolean isTenant(String value) {
    return value != null && TENANT.matcher(value).matches();
  }

  /** Returns {@code value}, or throws naming {@code field} when it is not an id. */
  static String requireId(String value, String field) {
    Fields.required(value, field);
    if (!isId(value)) {
      throw new InvalidRecordException(field, "'" + field + "' must be " + ID_FORM);
    }
    return value;
  }

  /** Returns {@code value}, or throws naming {@code field} when it is not a tenant id. */
  static String requireTenant(String value, String field) {
    Fields.required(value, field);
    if (!isTenant(value)) {
      throw new InvalidRecordException(field, "'" + field + "' must be " + TENANT_FORM);
    }
    return value;
  }
}
