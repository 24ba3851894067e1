package io.hookline.core.config;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Decides which configuration values are secret and masks them for logs. */
public final class Secrets {
  private static final String[] SECRET_WORDS = {
    "PASSWORD", "SECRET", "TOKEN", "KEY", "JAAS", "CREDENTIAL"
  };

  private Secrets() {}

  /** Whether a setting named {@code name} (env or Kafka property style) holds a secret. */
  public static boolean isSecret(String name) {
    String upper = name.toUpperCase(Locale.ROOT).replace('.', '_');
    for (String word : SECRET_WORDS) {
      if (upper.contains(word)) {
        return true;
      }
    }
    return false;
  }

  /** A copy of {@code settings}, sorted, with secret values replaced by {@code ****}. */
  public static Map<String, String> masked(Map<String, ?> settings) {
    Map<String, String> out = new TreeMap<>();
    settings.forEach((k, v) -> out.put(k, isSecret(k) ? "****" : String.valueOf(v)));
    return out;
  }
}
