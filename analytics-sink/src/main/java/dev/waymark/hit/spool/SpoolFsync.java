package dev.waymark.hit.spool;

/**
 * When the spool forces appended batches to the disk: the trade between losing the last moments
 * of hits on a power cut and an fsync per batch. A process crash (kill -9) loses nothing in any
 * mode, because written bytes are in the OS page cache.
 */
public enum SpoolFsync {
  /** fsync after every batch: survives power loss, costs a disk flush per batch. */
  EVERY_BATCH,
  /** fsync at most once a second, and on close: a power cut loses at most about a second. */
  EVERY_SECOND,
  /** leave it to the OS (usually within 30 s). */
  NEVER
}
