package dev.waymark.config;

/** A setting with a value Waymark cannot run with; the message names the variable and why. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String variable, String flag, String why) {
    super(variable + " (" + flag + "): " + why);
  }
}
