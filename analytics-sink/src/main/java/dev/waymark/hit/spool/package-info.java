/**
 * The crash-safe disk spool: an append-only FIFO of encoded batches in segment files within a
 * shared disk budget, read back in order after a restart. Knows nothing of stores or queues.
 */
package dev.waymark.hit.spool;
