package dev.waymark.stats;

import dev.waymark.journey.Stage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The stats of {@link StatsStore} as SQL over the raw {@code hits} table, one text for ClickHouse
 * 18.16+ and DuckDB alike (no CTEs, window functions, WITH FILL or query parameters), so both
 * stores answer the same hits identically:
 *
 * <ul>
 *   <li>hits are those with {@code ts} in {@code [from, to)} (whole seconds, as stored), each set
 *       filter as equality on its column ({@code link} on {@code link_code}, {@code qr} on
 *       {@code is_qr}), and the asked traffic ({@code ALL}: any);
 *   <li>scans have {@code is_qr = 1}, clicks are the rest; visitors are the distinct pairs of
 *       (UTC calendar month of {@code ts}, {@code visitor_month}), counted exactly;
 *   <li>a visitor is new with hits on one UTC day of the month within the range, returning with
 *       two or more (docs/analytics.md); bots and previews count those hits whatever the traffic
 *       filter;
 *   <li>a series has every bucket from the one holding {@code from} up to {@code to}, zeros
 *       included, filled in here rather than in SQL (18.16 has no WITH FILL);
 *   <li>a breakdown orders by hits, then key (bytewise), and sums the rest into {@code other},
 *       whose visitors are the distinct visitors of all the rest;
 *   <li>a funnel counts as {@link Funnel} defines, its rates computed here so both stores round alike;
 *   <li>conversions count with the hits they are attributed to, by the same conditions on the
 *       copies of the hits' columns in {@code conversions} ({@link ConversionStats}).
 * </ul>
 *
 * Every filter value reaches the SQL only through {@link SqlDialect#quote}. Subclasses say how to
 * run a SELECT; calls block the caller.
 */
public abstract class SqlStatsStore implements StatsStore {

  private static final String YEAR_MONTH = "ym";

  private final SqlDialect sql;
  private final ConversionStats conversions;

  protected SqlStatsStore(SqlDialect sql) {
    this.sql = sql;
    this.conversions = new ConversionStats(this, sql);
  }

  /** The hits table as this store's SQL names it. */
  protected abstract String hits();

  /** The conversions table as this store's SQL names it. */
  protected abstract String conversions();

  /** Runs one SELECT; each row's values as text, SQL NULL as {@code null}. */
  protected abstract List<List<String>> select(String query) throws Exception;

  /**
   * Runs one SELECT and hands its rows, as {@link #select} makes them, to {@code rows} while they
   * are read, never holding more than a bounded part of the answer, until they run out or
   * {@code rows} says stop (then the rest is not read).
   */
  protected abstract void selectEach(String query, ExportSink rows) throws Exception;

  @Override
  public Summary summary(StatsQuery q) throws Exception {
    String where = where(q, true);
    String any = where(q, false);
    if (where == null) {
      return new Summary(0, 0, 0, 0, 0, 0, 0, 0);
    }
    List<String> people = one(select("SELECT sum(h), sum(s), count(*),"
        + " sum(CASE WHEN d = 1 THEN 1 ELSE 0 END), sum(CASE WHEN d >= 2 THEN 1 ELSE 0 END)"
        + " FROM (" + perVisitor(null, "count(DISTINCT " + sql.intDiv(sql.epochSeconds(), 86_400) + ") AS d", where)
        + ") AS g"));
    List<String> others = one(select("SELECT"
        + " sum(CASE WHEN traffic = 'bot' THEN 1 ELSE 0 END),"
        + " sum(CASE WHEN traffic = 'preview' THEN 1 ELSE 0 END)"
        + " FROM " + hits() + " WHERE " + any));
    long hits = number(people.get(0));
    long scans = number(people.get(1));
    return new Summary(hits, scans, hits - scans, number(people.get(2)), number(people.get(3)),
        number(people.get(4)), number(others.get(0)), number(others.get(1)), conversions.total(where));
  }

  @Override
  public TimeSeries timeSeries(StatsQuery q, Interval interval) throws Exception {
    List<Buckets.Bucket> buckets = Buckets.of(q, interval);
    Map<Long, List<String>> found = new HashMap<>();
    String where = where(q, true);
    if (where != null) {
      for (List<String> row : select("SELECT k, sum(h), sum(s), count(*)"
          + " FROM (" + perVisitor(Buckets.keySql(sql, q, interval), null, where) + ") AS g GROUP BY k")) {
        found.put(number(row.get(0)), row);
      }
    }
    List<TimeSeries.Point> points = new ArrayList<>(buckets.size());
    for (Buckets.Bucket b : buckets) {
      List<String> row = found.remove(b.key());
      long hits = row == null ? 0 : number(row.get(1));
      long scans = row == null ? 0 : number(row.get(2));
      points.add(new TimeSeries.Point(b.start(), hits, scans, hits - scans, row == null ? 0 : number(row.get(3))));
    }
    if (!found.isEmpty()) {
      // A hit in range always falls into a listed bucket; anything else is a bug in the key SQL.
      throw new IllegalStateException("hits in buckets outside the series: " + found.keySet());
    }
    return new TimeSeries(interval, points);
  }

  @Override
  public Breakdown breakdown(StatsQuery q, Dimension by, int limit) throws Exception {
    if (limit < 1 || limit > 1_000) {
      throw new IllegalArgumentException("limit must be 1 to 1000, got " + limit);
    }
    String where = where(q, true);
    if (where == null) {
      return new Breakdown(by, List.of(), Counts.ZERO);
    }
    String key = sql.text(by.column());
    List<Breakdown.Row> rows = new ArrayList<>();
    for (List<String> row : select("SELECT k, sum(h) AS hh, sum(s), count(*)"
        + " FROM (" + perVisitor(key, null, where) + ") AS g"
        + " GROUP BY k ORDER BY hh DESC, k ASC LIMIT " + limit)) {
      long hits = number(row.get(1));
      long scans = number(row.get(2));
      rows.add(new Breakdown.Row(row.get(0) == null ? "" : row.get(0), hits, scans, hits - scans,
          number(row.get(3))));
    }
    if (rows.isEmpty()) {
      return new Breakdown(by, rows, Counts.ZERO);
    }
    StringJoiner shown = new StringJoiner(", ", "(", ")");
    for (Breakdown.Row r : rows) {
      String literal = sql.quote(r.key());
      if (literal == null) {
        throw new IllegalStateException("stored " + by.column() + " holds a control character");
      }
      shown.add(literal);
    }
    ConversionStats.Split revenue = conversions.byKey(key, shown.toString(), where);
    rows = ConversionStats.withRevenue(rows, revenue.shown());
    if (rows.size() < limit) {
      return new Breakdown(by, rows, Counts.ZERO);
    }
    List<String> rest = one(select("SELECT sum(h), sum(s), count(*)"
        + " FROM (" + perVisitor(null, null, where + " AND " + key + " NOT IN " + shown) + ") AS g"));
    long hits = number(rest.get(0));
    long scans = number(rest.get(1));
    Counts other = hits == 0 ? Counts.ZERO
        : new Counts(hits, scans, hits - scans, number(rest.get(2)), revenue.other());
    return new Breakdown(by, rows, other);
  }

  /**
   * One pure-SQL text for both stores: the followed visitors come from a join of each stage's hits
   * (keyed by the previous stage) with every visitor's first hit per stage. {@code INNER JOIN ...
   * USING} is the form 18.16, current ClickHouse and DuckDB all accept; the right side has one row
   * per key, so ClickHouse's join strictness cannot change the answer. The stores hold the join
   * (one row per visitor and stage), never Java: only five counts per query come back.
   */
  @Override
  public Funnel funnel(StatsQuery q, Duration window) throws Exception {
    Funnel.checkWindow(window);
    if (q.stage() != null) {
      throw new IllegalArgumentException("a funnel counts every stage; the query must not filter by stage");
    }
    List<Stage> journey = Stage.JOURNEY;
    long[] visitors = new long[journey.size()];
    long[] followed = new long[journey.size()];
    String where = where(q, true);
    if (where != null) {
      String step = journeyStep(0);
      for (List<String> row : select("SELECT p, count(*) FROM (SELECT " + visitorKey() + ", " + step + " AS p"
          + " FROM " + hits() + " WHERE " + where + " AND " + stagesIn(journey)
          + " GROUP BY " + YEAR_MONTH + ", visitor_month, p) AS g GROUP BY p")) {
        visitors[(int) number(row.get(0))] = number(row.get(1));
      }
      String t = sql.epochSeconds();
      for (List<String> row : select("SELECT p, count(*) FROM (SELECT " + YEAR_MONTH + ", visitor_month, p"
          + " FROM (SELECT " + visitorKey() + ", " + journeyStep(1) + " AS p, " + t + " AS t FROM " + hits()
          + " WHERE " + where + " AND " + stagesIn(journey.subList(1, journey.size())) + ") AS h"
          + " INNER JOIN (SELECT " + visitorKey() + ", " + step + " AS p, min(" + t + ") AS f FROM " + hits()
          + " WHERE " + where + " AND " + stagesIn(journey.subList(0, journey.size() - 1))
          + " GROUP BY " + YEAR_MONTH + ", visitor_month, p) AS a USING (" + YEAR_MONTH + ", visitor_month, p)"
          + " WHERE t >= f AND t <= f + " + window.toSeconds()
          + " GROUP BY " + YEAR_MONTH + ", visitor_month, p) AS g GROUP BY p")) {
        followed[(int) number(row.get(0)) + 1] = number(row.get(1));
      }
    }
    List<Funnel.Step> steps = new ArrayList<>(journey.size());
    for (int i = 0; i < journey.size(); i++) {
      steps.add(i == 0
          ? new Funnel.Step(journey.get(0), visitors[0], visitors[0], null)
          : new Funnel.Step(journey.get(i), visitors[i], followed[i], rate(followed[i], visitors[i - 1])));
    }
    return new Funnel(window, steps,
        conversions.converted(visitorKey(), where == null ? null : where + " AND " + stagesIn(journey)));
  }

  /**
   * A hit's position in {@link Stage#JOURNEY} minus {@code back}, -1 outside it; compared as text, since
   * ClickHouse's stage is an Enum8. The shift is in the constants, not an arithmetic on the CASE: 18.16
   * joins only keys of one type, and {@code CASE ... - 1} is a wider integer than the plain CASE.
   */
  private static String journeyStep(int back) {
    StringBuilder step = new StringBuilder("CASE");
    for (int i = back; i < Stage.JOURNEY.size(); i++) {
      step.append(" WHEN stage = '").append(Stage.JOURNEY.get(i).wireName()).append("' THEN ").append(i - back);
    }
    return step.append(" ELSE -1 END").toString();
  }

  private static String stagesIn(List<Stage> stages) {
    StringJoiner in = new StringJoiner(", ", "stage IN (", ")");
    stages.forEach(s -> in.add("'" + s.wireName() + "'"));
    return in.toString();
  }

  /** {@code part / whole} rounded half up to 4 decimals; 0 when {@code whole} is 0. */
  static double rate(long part, long whole) {
    return whole == 0 ? 0.0
        : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP).doubleValue();
  }

  /**
   * Times are read as epoch seconds and written here, so both stores give the same text; the
   * order is {@code ts}, then {@code hit_id} as text, which both stores sort alike.
   */
  @Override
  public long export(StatsQuery q, ExportSink rows) throws Exception {
    String where = where(q, true);
    if (where == null) {
      return 0;
    }
    StringJoiner columns = new StringJoiner(", ");
    for (ExportColumn c : ExportColumn.ALL) {
      columns.add(switch (c.type()) {
        case TIME -> sql.epochSeconds(c.name());
        case UUID -> sql.uuidText(c.name());
        case TEXT, NUMBER -> c.name();
      });
    }
    long[] handed = {0};
    int width = ExportColumn.ALL.size();
    selectEach("SELECT " + columns + " FROM " + hits() + " WHERE " + where
        + " ORDER BY ts, " + sql.uuidText("hit_id"), raw -> {
          if (raw.size() != width) {
            // ClickHouse reports an error met mid-answer as a line of text in the body.
            throw new IllegalStateException("export row with " + raw.size() + " values, not " + width
                + ": " + clip(String.join(" | ", raw)));
          }
          List<String> values = new ArrayList<>(raw);
          for (int i = 0; i < width; i++) {
            if (ExportColumn.ALL.get(i).type() == ExportColumn.Type.TIME) {
              values.set(i, Instant.ofEpochSecond(Long.parseLong(values.get(i))).toString());
            }
          }
          handed[0]++;
          return rows.accept(values);
        });
    return handed[0];
  }

  private static String clip(String text) {
    return text.length() > 300 ? text.substring(0, 300) + "..." : text;
  }

  /**
   * One row per visitor among the hits matching {@code where} (and per {@code key}, as {@code k},
   * when given): its hits {@code h} and scans {@code s}, plus {@code extra} when given. The inner
   * half of every count, since a visitor counts once per (UTC month, {@code visitor_month}).
   */
  private String perVisitor(String key, String extra, String where) {
    return "SELECT " + (key == null ? "" : key + " AS k, ") + visitorKey() + ", count(*) AS h, sum(is_qr) AS s"
        + (extra == null ? "" : ", " + extra)
        + " FROM " + hits() + " WHERE " + where
        + " GROUP BY " + (key == null ? "" : "k, ") + YEAR_MONTH + ", visitor_month";
  }

  /** The select-list half of a visitor: the UTC month of the hit, then {@code visitor_month}. */
  private String visitorKey() {
    return sql.yearMonth(sql.epochSeconds()) + " AS " + YEAR_MONTH + ", visitor_month";
  }

  /**
   * The WHERE condition of a question, with or without its traffic filter; {@code null} when a
   * filter value can match no stored hit (it holds a control character).
   */
  String where(StatsQuery q, boolean withTraffic) {
    List<String> conditions = new ArrayList<>();
    conditions.add("ts >= " + sql.timeLiteral(ceilSeconds(q.from())));
    conditions.add("ts < " + sql.timeLiteral(ceilSeconds(q.to())));
    String[][] equal = {
        {"campaign", q.campaign()}, {"link_code", q.link()}, {"touchpoint_code", q.touchpoint()},
        {"channel", q.channel()}, {"stage", q.stage() == null ? null : q.stage().wireName()},
        {"source", q.source()}};
    for (String[] e : equal) {
      if (e[1] != null) {
        String literal = sql.quote(e[1]);
        if (literal == null) {
          return null;
        }
        conditions.add(e[0] + " = " + literal);
      }
    }
    if (q.qr() != null) {
      conditions.add("is_qr = " + (q.qr() ? 1 : 0));
    }
    if (withTraffic && q.traffic() != StatsQuery.TrafficFilter.ALL) {
      conditions.add("traffic = " + sql.quote(q.traffic().name().toLowerCase(java.util.Locale.ROOT)));
    }
    return String.join(" AND ", conditions);
  }

  /** {@code ts} holds whole seconds, so {@code ts >= t} is {@code ts >= ceil(t)}, and so for {@code <}. */
  private static long ceilSeconds(Instant t) {
    return t.getEpochSecond() + (t.getNano() > 0 ? 1 : 0);
  }

  private static List<String> one(List<List<String>> rows) {
    if (rows.size() != 1) {
      throw new IllegalStateException("expected one row, got " + rows.size());
    }
    return rows.get(0);
  }

  /** A count; an aggregate over no rows is NULL in DuckDB and 0 in ClickHouse. */
  static long number(String text) {
    return text == null ? 0 : Long.parseLong(text);
  }
}
