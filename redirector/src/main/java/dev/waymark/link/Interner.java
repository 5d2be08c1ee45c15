package dev.waymark.link;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.waymark.journey.Stage;
import dev.waymark.routing.Routes;
import java.util.Map;

/**
 * Hands out one shared instance for equal campaign, channel and source texts, equal UTM maps and
 * equal {@link Attribution}s, so a million cached links of a few hundred campaigns hold a few
 * hundred copies of each, not a million. Bounded: a value evicted here only stops being shared,
 * nothing breaks.
 */
final class Interner {

  /** Shares nothing: every value is kept as given. */
  static final Interner NONE = new Interner(0);

  private final Cache<Object, Object> canonical;

  Interner(long maxValues) {
    this.canonical = maxValues == 0 ? null : Caffeine.newBuilder().maximumSize(maxValues).build();
  }

  String text(String value) {
    return value == null || canonical == null ? value : (String) canonical.get(value, v -> v);
  }

  @SuppressWarnings("unchecked")
  Map<String, String> utm(Map<String, String> value) {
    // Link.utm() is never null; Map.copyOf already shares the one empty map.
    return value.isEmpty() || canonical == null ? value
        : (Map<String, String>) canonical.get(value, v -> v);
  }

  /**
   * One shared attribution for these values; its texts and map are shared too. One with journey
   * rules is its link's own (rules are per link, so sharing it would only fill this cache).
   */
  Attribution attribution(String campaign, String channel, Stage stage, String source, Map<String, String> utm,
      boolean conversions, Routes routes) {
    Attribution value = new Attribution(text(campaign), text(channel), stage, text(source), utm(utm), conversions,
        routes);
    return canonical == null || routes != null ? value : (Attribution) canonical.get(value, v -> v);
  }
}
