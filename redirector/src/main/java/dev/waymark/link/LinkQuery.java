package dev.waymark.link;

import java.util.regex.Pattern;

/**
 * One page request of the link list, newest first: optional campaign and tag filters (combined
 * with AND), the cursor of the previous page ({@code null} for the first) and a page size.
 */
public record LinkQuery(String campaign, String tag, String cursor, int limit) {

  public static final int MAX_LIMIT = 500;
  private static final Pattern CURSOR = Pattern.compile("\\d{13}-[A-Za-z0-9_-]{1,64}");

  public LinkQuery {
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
