package dev.waymark.stats;

import java.util.Set;

/**
 * The few places where the SQL of stats differs between ClickHouse (18.16 and current) and DuckDB;
 * {@link #quote} turns any text into a literal that cannot end early, or says that no stored value
 * can equal it.
 */
public enum SqlDialect {

  /** Backslash escapes in literals; {@code ts} is {@code DateTime('UTC')}; enums are Enum8. */
  CLICKHOUSE,
  /** Standard literals (quote doubled, backslash plain); {@code ts} a UTC TIMESTAMP; enums VARCHAR. */
  DUCKDB;

  /** The columns of {@code hits} that ClickHouse stores as Enum8 (HitsSchema). */
  private static final Set<String> ENUM8_COLUMNS = Set.of("stage", "device", "traffic");

  /**
   * {@code value} as a string literal, or {@code null} when it holds a control character: hits
   * never store one ({@code HitRow} cleans them out), so such a filter matches nothing, and
   * leaving it out of the SQL keeps NULs and line breaks away from both parsers.
   */
  public String quote(String value) {
    StringBuilder sql = new StringBuilder(value.length() + 2).append('\'');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c)) {
        return null;
      }
      if (c == '\'') {
        sql.append(this == CLICKHOUSE ? "\\'" : "''");
      } else if (c == '\\' && this == CLICKHOUSE) {
        sql.append("\\\\");
      } else {
        sql.append(c);
      }
    }
    return sql.append('\'').toString();
  }

  /** {@code ts} as whole seconds since the epoch (a signed 64-bit integer). */
  String epochSeconds() {
    return this == CLICKHOUSE ? "toInt64(ts)" : "CAST(epoch(ts) AS BIGINT)";
  }

  /** Integer division; both dialects truncate, which is floor for the positive times used here. */
  String intDiv(String dividend, long divisor) {
    return this == CLICKHOUSE
        ? "intDiv(" + dividend + ", " + divisor + ")"
        : "((" + dividend + ") // " + divisor + ")";
  }

  /** The calendar month, as {@code yyyymm}, of an epoch-seconds expression read as UTC. */
  String yearMonth(String epochSeconds) {
    return this == CLICKHOUSE
        ? "toYYYYMM(toDateTime(" + epochSeconds + ", 'UTC'))"
        : "(year(make_timestamp((" + epochSeconds + ") * 1000000)) * 100"
            + " + month(make_timestamp((" + epochSeconds + ") * 1000000)))";
  }

  /**
   * The distinct values of {@code column} among the rows, only those meeting {@code condition} when
   * it is not {@code null}; exact in both stores.
   */
  String distinct(String column, String condition) {
    if (this == CLICKHOUSE) {
      return condition == null ? "uniqExact(" + column + ")" : "uniqExactIf(" + column + ", " + condition + ")";
    }
    return "count(DISTINCT " + column + ")" + (condition == null ? "" : " FILTER (WHERE " + condition + ")");
  }

  /**
   * The rows meeting {@code condition}: ClickHouse's {@code countIf}, several times cheaper on 18.16
   * than a {@code sum(CASE ...)}, which it runs as a general {@code multiIf}.
   */
  String countIf(String condition) {
    return this == CLICKHOUSE ? "countIf(" + condition + ")" : "count(*) FILTER (WHERE " + condition + ")";
  }

  /** The sum of {@code expression} over the rows meeting {@code condition}; 0 over none. */
  String sumIf(String expression, String condition) {
    return this == CLICKHOUSE ? "sumIf(" + expression + ", " + condition + ")"
        : "coalesce(sum(" + expression + ") FILTER (WHERE " + condition + "), 0)";
  }

  /**
   * The distinct values of {@code column}, as cheaply as the store can: ClickHouse's {@code uniq}
   * (exact up to {@link SqlStatsStore#EXACT_VISITORS} values but for 32-bit hash collisions, then
   * an estimate within about 1%), DuckDB's exact count.
   */
  String approxDistinct(String column) {
    return this == CLICKHOUSE ? "uniq(" + column + ")" : "count(DISTINCT " + column + ")";
  }

  /**
   * The WHERE clause of rows matching {@code where} and {@code sample} (when not {@code null}).
   * ClickHouse checks the sample, a cheap test of one column that drops most rows, as PREWHERE:
   * it reads and tests the other columns only for the rows left (half the time of a plain WHERE).
   */
  String filter(String where, String sample) {
    if (sample == null) {
      return "WHERE " + where;
    }
    return this == CLICKHOUSE ? "PREWHERE " + sample + " WHERE " + where : "WHERE " + where + " AND " + sample;
  }

  /**
   * A column as text: ClickHouse orders an Enum8 by its number, DuckDB holds the name already.
   * Only the Enum8 columns of {@code hits} are converted: converting a String copies every value,
   * a quarter of the CPU of a breakdown by touchpoint over 10M hits.
   */
  String text(String column) {
    return this == CLICKHOUSE && ENUM8_COLUMNS.contains(column) ? "toString(" + column + ")" : column;
  }

  /** A moment (whole epoch seconds) comparable with {@code ts}. */
  String timeLiteral(long epochSeconds) {
    return this == CLICKHOUSE
        ? "toDateTime(" + epochSeconds + ", 'UTC')"
        : "make_timestamp(" + epochSeconds * 1_000_000L + ")";
  }

  /** A calendar date comparable with a {@code Date}/{@code DATE} column. */
  String dateLiteral(java.time.LocalDate day) {
    return this == CLICKHOUSE ? "toDate('" + day + "')" : "DATE '" + day + "'";
  }

  /** The start of a {@code Date}/{@code DATE} column's day in UTC, as epoch seconds. */
  String dayEpochSeconds(String column) {
    return this == CLICKHOUSE ? "(toInt64(toUInt16(" + column + ")) * 86400)" : "CAST(epoch(" + column + ") AS BIGINT)";
  }

  /** A {@code DateTime}/{@code TIMESTAMP} column as whole seconds since the epoch. */
  String epochSeconds(String column) {
    return this == CLICKHOUSE ? "toInt64(" + column + ")" : "CAST(epoch(" + column + ") AS BIGINT)";
  }

  /**
   * A UUID column as its lower-case text, which orders the same in both stores (their UUID types
   * order by different byte layouts).
   */
  String uuidText(String column) {
    return this == CLICKHOUSE ? "toString(" + column + ")" : "CAST(" + column + " AS VARCHAR)";
  }
}
