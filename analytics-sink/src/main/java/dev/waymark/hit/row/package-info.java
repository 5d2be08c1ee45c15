/**
 * The RowBinary row format of the {@code hits} table: the bytes a batch is encoded to once, kept
 * by the spool and the spill, read by the embedded store and sent as-is to ClickHouse. Depends on
 * the hit contracts only.
 */
package dev.waymark.hit.row;
