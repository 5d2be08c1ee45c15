package dev.waymark.audit;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What a change did: {@code create} has no before, {@code delete} no after, {@code update} both.
 */
public enum AuditAction {
  CREATE, UPDATE, DELETE;

  @JsonValue
  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static AuditAction ofApiName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
