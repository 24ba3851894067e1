package io.hookline.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Hookline's version, as built. */
public final class Version {
  private static final Properties BUILD = load();
  private static final String VERSION = BUILD.getProperty("version", "dev");

  private Version() {}

  /** E.g. {@code 0.1.0-SNAPSHOT}; {@code dev} when not built by Maven. */
  public static String current() {
    return VERSION;
  }

  /**
   * The git commit it was built from (12 hex digits, {@code +dirty} when the work tree had
   * uncommitted changes); {@code unknown} when built outside a git checkout.
   */
  public static String commit() {
    String commit = BUILD.getProperty("commit", "");
    if (commit.isBlank() || commit.startsWith("${")) {
      return "unknown";
    }
    return "true".equals(BUILD.getProperty("dirty")) ? commit + "+dirty" : commit;
  }

  /** The {@code user-agent} of Hookline's requests. */
  public static String userAgent() {
    return "Hookline/" + VERSION;
  }

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // not built by Maven: "dev", commit unknown
    }
    return p;
  }
}
