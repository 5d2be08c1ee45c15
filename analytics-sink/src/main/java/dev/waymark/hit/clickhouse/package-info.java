/**
 * The ClickHouse store over its HTTP interface: schema migrations, exactly-once inserts by batch
 * id, and the fence that keeps a retried insert from running beside an earlier attempt. What is
 * specific to ClickHouse (its exceptions, versions and SQL) stays in this package.
 */
package dev.waymark.hit.clickhouse;
