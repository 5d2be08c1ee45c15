package dev.waymark.hit.enrich;

import dev.waymark.hit.Traffic;

/**
 * Human, bot or link preview for a user agent by the sink's own ordered rules, its crawler list
 * and its generic bot words, without the UA parser: cheap enough for a caller that must decide on
 * an event loop (the redirector's journey rules), and in agreement with what the sink records for
 * every agent those rules name. Stateless and thread-safe; an empty agent is a bot.
 *
 * <p>The sink also calls an agent a bot when the parser's device class says so; this check does
 * not run the parser, so such an agent (one no rule, list entry or bot word names) counts as human
 * here. Call {@link #load} where blocking is allowed before the first {@link #of}: the crawler
 * list is read from the classpath on first use.
 */
public final class TrafficCheck {

  private TrafficCheck() {}

  /** The verdict for {@code userAgent} ({@code null} is treated as empty). */
  public static Traffic of(String userAgent) {
    String ua = userAgent == null ? "" : userAgent;
    TrafficRules.Verdict verdict = TrafficRules.classify(ua);
    if (verdict != null) {
      return verdict.traffic();
    }
    return TrafficRules.looksAutomated(ua) ? Traffic.BOT : Traffic.HUMAN;
  }

  /** Loads the crawler list now (tens of milliseconds, a classpath read); returns its pattern count. */
  public static int load() {
    return TrafficRules.crawlerPatterns();
  }
}
