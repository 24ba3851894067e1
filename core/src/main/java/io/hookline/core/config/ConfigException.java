package io.hookline.core.config;

/** A configuration value is missing or malformed. The message names the variable. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
