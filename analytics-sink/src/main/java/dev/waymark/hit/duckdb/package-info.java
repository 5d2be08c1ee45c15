/**
 * The embedded analytics store, used when no ClickHouse is configured: the same {@code hits}
 * columns in a DuckDB file, each batch stored once by recording its id in the same transaction.
 * One process at a time; called from the one delivery thread only.
 */
package dev.waymark.hit.duckdb;
