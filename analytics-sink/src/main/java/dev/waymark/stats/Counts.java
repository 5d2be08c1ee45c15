package dev.waymark.stats;

/**
 * Hits of one slice: all of them, QR scans ({@code is_qr = 1}), clicks (the rest), and distinct
 * visitors (by {@code visitor_month}: a person counts once per calendar month the range touches).
 */
public record Counts(long hits, long scans, long clicks, long visitors) {

  public static final Counts ZERO = new Counts(0, 0, 0, 0);
}
