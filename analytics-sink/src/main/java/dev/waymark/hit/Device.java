package dev.waymark.hit;

/**
 * The {@code hits.device} Enum8: the ordinal is the value stored, so constants are only ever
 * appended (a new one needs a migration that widens the column).
 */
public enum Device {
  UNKNOWN, DESKTOP, MOBILE, TABLET, TV, CONSOLE, WEARABLE, BOT, OTHER;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
