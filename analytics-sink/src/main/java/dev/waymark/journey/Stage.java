package dev.waymark.journey;

import java.util.Locale;

/**
 * The {@code hits.stage} Enum8 (journey stage); any unrecognised wire name reads as
 * {@code UNKNOWN}, so a stage added to links before the schema knows it never breaks an insert.
 * Ordinals are the stored values: append only.
 */
public enum Stage {
  UNKNOWN, AWARENESS, CONSIDERATION, CONVERSION, SERVICE, LOYALTY;

  // Looked up once per hit: no array copy, no lower-casing on the way.
  private static final Stage[] VALUES = values();
  private static final String[] WIRE_NAMES = new String[VALUES.length];

  static {
    for (Stage s : VALUES) {
      WIRE_NAMES[s.ordinal()] = s.name().toLowerCase(Locale.ROOT);
    }
  }

  public String wireName() {
    return WIRE_NAMES[ordinal()];
  }

  public static Stage fromWireName(String name) {
    for (Stage s : VALUES) {
      if (WIRE_NAMES[s.ordinal()].equalsIgnoreCase(name)) {
        return s;
      }
    }
    return UNKNOWN;
  }
}
