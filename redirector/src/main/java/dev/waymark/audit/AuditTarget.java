package dev.waymark.audit;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The kinds of object an admin change can be made to; each has one lower-case name in the API. */
public enum AuditTarget {
  LINK, TOUCHPOINT, BRAND, CAMPAIGN, KEY, WEBHOOK;

  /** The name the API uses, such as {@code link}. */
  @JsonValue
  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The target named {@code name} in the API, or {@code null} when there is none of that name. */
  @JsonCreator
  public static AuditTarget ofApiName(String name) {
    for (AuditTarget t : values()) {
      if (t.apiName().equals(name)) {
        return t;
      }
    }
    return null;
  }
}
