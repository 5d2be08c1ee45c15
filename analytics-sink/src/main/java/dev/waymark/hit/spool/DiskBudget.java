package dev.waymark.hit.spool;

/**
 * The disk the spools of one sink may use together: batches waiting for the store and hits
 * spilled from a full queue share one configured limit, so the setting means what it says.
 * Thread-safe.
 */
public final class DiskBudget {

  private final long limitBytes;
  private long usedBytes;

  public DiskBudget(long limitBytes) {
    if (limitBytes < 1) {
      throw new IllegalArgumentException("disk budget must be positive");
    }
    this.limitBytes = limitBytes;
  }

  public long limitBytes() {
    return limitBytes;
  }

  public synchronized long usedBytes() {
    return usedBytes;
  }

  /** Takes {@code bytes} if they fit; false (and nothing taken) if they do not. */
  synchronized boolean tryTake(long bytes) {
    if (usedBytes + bytes > limitBytes) {
      return false;
    }
    usedBytes += bytes;
    return true;
  }

  /** Counts bytes already on disk (found at start-up), over the limit or not. */
  synchronized void take(long bytes) {
    usedBytes += bytes;
  }

  synchronized void give(long bytes) {
    usedBytes = Math.max(0, usedBytes - bytes);
  }
}
