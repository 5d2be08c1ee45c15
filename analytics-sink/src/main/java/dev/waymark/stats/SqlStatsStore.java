package dev.waymark.stats;

import dev.waymark.journey.Stage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * The stats of {@link StatsStore} as SQL over the raw {@code hits} table, one text for ClickHouse
 * 18.16+ and DuckDB alike (no CTEs, window functions, WITH FILL or query parameters), so both
 * stores answer the same hits identically:
 *
 * <ul>
 *   <li>hits are those with {@code ts} in {@code [from, to)} (whole seconds, as stored), each set
 *       filter as equality on its column ({@code link} on {@code link_code}, {@code qr} on
 *       {@code is_qr}), and the asked traffic ({@code ALL}: any);
 *   <li>scans have {@code is_qr = 1}, clicks are the rest; visitors are the distinct values of
 *       {@code visitor_month}. The sink keys that hash with a salt of the hit's UTC calendar month,
 *       so one value is one (month, device) pair: a person counts once per month the range touches,
 *       without the month in the grouping key (two months sharing a value is a 64-bit collision);
 *   <li>a visitor is new with hits on one UTC day of the month within the range, returning with
 *       two or more, that is when its first day is before its last (docs/analytics.md); bots and
 *       previews count those hits whatever the traffic filter;
 *   <li>a series has every bucket from the one holding {@code from} up to {@code to}, zeros
 *       included, filled in here rather than in SQL (18.16 has no WITH FILL);
 *   <li>a breakdown orders by hits, then key (bytewise), and sums the rest into {@code other},
 *       whose visitors are the distinct visitors of all the rest;
 *   <li>a funnel counts as {@link Funnel} defines, its rates computed here so both stores round alike;
 *   <li>conversions count with the hits they are attributed to, by the same conditions on the
 *       copies of the hits' columns in {@code conversions} ({@link ConversionStats});
 *   <li>a count of hits and scans alone may read a store's {@link DailyCounts} rollup for the whole
 *       days it covers, and {@code hits} for the rest, which adds up to the same number.
 * </ul>
 *
 * <p><b>Exact up to a size, then estimated.</b> A store made with a limit {@code exactVisitors}
 * (ClickHouse: {@link #EXACT_VISITORS}) first estimates a question's visitors with its cheap
 * distinct count ({@link SqlDialect#approxDistinct}). Up to the limit every figure is exact, as on
 * a store without a limit (DuckDB). Above it, per-visitor figures come from a deterministic sample:
 * the visitors with {@code visitor_month % K = 0}, {@code K} the smallest power of two that leaves at
 * most {@code exactVisitors} of them (the hash is uniform, so that is a fair 1-in-K draw of people,
 * the same people in every question). Then:
 *
 * <ul>
 *   <li>summary: hits and scans are exact, visitors the estimate, returning visitors the sample's
 *       returning share of them (new = visitors - returning);
 *   <li>series and breakdown: hits and scans are exact, visitors of a bucket or row are {@code K}
 *       times its sampled visitors, never more than its hits;
 *   <li>funnel: visitors of a stage are the estimate, {@code fromPrevious} the sample's share of
 *       the previous stage's visitors that followed, applied to that stage's visitors.
 * </ul>
 *
 * Every filter value reaches the SQL only through {@link SqlDialect#quote}. Subclasses say how to
 * run a SELECT; calls block the caller.
 */
public abstract class SqlStatsStore implements StatsStore {

  /**
   * The sampling limit of ClickHouse: its {@code uniq} keeps every distinct value (as a 32-bit hash)
   * up to 65,536 per state and only then starts dropping a half of the hash space at a time
   * ({@code UNIQUES_HASH_MAX_SIZE} in ClickHouse's {@code UniquesHashSet.h}), so up to here its
   * estimate decides whether to sample without being a guess itself.
   */
  public static final long EXACT_VISITORS = 65_536;

  /**
   * The 1-in-K draw a store may keep apart in {@link #sample()}: the hits of the visitors with
   * {@code visitor_month % 16 = 0}. A question sampled at {@code K >= 16} reads only that table,
   * a sixteenth of the rows.
   */
  public static final int SAMPLE_TABLE_K = 16;

  private final SqlDialect sql;
  private final ConversionStats conversions;
  private final long exactVisitors;

  /** A store that counts every visitor exactly, whatever the size. */
  protected SqlStatsStore(SqlDialect sql) {
    this(sql, Long.MAX_VALUE);
  }

  /** A store that samples visitors of questions with more than {@code exactVisitors} of them. */
  protected SqlStatsStore(SqlDialect sql, long exactVisitors) {
    if (exactVisitors < 1) {
      throw new IllegalArgumentException("exactVisitors must be positive, got " + exactVisitors);
    }
    this.sql = sql;
    this.conversions = new ConversionStats(this, sql);
    this.exactVisitors = exactVisitors;
  }

  /**
   * The table of the hits of the visitors with {@code visitor_month % }{@link #SAMPLE_TABLE_K}
   * {@code = 0}, with the columns of {@link #hits()}; {@code hits()} itself on a store that keeps
   * none (it never reads it then: only questions sampled at {@code K >= 16} do).
   */
  protected String sample() {
    return hits();
  }

  /** The hits table as this store's SQL names it. */
  protected abstract String hits();

  /**
   * The rollup of hits per day this store keeps and keeps current, read for the hits and scans of
   * questions over whole days ({@link DailyCounts}); {@code null} when it keeps none (then every
   * count reads {@link #hits()}).
   */
  protected DailyCounts dailyCounts() throws Exception {
    return null;
  }

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
    if (where == null) {
      return new Summary(0, 0, 0, 0, 0, 0, 0, 0);
    }
    // Hits, scans, bots and previews in one pass over the range's hits (or their daily counts).
    String asked = q.traffic() == StatsQuery.TrafficFilter.ALL ? null : trafficCondition(q);
    List<String> totals = one(select(counted(countSources(q, true), filters(q, false), null,
        s -> List.of(s.hits(sql, asked), s.scans(sql, asked), s.hits(sql, "traffic = 'bot'"),
            s.hits(sql, "traffic = 'preview'")))));
    long hits = number(totals.get(0));
    long scans = number(totals.get(1));
    long estimated = samples() ? visitorEstimate(where) : 0;
    long k = sampleFactor(estimated);
    String day = sql.intDiv(sql.epochSeconds(), 86_400);
    List<String> people = one(select("SELECT count(*), sum(r) FROM (SELECT visitor_month,"
        + " CASE WHEN min(" + day + ") < max(" + day + ") THEN 1 ELSE 0 END AS r"
        + from(where, k) + " GROUP BY visitor_month) AS g"));
    long visitors = k == 1 ? number(people.get(0)) : estimated;
    long returning = k == 1 ? number(people.get(1)) : scale(number(people.get(1)), visitors, number(people.get(0)));
    return new Summary(hits, scans, hits - scans, visitors, visitors - returning, returning,
        number(totals.get(2)), number(totals.get(3)), conversions.total(where));
  }

  @Override
  public TimeSeries timeSeries(StatsQuery q, Interval interval) throws Exception {
    List<Buckets.Bucket> buckets = Buckets.of(q, interval);
    Map<Long, List<String>> found = new HashMap<>();
    String where = where(q, true);
    long k = 1;
    if (where != null) {
      // Only K is wanted here: the buckets count their own hits.
      k = samples() ? sampleFactor(visitorEstimate(where)) : 1;
      boolean apart = visitorsApart(k);
      long drawnOf = k;
      for (List<String> row : select(counted(countSources(q, apart && Buckets.holdsWholeUtcDays(q, interval)),
          filters(q, true), s -> Buckets.keySql(sql, q, interval, s.epochSeconds(sql)),
          s -> counts(s, drawnOf, apart)))) {
        found.put(number(row.get(0)), new ArrayList<>(row));
      }
      if (apart) {
        visitorsOf(Buckets.keySql(sql, q, interval, sql.epochSeconds()), where, k).forEach((b, drawn) -> {
          List<String> row = found.get(number(b));
          if (row != null) {
            row.set(3, drawn);
          }
        });
      }
    }
    List<TimeSeries.Point> points = new ArrayList<>(buckets.size());
    for (Buckets.Bucket b : buckets) {
      List<String> row = found.remove(b.key());
      long hits = row == null ? 0 : number(row.get(1));
      long scans = row == null ? 0 : number(row.get(2));
      points.add(new TimeSeries.Point(b.start(), hits, scans, hits - scans, row == null ? 0 : visitors(row.get(3), k, hits)));
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
    List<String> estimate = estimate(q, where);
    long k = sampleFactor(estimate);
    String key = sql.text(by.column());
    List<Breakdown.Row> rows = new ArrayList<>();
    boolean apart = visitorsApart(k);
    List<List<String>> top = select(counted(countSources(q, apart && DailyCounts.COLUMNS.contains(by.column())),
        filters(q, true), s -> key, s -> counts(s, k, apart)) + " ORDER BY n1 DESC, k ASC LIMIT " + limit);
    if (top.isEmpty()) {
      return new Breakdown(by, rows, Counts.ZERO);
    }
    StringJoiner shown = new StringJoiner(", ", "(", ")");
    for (List<String> row : top) {
      String literal = sql.quote(row.get(0) == null ? "" : row.get(0));
      if (literal == null) {
        throw new IllegalStateException("stored " + by.column() + " holds a control character");
      }
      shown.add(literal);
    }
    Map<String, String> sampled = apart ? visitorsOf(key, where + " AND " + key + " IN " + shown, k) : Map.of();
    for (List<String> row : top) {
      String value = row.get(0) == null ? "" : row.get(0);
      long hits = number(row.get(1));
      long scans = number(row.get(2));
      rows.add(new Breakdown.Row(value, hits, scans, hits - scans,
          visitors(apart ? sampled.getOrDefault(value, "0") : row.get(3), k, hits)));
    }
    ConversionStats.Split revenue = conversions.byKey(key, shown.toString(), where);
    rows = ConversionStats.withRevenue(rows, revenue.shown());
    if (rows.size() < limit) {
      return new Breakdown(by, rows, Counts.ZERO);
    }
    String rest = where + " AND " + key + " NOT IN " + shown;
    long hits;
    long scans;
    String drawn;
    if (k == 1) {
      List<String> counted = one(select("SELECT count(*), sum(is_qr), " + sql.distinct("visitor_month", null)
          + from(rest, 1)));
      hits = number(counted.get(0));
      scans = number(counted.get(1));
      drawn = counted.get(2);
    } else {
      // The estimate counted every hit: the rest is what the rows leave, and only the sample is read.
      hits = number(estimate.get(0)) - rows.stream().mapToLong(Breakdown.Row::hits).sum();
      scans = number(estimate.get(1)) - rows.stream().mapToLong(Breakdown.Row::scans).sum();
      drawn = one(select("SELECT " + sql.distinct("visitor_month", null) + from(rest, k))).get(0);
    }
    Counts other = hits == 0 ? Counts.ZERO
        : new Counts(hits, scans, hits - scans, visitors(drawn, k, hits), revenue.other());
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
    boolean anyConversion = conversions.any();
    long entrants = 0;
    long converted = 0;
    long k = 1;
    String where = where(q, true);
    if (where != null) {
      String step = journeyStep(0);
      String inJourney = where + " AND " + stagesIn(journey);
      if (samples()) {
        Map<String, Long> fromSample = sampleTableEstimates(step, inJourney);
        if (fromSample.isEmpty()) {
          for (List<String> row : select("SELECT " + step + " AS p, " + sql.approxDistinct("visitor_month")
              + from(inJourney, 1) + " GROUP BY p")) {
            visitors[(int) number(row.get(0))] = number(row.get(1));
          }
        } else {
          for (Map.Entry<String, Long> e : fromSample.entrySet()) {
            visitors[(int) number(e.getKey())] = e.getValue();
          }
        }
        k = sampleFactor(Arrays.stream(visitors).max().orElse(0));
      }
      // Below the limit the exact count; above it, the sample that the join below follows. Grouped by
      // visitor first, not count(DISTINCT) per stage: DuckDB answers that form faster.
      long[] drawn = new long[journey.size()];
      for (List<String> row : select("SELECT p, count(*) FROM (SELECT visitor_month, " + step + " AS p"
          + from(inJourney, k) + " GROUP BY visitor_month, p) AS g GROUP BY p")) {
        drawn[(int) number(row.get(0))] = number(row.get(1));
      }
      if (k == 1) {
        visitors = drawn;
      }
      String t = sql.epochSeconds();
      for (List<String> row : select("SELECT p, count(*) FROM (SELECT visitor_month, p"
          + " FROM (SELECT visitor_month, " + journeyStep(1) + " AS p, " + t + " AS t"
          + from(where + " AND " + stagesIn(journey.subList(1, journey.size())), k) + ") AS h"
          + " INNER JOIN (SELECT visitor_month, " + step + " AS p, min(" + t + ") AS f"
          + from(where + " AND " + stagesIn(journey.subList(0, journey.size() - 1)), k)
          + " GROUP BY visitor_month, p) AS a USING (visitor_month, p)"
          + " WHERE t >= f AND t <= f + " + window.toSeconds()
          + " GROUP BY visitor_month, p) AS g GROUP BY p")) {
        int i = (int) number(row.get(0)) + 1;
        long f = number(row.get(1));
        followed[i] = k == 1 ? f : scale(f, visitors[i - 1], drawn[i - 1]);
      }
      if (anyConversion) {
        // The funnel's own sample: converted over entrants is then a ratio of the same visitors.
        entrants = number(one(select("SELECT " + sql.distinct("visitor_month", null) + from(inJourney, k))).get(0));
        converted = conversions.visitors(sql.filter(inJourney, sampleCondition(k)));
      }
    }
    List<Funnel.Step> steps = new ArrayList<>(journey.size());
    for (int i = 0; i < journey.size(); i++) {
      steps.add(i == 0
          ? new Funnel.Step(journey.get(0), visitors[0], visitors[0], null)
          : new Funnel.Step(journey.get(i), visitors[i], followed[i], rate(followed[i], visitors[i - 1])));
    }
    return new Funnel(window, steps, anyConversion
        ? new Funnel.Converted(converted * k, rate(converted, entrants)) : null);
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

  /** Whether this store samples visitors above a size (see the class doc). */
  private boolean samples() {
    return exactVisitors != Long.MAX_VALUE;
  }

  /**
   * The hits, scans and estimated visitors of the hits matching {@code where}: one pass over every
   * hit for a smaller question, two for one the sample table estimates (its visitors there, the
   * hits and scans on every hit); {@code null} on a store that never samples, which needs no estimate.
   */
  private List<String> estimate(StatsQuery q, String where) throws Exception {
    if (!samples()) {
      return null;
    }
    long fromSample = sampleTableEstimates("", where).getOrDefault("", 0L);
    if (fromSample == 0) {
      return one(select("SELECT count(*), sum(is_qr), " + sql.approxDistinct("visitor_month") + from(where, 1)));
    }
    List<String> counted = one(select(counted(countSources(q, true), filters(q, true), null,
        s -> List.of(s.hits(sql, null), s.scans(sql, null)))));
    return List.of(counted.get(0), counted.get(1), Long.toString(fromSample));
  }

  /**
   * The estimated visitors of the hits matching {@code where}: the sample table's when it has one
   * ({@link #sampleTableEstimates}), else the store's cheap distinct count of every hit.
   */
  private long visitorEstimate(String where) throws Exception {
    long fromSample = sampleTableEstimates("", where).getOrDefault("", 0L);
    return fromSample > 0 ? fromSample
        : number(one(select("SELECT " + sql.approxDistinct("visitor_month") + from(where, 1))).get(0));
  }

  /**
   * Per value of {@code key} (an expression; {@code ""} for one group), the visitors of the hits
   * matching {@code where} estimated from the sample table (its count × 16), when the largest
   * count there already exceeds the limit (then the question is sampled at {@code K >= 16}
   * whatever the full count says); an empty map otherwise, or on a store without a sample table.
   */
  private Map<String, Long> sampleTableEstimates(String key, String where) throws Exception {
    Map<String, Long> estimates = new HashMap<>();
    if (!hasSampleTable()) {
      return estimates;
    }
    long most = 0;
    for (List<String> row : select("SELECT " + (key.isEmpty() ? "''" : key) + " AS k, "
        + sql.approxDistinct("visitor_month") + " FROM " + sample() + " WHERE " + where + " GROUP BY k")) {
      long drawn = number(row.get(1));
      estimates.put(row.get(0) == null ? "" : row.get(0), drawn * SAMPLE_TABLE_K);
      most = Math.max(most, drawn);
    }
    return most > exactVisitors ? estimates : new HashMap<>();
  }

  private boolean hasSampleTable() {
    return !sample().equals(hits());
  }

  /** 1 (every visitor) without an estimate, else the sample's {@code K} for the estimated visitors. */
  private long sampleFactor(List<String> estimate) {
    return estimate == null ? 1 : sampleFactor(number(estimate.get(2)));
  }

  /** The smallest power of two {@code K} that leaves at most {@code exactVisitors} of {@code visitors}. */
  private long sampleFactor(long visitors) {
    long k = 1;
    while (visitors / k > exactVisitors) {
      k <<= 1;
    }
    return k;
  }

  /** The visitors of the sample {@code k} as a condition; {@code null} for all of them. */
  private static String sampleCondition(long k) {
    return k == 1 ? null : "visitor_month % " + k + " = 0";
  }

  /** {@code FROM} the hits matching {@code where} of the sample {@code k}'s visitors. */
  private String from(String where, long k) {
    return " FROM " + (k >= SAMPLE_TABLE_K ? sample() : hits()) + " " + sql.filter(where, sampleCondition(k));
  }

  /**
   * The counts of a slice from {@code source}: hits, scans, and its distinct visitors of the sample
   * {@code k}, or a placeholder for them when they are counted apart ({@link #visitorsApart}; only
   * then may the source be a rollup, which has no visitors).
   */
  private List<String> counts(CountSource source, long k, boolean apart) {
    return List.of(source.hits(sql, null), source.scans(sql, null),
        apart ? "0" : sql.distinct("visitor_month", sampleCondition(k)));
  }

  /**
   * Where the hits of {@code q}'s range are counted: its whole days from the store's rollup when
   * {@code rollupFits} (the question reads only the rollup's columns, at its whole-day grain) and it
   * keeps one, else, and for the rest, {@code hits}.
   */
  private List<CountSource> countSources(StatsQuery q, boolean rollupFits) throws Exception {
    long from = ceilSeconds(q.from());
    long to = ceilSeconds(q.to());
    DailyCounts daily = rollupFits ? dailyCounts() : null;
    return daily == null ? List.of(CountSource.raw(sql, hits(), from, to)) : daily.sources(sql, hits(), from, to);
  }

  /**
   * The SELECT of the hits of {@code sources} that meet {@code filters}: its columns are a key
   * {@code k} (when {@code key} is not {@code null}; grouped by it), then {@code n1, n2, ...}, the
   * {@code columns} of each source summed over the sources.
   */
  private static String counted(List<CountSource> sources, String filters, Function<CountSource, String> key,
      Function<CountSource, List<String>> columns) {
    boolean one = sources.size() == 1;
    StringJoiner union = new StringJoiner(" UNION ALL ");
    int width = 0;
    for (CountSource source : sources) {
      StringJoiner list = new StringJoiner(", ");
      if (key != null) {
        list.add(key.apply(source) + " AS k");
      }
      List<String> counts = columns.apply(source);
      width = counts.size();
      for (int i = 0; i < width; i++) {
        list.add(counts.get(i) + (one ? " AS n" : " AS c") + (i + 1));
      }
      union.add("SELECT " + list + " FROM " + source.table() + " WHERE " + source.time()
          + (filters.isEmpty() ? "" : " AND " + filters) + (key == null ? "" : " GROUP BY k"));
    }
    if (one) {
      return union.toString();
    }
    StringJoiner sums = new StringJoiner(", ");
    if (key != null) {
      sums.add("k");
    }
    for (int i = 1; i <= width; i++) {
      sums.add("sum(c" + i + ") AS n" + i);
    }
    return "SELECT " + sums + " FROM (" + union + ") AS u" + (key == null ? "" : " GROUP BY k");
  }

  /** Whether a question sampled at {@code k} counts its visitors in a statement of their own. */
  private boolean visitorsApart(long k) {
    return k >= SAMPLE_TABLE_K && hasSampleTable();
  }

  /** The sampled distinct visitors per value of {@code key} among the hits matching {@code where}. */
  private Map<String, String> visitorsOf(String key, String where, long k) throws Exception {
    Map<String, String> drawn = new HashMap<>();
    for (List<String> row : select("SELECT " + key + " AS k, " + sql.distinct("visitor_month", null)
        + from(where, k) + " GROUP BY k")) {
      drawn.put(row.get(0) == null ? "" : row.get(0), row.get(1));
    }
    return drawn;
  }

  /** A slice's visitors from its sampled count: {@code k} times it, never more than its hits. */
  private static long visitors(String drawn, long k, long hits) {
    return Math.min(hits, number(drawn) * k);
  }

  /** {@code part / of} of {@code whole}, rounded half up; 0 when {@code of} is 0. */
  private static long scale(long part, long whole, long of) {
    return of == 0 ? 0 : (2 * part * whole + of) / (2 * of);
  }

  /**
   * The WHERE condition of a question, with or without its traffic filter; {@code null} when a
   * filter value can match no stored hit (it holds a control character).
   */
  String where(StatsQuery q, boolean withTraffic) {
    String filters = filters(q, withTraffic);
    String time = CountSource.span(sql, ceilSeconds(q.from()), ceilSeconds(q.to()));
    return filters == null ? null : filters.isEmpty() ? time : time + " AND " + filters;
  }

  /**
   * The conditions of a question but its range, with or without its traffic filter, on columns
   * {@code hits} and a {@link DailyCounts} rollup share; {@code ""} for none, {@code null} as for
   * {@link #where}.
   */
  private String filters(StatsQuery q, boolean withTraffic) {
    List<String> conditions = new ArrayList<>();
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
      conditions.add(trafficCondition(q));
    }
    return String.join(" AND ", conditions);
  }

  /** The condition of the traffic {@code q} asks for; not for {@code ALL}, which has none. */
  private String trafficCondition(StatsQuery q) {
    return "traffic = " + sql.quote(q.traffic().name().toLowerCase(java.util.Locale.ROOT));
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
