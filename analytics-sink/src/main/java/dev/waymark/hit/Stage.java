package dev.waymark.hit;

import java.util.Locale;

/**
 * The {@code hits.stage} Enum8 (journey stage); any unrecognised wire name reads as
 * {@code UNKNOWN}, so a stage added to links before the schema knows it never breaks an insert.
 * Ordinals are the stored values: append only.
 */
public enum Stage {
  UNKNOWN, AWARENESS, CONSIDERATION, CONVERSION, SERVICE, LOYALTY;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Stage fromWireName(String name) {
    for (Stage s : values()) {
      if (s.wireName().equalsIgnoreCase(name)) {
        return s;
      }
    }
    return UNKNOWN;
  }
}
