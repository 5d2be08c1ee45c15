package dev.waymark.hit.sink;

import dev.waymark.hit.spool.Spool;

/**
 * When the spool forces appended batches to the disk: the trade between losing the last moments
 * of hits on a power cut and an fsync per batch. A process crash (kill -9) loses nothing in any
 * mode, because written bytes are in the OS page cache.
 */
public enum SpoolFsync {
  /** fsync after every batch: survives power loss, costs a disk flush per batch. */
  EVERY_BATCH(Spool.FSYNC_EVERY_APPEND),
  /** fsync at most once a second, and on close: a power cut loses at most about a second. */
  EVERY_SECOND(1_000_000_000L),
  /** leave it to the OS (usually within 30 s). */
  NEVER(Spool.FSYNC_NEVER);

  private final long intervalNanos;

  SpoolFsync(long intervalNanos) {
    this.intervalNanos = intervalNanos;
  }

  /** The interval {@link Spool#open(java.nio.file.Path, long, long, long)} takes for this mode. */
  public long intervalNanos() {
    return intervalNanos;
  }
}
