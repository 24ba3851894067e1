package io.hookline.core.config;

import java.io.Serial;

/** A configuration value is missing or malformed. The message names the variable. */
public final class ConfigException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
