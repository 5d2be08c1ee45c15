package dev.waymark.stats;

import java.time.Duration;

/**
 * Answers stats questions from one analytics store (ClickHouse, or the embedded DuckDB); both give
 * identical answers on the same hits while a question has at most
 * {@link SqlStatsStore#EXACT_VISITORS} visitors. Above that ClickHouse estimates its visitor figures
 * (distinct visitors by its {@code uniq}, new/returning and the funnel's followed visitors from a
 * fixed 1-in-K hash sample of visitors) and DuckDB stays exact; hits, scans, clicks, bots and previews
 * are exact everywhere. {@link SqlStatsStore} says which figure is estimated how; benchmarks/RESULTS.md
 * has the measured errors. Every call blocks until the store answered: never call it on an event loop.
 */
public interface StatsStore {

  Summary summary(StatsQuery query) throws Exception;

  TimeSeries timeSeries(StatsQuery query, Interval interval) throws Exception;

  /** The {@code limit} values with most hits; {@code limit} is 1 to 1,000. */
  Breakdown breakdown(StatsQuery query, Dimension by, int limit) throws Exception;

  /** {@code clickhouse} or {@code duckdb}, for messages that name the store. */
  String kind();

  /**
   * The journey funnel of {@code query}'s hits (see {@link Funnel} for the definitions);
   * {@code query} must not filter by stage, and {@code window} is whole hours from 1 hour to 90 days.
   */
  Funnel funnel(StatsQuery query, Duration window) throws Exception;

  /**
   * Hands every matching hit to {@code rows}, ordered by {@code ts} then {@code hit_id} (as lower
   * case text), reading as it goes so memory stays constant however many there are, until they
   * run out or {@code rows} says stop; returns how many it handed over. Values are the same text
   * from every store: times {@code 2026-03-01T10:00:00Z}, UUIDs lower case, enums by wire name,
   * numbers in plain digits. Blocks for as long as the export runs.
   */
  long export(StatsQuery query, ExportSink rows) throws Exception;
}
