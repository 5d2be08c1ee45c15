package dev.waymark.stats;

/**
 * The totals of a question's hits. {@code hits}, {@code scans}, {@code clicks} and
 * {@code visitors} count the traffic the question asks for; {@code newVisitors} and
 * {@code returningVisitors} split {@code visitors} as docs/analytics.md defines them (hits on one
 * day of a month, or on two or more); {@code bots} and {@code previews} count those hits in the
 * range and filters whatever traffic was asked for. {@code revenue} holds the conversions attributed
 * to the counted hits (the asked traffic's).
 *
 * <p>Above {@link SqlStatsStore#EXACT_VISITORS} visitors a store may estimate {@code visitors} and
 * split it by the returning share of a hash sample of them ({@code newVisitors + returningVisitors
 * = visitors} still holds); the hit counts stay exact.
 */
public record Summary(long hits, long scans, long clicks, long visitors, long newVisitors, long returningVisitors,
    long bots, long previews, Revenue revenue) {

  public Summary {
    java.util.Objects.requireNonNull(revenue, "revenue");
  }

  /** Totals of a store, or a slice, without conversions. */
  public Summary(long hits, long scans, long clicks, long visitors, long newVisitors, long returningVisitors,
      long bots, long previews) {
    this(hits, scans, clicks, visitors, newVisitors, returningVisitors, bots, previews, Revenue.NONE);
  }
}
