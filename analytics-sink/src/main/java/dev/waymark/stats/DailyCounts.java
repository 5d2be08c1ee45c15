package dev.waymark.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A store's rollup of hits per UTC day and per value of every filter column ({@code hits_counts}
 * in ClickHouse), and the first day it holds every hit of. A question's hits are counted from it
 * for the whole covered days of the range and from {@code hits} for the rest ({@link #sources}):
 * the rollup only adds hits up, so the sum is the count over {@code hits} itself, read from a
 * few rows per touchpoint and day instead of one per hit.
 *
 * @param table the rollup as the store's SQL names it: columns {@code day} (a date), the
 *     {@link #COLUMNS} of {@code hits}, and {@code hits}
 * @param sinceEpochDay the first UTC day (days since the epoch) the rollup holds all hits of
 */
public record DailyCounts(String table, long sinceEpochDay) {

  /** The columns of {@code hits} the rollup keeps: those of every filter and of a few breakdowns. */
  static final Set<String> COLUMNS = Set.of(
      "campaign", "link_code", "touchpoint_code", "channel", "stage", "source", "is_qr", "traffic");

  private static final long DAY = 86_400;

  /**
   * Where the hits with {@code ts} in {@code [from, to)} (epoch seconds) are counted: the rollup
   * for the covered whole days, {@code hits} for the rest (the part-days at either end, and the days
   * before {@link #sinceEpochDay}); only {@code hits} when no whole covered day is in the range.
   */
  List<CountSource> sources(SqlDialect sql, String hits, long from, long to) {
    long first = Math.max(Math.floorDiv(from + DAY - 1, DAY), sinceEpochDay);
    long end = Math.floorDiv(to, DAY);
    if (first >= end) {
      return List.of(CountSource.raw(sql, hits, from, to));
    }
    List<CountSource> sources = new ArrayList<>(2);
    sources.add(CountSource.rollup(sql, table, first, end));
    List<String> edges = new ArrayList<>(2);
    if (from < first * DAY) {
      edges.add(CountSource.span(sql, from, first * DAY));
    }
    if (end * DAY < to) {
      edges.add(CountSource.span(sql, end * DAY, to));
    }
    if (!edges.isEmpty()) {
      sources.add(new CountSource(hits, edges.size() == 1 ? edges.get(0) : "(" + String.join(" OR ", edges) + ")", false));
    }
    return sources;
  }
}
