package dev.waymark.journey;

import java.util.List;
import java.util.Locale;

/**
 * A customer-journey stage, the one enum of links, touchpoints and hits. The lower-case name is
 * the wire form in the admin API, in stored links and in ClickHouse, where it is the
 * {@code hits.stage} Enum8 and the ordinals are the stored values: append only. {@code UNKNOWN}
 * exists for hits only (a hit without a stage, or one a newer version named); a link's stage is
 * one of {@link #JOURNEY}.
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

  /** The stages a link or touchpoint may have, in journey order. */
  public static final List<Stage> JOURNEY = List.of(AWARENESS, CONSIDERATION, CONVERSION, SERVICE, LOYALTY);

  public String wireName() {
    return WIRE_NAMES[ordinal()];
  }

  /** A hit's stage from its wire name, any case; what no stage is named reads as {@code UNKNOWN}. */
  public static Stage fromWireName(String name) {
    for (Stage s : VALUES) {
      if (WIRE_NAMES[s.ordinal()].equalsIgnoreCase(name)) {
        return s;
      }
    }
    return UNKNOWN;
  }

  /**
   * Parses a link's stage, exactly as the API writes it; throws {@link IllegalArgumentException}
   * naming the allowed values (never {@code UNKNOWN}, which no link may have).
   */
  public static Stage of(String value) {
    for (Stage s : JOURNEY) {
      if (s.wireName().equals(value)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "must be one of awareness, consideration, conversion, service, loyalty");
  }
}
