package dev.waymark.routing;

import java.util.Locale;

/** The device names a rule's {@code when.device} may list. */
public enum DeviceType {
  DESKTOP, MOBILE, TABLET, TV, CONSOLE, WEARABLE;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
