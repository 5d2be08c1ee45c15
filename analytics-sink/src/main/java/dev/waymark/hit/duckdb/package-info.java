/**
 * The embedded store: hits in a DuckDB file with the columns of the ClickHouse table, used when no
 * ClickHouse is configured, with the same exactly-once promise per batch id.
 */
package dev.waymark.hit.duckdb;
