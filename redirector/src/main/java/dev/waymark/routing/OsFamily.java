package dev.waymark.routing;

import java.util.Locale;

/** The operating system names a rule's {@code when.os} may list; {@code ios} includes iPadOS. */
public enum OsFamily {
  IOS, ANDROID, WINDOWS, MACOS, LINUX, CHROMEOS;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
