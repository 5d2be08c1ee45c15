package dev.waymark.stats;

/**
 * Hits of one slice: all of them, QR scans ({@code is_qr = 1}), clicks (the rest), and distinct
 * visitors (by {@code visitor_month}: a person counts once per calendar month the range touches),
 * and the conversions attributed to those hits.
 */
public record Counts(long hits, long scans, long clicks, long visitors, Revenue revenue) {

  public static final Counts ZERO = new Counts(0, 0, 0, 0);

  public Counts {
    java.util.Objects.requireNonNull(revenue, "revenue");
  }

  /** Counts without conversions. */
  public Counts(long hits, long scans, long clicks, long visitors) {
    this(hits, scans, clicks, visitors, Revenue.NONE);
  }
}
