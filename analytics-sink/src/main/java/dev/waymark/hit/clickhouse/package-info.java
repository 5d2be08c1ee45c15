/**
 * ClickHouse over its HTTP interface: the {@code hits} schema and its idempotent migrations, and
 * {@code ClickHouseWriter}, which stores each batch exactly once however an attempt ended. SQL here
 * runs on 18.16 and on current servers; called from the one delivery thread only.
 */
package dev.waymark.hit.clickhouse;
