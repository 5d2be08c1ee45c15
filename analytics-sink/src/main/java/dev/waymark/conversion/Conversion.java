package dev.waymark.conversion;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One conversion a shop reports back for a click: the hit id it got as {@code wm_click}, what
 * happened ({@code lead}, {@code signup}, {@code sale} or a type of its own), an optional value in
 * a currency, and the shop's own id for it. {@code (click, type, id)} identifies a conversion: the
 * same three reported again are the same conversion, stored once.
 *
 * <p>The admin API validates user input with messages of its own; this record only guards the
 * invariants every stored conversion holds.
 *
 * @param value {@code null} when the conversion has no value; else 0 to {@link #MAX_VALUE}, at
 *     most {@link #MAX_SCALE} decimals
 * @param currency ISO 4217 code (three capital letters) when {@code value} is set, else {@code null}
 * @param id the shop's id of the conversion (an order number), {@code ""} when none
 */
public record Conversion(UUID click, String type, BigDecimal value, String currency, String id) {

  /** A type: lower-case letters, digits, {@code _ . -}, starting with a letter or digit, at most 32. */
  public static final Pattern TYPE = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,31}");
  public static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
  public static final int MAX_ID_LENGTH = 128;
  public static final int MAX_SCALE = 6;
  public static final BigDecimal MAX_VALUE = new BigDecimal("1000000000000");
  /** The most conversions one request may report. */
  public static final int MAX_BATCH = 1_000;

  public Conversion {
    Objects.requireNonNull(click, "click");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(id, "id");
    if (!TYPE.matcher(type).matches()) {
      throw new IllegalArgumentException("type must match " + TYPE.pattern() + ": " + type);
    }
    if (id.length() > MAX_ID_LENGTH || id.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("id must be at most " + MAX_ID_LENGTH + " characters, no control characters");
    }
    if ((value == null) != (currency == null)) {
      throw new IllegalArgumentException("value and currency come together or not at all");
    }
    if (value != null) {
      if (value.signum() < 0 || value.compareTo(MAX_VALUE) > 0 || value.stripTrailingZeros().scale() > MAX_SCALE) {
        throw new IllegalArgumentException("value must be 0 to " + MAX_VALUE + " with at most " + MAX_SCALE
            + " decimals: " + value);
      }
      if (!CURRENCY.matcher(currency).matches()) {
        throw new IllegalArgumentException("currency must be three capital letters: " + currency);
      }
    }
  }

  /** The value in millionths of the currency unit, as stored; 0 when none. */
  public long valueMicros() {
    return value == null ? 0 : value.movePointRight(MAX_SCALE).longValueExact();
  }
}
