package io.hookline.schemas;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Event-type subscriptions: an exact type ({@code order.created}), a prefix wildcard ({@code
 * order.*}, every type below {@code order.}), or {@code *} for everything.
 */
public final class EventTypePattern {
  private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");
  private static final Pattern SUBSCRIPTION =
      Pattern.compile("\\*|[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*(\\.\\*)?");

  private EventTypePattern() {}

  /** Whether {@code type} is a well-formed dotted event type such as {@code order.created}. */
  public static boolean isValidType(String type) {
    return type != null && TYPE.matcher(type).matches();
  }

  /** Whether {@code pattern} is a well-formed subscription pattern. */
  public static boolean isValidPattern(String pattern) {
    return pattern != null && SUBSCRIPTION.matcher(pattern).matches();
  }

  /** Whether {@code pattern} matches {@code type}. */
  public static boolean matches(String pattern, String type) {
    if (pattern.equals("*")) {
      return true;
    }
    if (pattern.endsWith(".*")) {
      String prefix = pattern.substring(0, pattern.length() - 1); // keeps the dot
      return type.startsWith(prefix) && type.length() > prefix.length();
    }
    return pattern.equals(type);
  }

  /** Whether any of {@code patterns} matches {@code type}; an empty list matches everything. */
  public static boolean anyMatches(List<String> patterns, String type) {
    if (patterns.isEmpty()) {
      return true;
    }
    for (String pattern : patterns) {
      if (matches(pattern, type)) {
        return true;
      }
    }
    return false;
  }
}
