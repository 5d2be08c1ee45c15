package dev.waymark.key;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What an admin API key may do, by its wire name ({@code links:read}, ...). {@link #KEYS_ADMIN}
 * implies every other scope: it is the bootstrap key's, and whoever may mint keys could mint one
 * with any scope anyway.
 */
public enum Scope {
  LINKS_READ("links:read"),
  LINKS_WRITE("links:write"),
  STATS_READ("stats:read"),
  WEBHOOKS_WRITE("webhooks:write"),
  /** Report conversions ({@code POST /api/v1/conversions}): what a shop's server holds, and nothing more. */
  CONVERSIONS_WRITE("conversions:write"),
  KEYS_ADMIN("keys:admin");

  private final String wireName;

  Scope(String wireName) {
    this.wireName = wireName;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }

  /** The scope with this wire name, or {@code null}. */
  @JsonCreator
  public static Scope of(String wireName) {
    for (Scope s : values()) {
      if (s.wireName.equals(wireName)) {
        return s;
      }
    }
    return null;
  }

  /** True when a key holding {@code held} may do what needs {@code needed}. */
  public static boolean allows(Set<Scope> held, Scope needed) {
    return held.contains(KEYS_ADMIN) || held.contains(needed);
  }

  /** Every wire name, comma-separated, for messages. */
  public static String wireNames() {
    return Arrays.stream(values()).map(Scope::wireName).collect(Collectors.joining(", "));
  }

  /** An unmodifiable copy of {@code scopes}, in declaration order. */
  public static Set<Scope> copyOf(Set<Scope> scopes) {
    return scopes.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(scopes));
  }

  @Override
  public String toString() {
    return wireName;
  }
}
