package dev.waymark.stats;

import java.time.LocalDate;

/**
 * Rows that count hits over a part of a question's range: those of {@code hits}, one a hit, or
 * those of a {@link DailyCounts} rollup, whose {@code hits} column says how many each stands for.
 * The select list of a count is written once against this and means the same on either.
 *
 * @param table the table read
 * @param time the condition that keeps the part of the range this source counts
 * @param rollup whether a row stands for its {@code hits} hits rather than one
 */
record CountSource(String table, String time, boolean rollup) {

  static CountSource raw(SqlDialect sql, String hits, long from, long to) {
    return new CountSource(hits, span(sql, from, to), false);
  }

  static CountSource rollup(SqlDialect sql, String table, long firstDay, long endDay) {
    return new CountSource(table, "day >= " + sql.dateLiteral(LocalDate.ofEpochDay(firstDay))
        + " AND day < " + sql.dateLiteral(LocalDate.ofEpochDay(endDay)), true);
  }

  /** The hits with {@code ts} in {@code [from, to)} (epoch seconds). */
  static String span(SqlDialect sql, long from, long to) {
    return "ts >= " + sql.timeLiteral(from) + " AND ts < " + sql.timeLiteral(to);
  }

  /** The hits meeting {@code condition}, every one when it is {@code null}. */
  String hits(SqlDialect sql, String condition) {
    if (rollup) {
      return condition == null ? "sum(hits)" : sql.sumIf("hits", condition);
    }
    return condition == null ? "count(*)" : sql.countIf(condition);
  }

  /** The scans among the hits meeting {@code condition}, among all when it is {@code null}. */
  String scans(SqlDialect sql, String condition) {
    if (rollup) {
      return sql.sumIf("hits", condition == null ? "is_qr = 1" : "is_qr = 1 AND " + condition);
    }
    return condition == null ? "sum(is_qr)" : sql.sumIf("is_qr", condition);
  }

  /** A hit's time as epoch seconds; on the rollup the start of its UTC day. */
  String epochSeconds(SqlDialect sql) {
    return rollup ? sql.dayEpochSeconds("day") : sql.epochSeconds();
  }
}
