package dev.waymark.stats;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Conversions of a slice and their summed values per currency (ISO 4217 code to amount, codes in
 * order, amounts without trailing zeros); currencies without a valued conversion are absent.
 */
public record Revenue(long conversions, Map<String, BigDecimal> byCurrency) {

  public static final Revenue NONE = new Revenue(0, Map.of());

  public Revenue {
    TreeMap<String, BigDecimal> sorted = new TreeMap<>();
    byCurrency.forEach((currency, amount) -> sorted.put(currency, plain(amount)));
    byCurrency = Collections.unmodifiableSortedMap(sorted);
  }

  /** {@code 12.50} as {@code 12.5} and {@code 100} as {@code 100}, never {@code 1E+2}. */
  private static BigDecimal plain(BigDecimal amount) {
    BigDecimal stripped = amount.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }
}
