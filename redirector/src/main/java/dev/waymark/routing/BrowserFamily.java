package dev.waymark.routing;

import java.util.Locale;

/** The browser names a rule's {@code when.browser} may list; {@code chrome} is Google's, not every Chromium. */
public enum BrowserFamily {
  CHROME, SAFARI, FIREFOX, EDGE, OPERA, SAMSUNG;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
