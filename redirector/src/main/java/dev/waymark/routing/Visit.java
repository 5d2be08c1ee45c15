package dev.waymark.routing;

/**
 * What the redirect path knows of one request, as rules ask for it. Implementations compute each
 * fact on first ask (most links ask nothing), on the event loop, without blocking.
 */
public interface Visit {

  /** The {@code User-Agent} as sent, {@code ""} when none. */
  String userAgent();

  /** The {@code Accept-Language} as sent, {@code ""} when none. */
  String acceptLanguage();

  /** The raw (still percent-encoded) query, {@code null} when none. */
  String rawQuery();

  /** True when the request carries the printed code's {@code qr=1} marker. */
  boolean qr();

  /** ISO 3166-1 alpha-2, upper case, from the trusted proxy header or the GeoIP database; {@code ""} unknown. */
  String country();

  /**
   * The visitor's monthly id (the {@code visitor_monthly} the sink records, same salt), or
   * {@link #NO_VISITOR} when it cannot be made now (the month's salt is not loaded): then the
   * visitor is assigned no variant and goes to the default destination.
   */
  long monthlyVisitorId();

  /**
   * True for a {@code HEAD}: a link checker or prefetcher asking whether the link works, never a
   * person following it (the sink stores it as a bot), so it is treated as a bot here too.
   */
  default boolean head() {
    return false;
  }

  /** {@link #monthlyVisitorId} when no id can be made. A real id equal to it is treated the same. */
  long NO_VISITOR = 0L;
}
