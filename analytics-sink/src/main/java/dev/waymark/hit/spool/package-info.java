/**
 * The disk spool: a crash-safe FIFO of encoded batches in segment files, within a disk budget the
 * spools of one sink share. What was appended and not acked is there again after a restart, kill -9
 * included; past the budget a batch is refused and counted, and nothing else is dropped.
 */
package dev.waymark.hit.spool;
