package dev.waymark.campaign;

import dev.waymark.link.FieldLimits;
import java.time.Instant;
import java.util.Objects;

/**
 * The stored settings of one campaign: what every link whose {@code campaign} is {@link #name}
 * gets unless it says more itself. A campaign exists as a name on links whether or not it has
 * settings; this record exists only once someone stored some.
 *
 * @param name        exactly a link's {@code campaign} value: 1 to 128 characters, no control
 *                    characters, no spaces at either end (links store their campaign trimmed, so a
 *                    name with them could never match a link)
 * @param conversions every link of the campaign hands its hits' ids on as {@code wm_click}, as if
 *                    it set {@code conversions} itself
 */
public record Campaign(String name, boolean conversions, Instant createdAt, Instant updatedAt) {

  public Campaign {
    String problem = nameProblem(name);
    if (problem != null) {
      throw new IllegalArgumentException("name " + problem);
    }
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /** Why {@code name} cannot name a campaign, or {@code null} when it can: a link's campaign rules. */
  public static String nameProblem(String name) {
    if (name == null || name.isEmpty()) {
      return "must not be empty";
    }
    if (name.isBlank()) {
      return "must not be blank";
    }
    if (!name.strip().equals(name)) {
      return "must not start or end with spaces (a link's campaign is stored trimmed, so it could match no link)";
    }
    if (name.length() > FieldLimits.MAX_TEXT_LENGTH) {
      return "must be at most " + FieldLimits.MAX_TEXT_LENGTH + " characters, was " + name.length();
    }
    if (name.chars().anyMatch(Character::isISOControl)) {
      return "must not contain control characters";
    }
    return null;
  }

  /** These settings with another conversions default, changed at {@code now}. */
  public Campaign withConversions(boolean value, Instant now) {
    return new Campaign(name, value, createdAt, now);
  }
}
