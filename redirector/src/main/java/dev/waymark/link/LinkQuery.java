package dev.waymark.link;

import java.util.regex.Pattern;

/**
 * One page request of the link list, newest first: optional campaign and tag filters (combined
 * with AND), the cursor of the previous page ({@code null} for the first) and a page size.
 *
 * <p>With {@code link} set, the page lists the touchpoints of that link instead (no other filter
 * applies); without it, touchpoints are never listed.
 */
public record LinkQuery(String campaign, String tag, String cursor, int limit, String link) {

  public static final int MAX_LIMIT = 500;
  private static final Pattern CURSOR = Pattern.compile("\\d{13}-[A-Za-z0-9_-]{1,64}");

  /** A page of links (not touchpoints). */
  public LinkQuery(String campaign, String tag, String cursor, int limit) {
    this(campaign, tag, cursor, limit, null);
  }

  /** A page of the touchpoints of link {@code link}. */
  public static LinkQuery touchpointsOf(String link, String cursor, int limit) {
    return new LinkQuery(null, null, cursor, limit, link);
  }

  public LinkQuery {
    if (link != null && (campaign != null || tag != null)) {
      throw new IllegalArgumentException("touchpoints are listed per link, without campaign or tag filters");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
    }
    if (cursor != null && !CURSOR.matcher(cursor).matches()) {
      throw new IllegalArgumentException("cursor is not one this API returned");
    }
  }

  /**
   * The sort key of a link in every list index: creation time in zero-padded epoch millis, then
   * the code. Sorting these strings descending gives newest first with a stable tie-break, and the
   * key of the last link on a page is the next page's cursor.
   */
  public static String sortKey(Link link) {
    return String.format("%013d-%s", link.createdAt().toEpochMilli(), link.code());
  }
}
