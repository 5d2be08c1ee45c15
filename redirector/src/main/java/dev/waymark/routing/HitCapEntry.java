package dev.waymark.routing;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One code's count in one {@link RedisHitCaps}: the total last read from Redis, this process's
 * running count, and whether the limit is near. {@link #take} is lock-free and may run on any
 * thread; every other method belongs to the flusher thread.
 */
final class HitCapEntry {

  /** What a {@link #take} did. */
  enum Taken {
    /** Counted. */
    YES,
    /** Counted, and the flusher should sync now rather than at its interval. */
    YES_SYNC_NOW,
    /** The limit is reached as far as this process knows: not counted. */
    NO,
    /** The entry was dropped meanwhile: take again on its successor. */
    GONE
  }

  /** What this process last read of the code: the total, its own count then, the round and when. */
  record Sync(long total, long count, long round, long nanos) {}

  /** The round of an entry never synced: a take on it asks for a sync at once. */
  static final long NEVER = Long.MIN_VALUE / 2;
  /** Near the limit: room for fewer hits than all redirectors take in this many intervals. */
  private static final long NEAR_INTERVALS = 3;
  /** The running count of a dropped entry. */
  private static final long DROPPED = -1;

  final String code;
  /** The counter's name in Redis: the process and this entry's incarnation. */
  final String field;
  private final AtomicLong counted = new AtomicLong();
  private volatile Sync sync;
  private volatile long max;
  private volatile boolean nearLimit;
  /** Set by a refused take: a code at its limit that is still asked for is not idle. */
  private volatile boolean refused;
  private long activeNanos;
  /** Where the current rate measurement began, and the last rate measured (hits per interval). */
  private Sync rateFrom;
  private double perInterval;

  /** An entry that starts from {@code total}, e.g. the one a dropped entry for the code knew. */
  HitCapEntry(String code, String field, long total, long nowNanos) {
    this.code = code;
    this.field = field;
    this.sync = new Sync(total, 0, NEVER, nowNanos);
    this.activeNanos = nowNanos;
  }

  /** Counts one hit unless the total known plus this process's unsent hits reach {@code max}. */
  Taken take(long max, long rounds) {
    while (true) {
      Sync known = sync; // read before counted: counted is then at least the sync's count
      long taken = counted.get();
      if (taken == DROPPED) {
        return Taken.GONE;
      }
      if (known.total + taken - known.count >= max) {
        if (!refused) {
          refused = true;
        }
        return Taken.NO;
      }
      if (counted.compareAndSet(taken, taken + 1)) {
        if (this.max != max) {
          this.max = max;
        }
        return nearLimit || rounds - known.round > 1 ? Taken.YES_SYNC_NOW : Taken.YES;
      }
    }
  }

  long knownTotal() {
    return sync.total;
  }

  /** The running count when it has hits not yet synced, else -1; notes whether the code was asked for. */
  long unsynced(long nowNanos) {
    if (refused) {
      refused = false;
      activeNanos = nowNanos;
    }
    long taken = counted.get();
    if (taken == DROPPED || taken == sync.count) {
      return -1;
    }
    activeNanos = nowNanos;
    return taken;
  }

  /**
   * Drops the entry when idle for {@code idleNanos} with every hit synced, so takes move on to a
   * successor; answers its count (which Redis has), or -1 when it stays.
   */
  long dropIfIdle(long nowNanos, long idleNanos) {
    long taken = counted.get();
    if (taken == DROPPED || taken != sync.count || nowNanos - activeNanos <= idleNanos) {
      return -1;
    }
    return counted.compareAndSet(taken, DROPPED) ? taken : -1;
  }

  /** Records a sync that sent {@code count} and read {@code total}, and whether the limit is now near. */
  void synced(long total, long count, long round, long nowNanos, long intervalNanos) {
    Sync after = new Sync(total, count, round, nowNanos);
    sync = after;
    // Other redirectors' hits arrive once per their interval, so the rate is measured over at least
    // one: a round near the limit lasts about a round trip and would see too few of them.
    if (rateFrom == null) {
      rateFrom = after;
    } else if (nowNanos - rateFrom.nanos >= intervalNanos) {
      perInterval = (double) (total - rateFrom.total) * intervalNanos / (nowNanos - rateFrom.nanos);
      rateFrom = after;
    }
    long room = max - total - (counted.get() - count);
    nearLimit = room < NEAR_INTERVALS * perInterval;
  }

  /** The count Redis has when every hit is synced, else -1. */
  long fullySynced() {
    long taken = counted.get();
    return taken == sync.count ? taken : -1;
  }

  /** Hits counted but not yet in Redis. */
  long unsent() {
    return Math.max(0, counted.get() - sync.count);
  }
}
