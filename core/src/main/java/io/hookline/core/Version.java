package io.hookline.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Hookline's version, as built. */
public final class Version {
  private static final String VERSION = load();

  private Version() {}

  /** E.g. {@code 0.1.0-SNAPSHOT}; {@code dev} when not built by Maven. */
  public static String current() {
    return VERSION;
  }

  /** The {@code user-agent} of Hookline's requests. */
  public static String userAgent() {
    return "Hookline/" + VERSION;
  }

  private static String load() {
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev";
    }
  }
}
