package dev.waymark.stats;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The conversion half of the stats, as SQL over {@code conversions} in the one dialect of
 * {@link SqlStatsStore}. A conversion row carries its hit's columns, so the hits' WHERE condition
 * selects exactly the conversions of the counted hits. Each (hit_id, type, conversion_id) counts
 * once, whatever ClickHouse has not merged yet: every query first groups by it. Amounts are summed
 * as whole units and millionths apart, so no sum wraps a 64-bit integer before a slice holds
 * millions of the largest values.
 */
final class ConversionStats {

  private final SqlStatsStore store;
  private final SqlDialect sql;

  ConversionStats(SqlStatsStore store, SqlDialect sql) {
    this.store = store;
    this.sql = sql;
  }

  /** The conversions of the hits matching {@code where}. */
  Revenue total(String where) throws Exception {
    Tally all = new Tally();
    select("0", "''", where).forEach(all::add);
    return all.revenue();
  }

  /** Conversions per value of a breakdown's key, and those of every other value together. */
  record Split(Map<String, Revenue> shown, Revenue other) {}

  /**
   * The conversions of the hits matching {@code where} per value of {@code key} among
   * {@code shown} (a parenthesised list of literals), and of all the other values together.
   */
  Split byKey(String key, String shown, String where) throws Exception {
    String in = key + " IN " + shown;
    Map<String, Tally> byKey = new HashMap<>();
    Tally other = new Tally();
    for (List<String> row : select("CASE WHEN " + in + " THEN 0 ELSE 1 END",
        "CASE WHEN " + in + " THEN " + key + " ELSE '' END", where)) {
      (row.get(0).equals("1") ? other : byKey.computeIfAbsent(row.get(1), k -> new Tally())).add(row);
    }
    Map<String, Revenue> revenue = new HashMap<>();
    byKey.forEach((k, tally) -> revenue.put(k, tally.revenue()));
    return new Split(revenue, other.revenue());
  }

  /** {@code rows} with each key's revenue. */
  static List<Breakdown.Row> withRevenue(List<Breakdown.Row> rows, Map<String, Revenue> revenue) {
    List<Breakdown.Row> with = new ArrayList<>(rows.size());
    for (Breakdown.Row r : rows) {
      with.add(new Breakdown.Row(r.key(), r.hits(), r.scans(), r.clicks(), r.visitors(),
          revenue.getOrDefault(r.key(), Revenue.NONE)));
    }
    return with;
  }

  /** Whether the store holds any conversion at all: a funnel shows its converted step only then. */
  boolean any() throws Exception {
    return !store.select("SELECT count(*) FROM (SELECT 1 AS x FROM " + store.conversions() + " LIMIT 1) AS e")
        .get(0).get(0).equals("0");
  }

  /**
   * The distinct visitors with a conversion matching {@code filter} (a WHERE clause of
   * {@link SqlDialect#filter}). A conversion carries its hit's columns, so those are visitors
   * with a counted hit; rows ClickHouse has not merged yet name the same visitor, so need no
   * grouping here.
   */
  long visitors(String filter) throws Exception {
    return SqlStatsStore.number(store.select("SELECT " + sql.distinct("visitor_month", null) + " FROM "
        + store.conversions() + " " + filter).get(0).get(0));
  }

  /**
   * Per group {@code o} and key {@code k}, and per currency ({@code ''} when none): the
   * conversions, and their amounts as whole units and millionths.
   */
  private List<List<String>> select(String group, String key, String where) throws Exception {
    return store.select("SELECT o, k, cur, count(*), sum(" + sql.intDiv("v", 1_000_000) + "), sum(v % 1000000)"
        + " FROM (SELECT " + group + " AS o, " + key + " AS k, hit_id, type, conversion_id,"
        + " min(currency) AS cur, min(value_micros) AS v FROM " + store.conversions() + " WHERE " + where
        + " GROUP BY o, k, hit_id, type, conversion_id) AS c GROUP BY o, k, cur");
  }

  /** Adds up the rows of {@link #select} into one {@link Revenue}. */
  private static final class Tally {
    private long conversions;
    private final Map<String, BigDecimal> amounts = new TreeMap<>();

    void add(List<String> row) {
      conversions += SqlStatsStore.number(row.get(3));
      String currency = row.get(2);
      if (!currency.isEmpty()) {
        amounts.merge(currency, BigDecimal.valueOf(SqlStatsStore.number(row.get(4)))
            .add(BigDecimal.valueOf(SqlStatsStore.number(row.get(5)), 6)), BigDecimal::add);
      }
    }

    Revenue revenue() {
      return conversions == 0 ? Revenue.NONE : new Revenue(conversions, amounts);
    }
  }
}
