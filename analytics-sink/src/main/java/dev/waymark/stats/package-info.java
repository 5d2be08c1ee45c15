/**
 * Journey analytics asked of the hits: the questions ({@code StatsQuery}, {@code Dimension},
 * {@code Interval}), the answers ({@code Summary}, {@code TimeSeries}, {@code Breakdown},
 * {@code Funnel}) and the one contract both analytics stores answer them by ({@code StatsStore}),
 * with identical results on the same hits. {@code SqlStatsStore} is that contract as one SQL text for ClickHouse and
 * DuckDB, differing only where {@code SqlDialect} says. Calls block: callers run them off the
 * event loop.
 */
package dev.waymark.stats;
