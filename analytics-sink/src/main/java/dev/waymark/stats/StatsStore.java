package dev.waymark.stats;

/**
 * Answers stats questions from one analytics store (ClickHouse, or the embedded DuckDB); both give
 * identical answers on the same hits. Every call blocks until the store answered: never call it
 * on an event loop.
 */
public interface StatsStore {

  Summary summary(StatsQuery query) throws Exception;

  TimeSeries timeSeries(StatsQuery query, Interval interval) throws Exception;

  /** The {@code limit} values with most hits; {@code limit} is 1 to 1,000. */
  Breakdown breakdown(StatsQuery query, Dimension by, int limit) throws Exception;

  /** {@code clickhouse} or {@code duckdb}, for messages that name the store. */
  String kind();
}
