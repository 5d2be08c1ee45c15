package dev.waymark.link;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** A customer-journey stage; the lower-case name is the wire form in the API and in ClickHouse. */
public enum Stage {
  AWARENESS, CONSIDERATION, CONVERSION, SERVICE, LOYALTY;

  private final String wireName = name().toLowerCase(Locale.ROOT);

  @JsonValue
  public String wireName() {
    return wireName;
  }

  /** Parses the wire form; throws {@link IllegalArgumentException} naming the allowed values. */
  @JsonCreator
  public static Stage of(String value) {
    for (Stage s : values()) {
      if (s.wireName.equals(value)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "must be one of awareness, consideration, conversion, service, loyalty");
  }
}
