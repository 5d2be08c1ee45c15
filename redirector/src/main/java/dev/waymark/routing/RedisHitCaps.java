package dev.waymark.routing;

import dev.waymark.routing.HitCountStore.HitCount;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hit limits shared by every redirector on one Redis: {@link #take} answers from what this process
 * knows (the total it last read plus its own hits not yet sent), with one compare-and-set and no IO;
 * a flusher thread of its own ({@code waymark-hit-caps}) sends each code's running count every
 * {@link #INTERVAL} and reads the total back. A refusal is never early: the total it counts from is
 * made of hits really taken. No hit is lost or counted twice while the process runs: each process
 * raises its own counter to its running count, so a sync that timed out is simply sent again, also
 * after Redis was down.
 *
 * <p><b>Overshoot.</b> Say redirector {@code i} takes the last hit, deciding from the total of its
 * sync {@code S}. Every hit taken was then in that total or in {@code i}'s own count, except those
 * the other redirectors took after their last sync that Redis applied before {@code S}. So the limit
 * is overshot by at most those, summed over the other redirectors; {@code RedisHitCapsContract}
 * checks exactly this. With {@code N} redirectors at {@code r} hits a second each, syncing every
 * {@code P} (interval plus round trip), each unseen stretch is at most {@code 2P}: at most
 * {@code (N-1) * r * 2P}. Near the limit (room for fewer hits than all redirectors take in 3
 * intervals) every hit taken wakes the flusher: {@code P} is then one round trip. The first hit of
 * a code not synced in the last two rounds wakes it too, so a redirector deciding from an old total
 * adds at most the hits it takes in one round trip. While Redis is unreachable each
 * redirector counts alone from the last total it read, so up to {@code N-1} times the room left
 * may be overshot; the counts reach Redis once it answers. Hits not yet sent when a process stops
 * with Redis unreachable are lost (a warning says how many). docs/hit-limits.md has the figures.
 *
 * <p>Memory: one entry per code taken or refused in the last {@link #IDLE}; an idle entry with
 * nothing pending is dropped, and its counter leaves Redis (its hits stay in the total).
 */
public final class RedisHitCaps implements HitCaps {

  private static final Logger LOG = LoggerFactory.getLogger(RedisHitCaps.class);
  static final Duration INTERVAL = Duration.ofMillis(50);
  static final Duration IDLE = Duration.ofMinutes(2);
  /** Codes per script call, so one call stays short on the server. */
  private static final int BATCH = 500;
  /** Near the limit: room for fewer hits than all redirectors take in this many intervals. */
  private static final long NEAR_INTERVALS = 3;
  /** Marks a counted value of an entry that was dropped: a take replaces the entry. */
  private static final long DROPPED = -1;
  /** The round of an entry never synced: any take on it asks for a sync at once. */
  private static final long NEVER = Long.MIN_VALUE / 2;

  private final HitCountStore store;
  private final String instance;
  private final long intervalNanos;
  private final long idleNanos;
  private final LongSupplier nanoTime;
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicLong incarnations = new AtomicLong();
  private final AtomicBoolean wake = new AtomicBoolean();
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private final AtomicBoolean closeStarted = new AtomicBoolean();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private volatile long rounds;
  private volatile boolean closing;
  private volatile Thread flusher;
  private boolean storeDown;

  /** What this process last read of a code: the total, its own count then, the round and when. */
  private record Sync(long total, long count, long round, long nanos) {}

  /** One code's count in this process; {@code field} names it in Redis. */
  private static final class Entry {
    final String code;
    final String field;
    final AtomicLong counted = new AtomicLong();
    volatile Sync sync;
    volatile long max;
    volatile boolean nearLimit;
    /** Set by a refused take: a code at its limit that is still asked for is not idle. */
    volatile boolean refused;
    /** Flusher only: when the code was last seen taken or refused. */
    long activeNanos;
    /** Flusher only: where the current rate measurement began, and the last rate measured. */
    Sync rateFrom;
    double perInterval;

    Entry(String code, String field, Sync sync, long nowNanos) {
      this.code = code;
      this.field = field;
      this.sync = sync;
      this.activeNanos = nowNanos;
    }
  }

  RedisHitCaps(HitCountStore store, RandomGenerator random, Duration interval, Duration idle, LongSupplier nanoTime) {
    this.store = store;
    this.instance = HexFormat.of().toHexDigits(random.nextLong());
    this.intervalNanos = interval.toNanos();
    this.idleNanos = idle.toNanos();
    this.nanoTime = nanoTime;
  }

  /** Connects to the Redis of {@code redisUrl} (any form {@code RedisEndpoint} reads) and starts the flusher. */
  public static Future<RedisHitCaps> connect(Vertx vertx, URI redisUrl) {
    return RedisHitCounts.connect(vertx, redisUrl)
        .map(store -> new RedisHitCaps(store, new SecureRandom(), INTERVAL, IDLE, System::nanoTime).start());
  }

  /** Starts the flusher thread; until then rounds run only through {@link #round()} (tests). */
  RedisHitCaps start() {
    Thread thread = new Thread(this::flush, "waymark-hit-caps");
    thread.setDaemon(true);
    flusher = thread;
    thread.start();
    return this;
  }

  @Override
  public boolean take(String code, long max) {
    Entry entry = entries.get(code);
    if (entry == null) {
      entry = entries.computeIfAbsent(code, c -> newEntry(c, 0));
    }
    while (true) {
      Sync sync = entry.sync; // read before counted: counted is then at least the sync's count
      long counted = entry.counted.get();
      if (counted == DROPPED) {
        entry = replace(entry);
        continue;
      }
      if (sync.total + counted - sync.count >= max) {
        if (!entry.refused) {
          entry.refused = true;
        }
        return false;
      }
      if (entry.counted.compareAndSet(counted, counted + 1)) {
        if (entry.max != max) {
          entry.max = max;
        }
        if (entry.nearLimit || rounds - sync.round > 1) {
          wakeFlusher();
        }
        return true;
      }
    }
  }

  private Entry newEntry(String code, long total) {
    String field = instance + "." + incarnations.incrementAndGet();
    return new Entry(code, field, new Sync(total, 0, NEVER, 0), nanoTime.getAsLong());
  }

  /** The entry after a dropped one, starting from the total the dropped one knew. */
  private Entry replace(Entry dropped) {
    return entries.compute(dropped.code,
        (code, current) -> current == null || current == dropped ? newEntry(code, dropped.sync.total) : current);
  }

  private void wakeFlusher() {
    if (!wake.get() && wake.compareAndSet(false, true)) {
      Thread thread = flusher;
      if (thread != null) {
        LockSupport.unpark(thread);
      }
    }
  }

  /** The total this process last read for {@code code}, 0 when it has none; for tests. */
  long knownTotal(String code) {
    Entry entry = entries.get(code);
    return entry == null ? 0 : entry.sync.total;
  }

  /** Whether a take asked the flusher for a round before its interval is up; for tests. */
  boolean roundRequested() {
    return wake.get();
  }

  private void flush() {
    try {
      while (!closing) {
        long deadline = nanoTime.getAsLong() + intervalNanos;
        long left;
        while (!wake.get() && !closing && (left = deadline - nanoTime.getAsLong()) > 0) {
          LockSupport.parkNanos(this, left);
        }
        if (!closing) {
          safeRound();
        }
      }
      safeRound();
      retireAll();
    } finally {
      stopped.complete(null);
    }
  }

  private void safeRound() {
    try {
      round();
    } catch (RuntimeException e) {
      // A bug must not stop the syncing for good: the counts stay pending for the next round.
      LOG.error("event=hit_caps_round_failed error=\"{}\"", e.toString(), e);
    }
  }

  /**
   * Sends the running count of every code with hits not yet sent, reads the totals back, and drops
   * entries idle for {@link #IDLE}. One thread runs rounds, one after the other.
   */
  void round() {
    wake.set(false); // this round serves every request made before it
    long next = rounds + 1;
    long now = nanoTime.getAsLong();
    List<Entry> pending = new ArrayList<>();
    List<HitCount> counts = new ArrayList<>();
    List<HitCount> dropped = new ArrayList<>();
    for (Entry entry : entries.values()) {
      long counted = entry.counted.get();
      if (counted == DROPPED) {
        continue;
      }
      if (entry.refused) {
        entry.refused = false;
        entry.activeNanos = now;
      }
      if (counted != entry.sync.count) {
        entry.activeNanos = now;
        pending.add(entry);
        counts.add(new HitCount(entry.code, entry.field, counted));
      } else if (now - entry.activeNanos > idleNanos && entry.counted.compareAndSet(counted, DROPPED)) {
        // Everything it counted is in Redis: the total keeps it after the counter goes.
        entries.remove(entry.code, entry);
        if (counted > 0) {
          dropped.add(new HitCount(entry.code, entry.field, counted));
        }
      }
    }
    for (int from = 0; from < counts.size(); from += BATCH) {
      int to = Math.min(counts.size(), from + BATCH);
      if (!sync(pending.subList(from, to), counts.subList(from, to), next, now)) {
        break; // the rest waits for the next round, as this batch does
      }
    }
    if (!dropped.isEmpty()) {
      retire(dropped);
    }
    rounds = next;
  }

  private boolean sync(List<Entry> pending, List<HitCount> counts, long next, long now) {
    List<Long> totals;
    try {
      totals = store.sync(counts);
    } catch (Exception e) {
      storeFailed(e);
      return false;
    }
    storeAnswered();
    for (int i = 0; i < pending.size(); i++) {
      Entry entry = pending.get(i);
      Sync after = new Sync(totals.get(i), counts.get(i).count(), next, now);
      entry.sync = after;
      measureRate(entry, after);
      long room = entry.max - after.total - (entry.counted.get() - after.count);
      entry.nearLimit = room < NEAR_INTERVALS * entry.perInterval;
    }
    return true;
  }

  /**
   * The rate of all redirectors together, over at least one interval: other redirectors' hits arrive
   * once per their interval, so a short round near the limit would see too few of them.
   */
  private void measureRate(Entry entry, Sync after) {
    Sync from = entry.rateFrom;
    if (from == null) {
      entry.rateFrom = after;
      return;
    }
    long elapsed = after.nanos - from.nanos;
    if (elapsed >= intervalNanos) {
      entry.perInterval = (double) (after.total - from.total) * intervalNanos / elapsed;
      entry.rateFrom = after;
    }
  }

  private void retire(List<HitCount> dropped) {
    for (int from = 0; from < dropped.size(); from += BATCH) {
      try {
        store.retire(dropped.subList(from, Math.min(dropped.size(), from + BATCH)));
      } catch (Exception e) {
        // A counter left behind still sums into the right total; it only takes a field in Redis.
        storeFailed(e);
        return;
      }
    }
  }

  /** At close, after the last round: removes this process's counters whose counts Redis has. */
  private void retireAll() {
    List<HitCount> synced = new ArrayList<>();
    for (Entry entry : entries.values()) {
      Sync sync = entry.sync;
      if (sync.count > 0 && sync.count == entry.counted.get()) {
        synced.add(new HitCount(entry.code, entry.field, sync.count));
      }
    }
    retire(synced);
    long unsent = entries.values().stream().mapToLong(e -> Math.max(0, e.counted.get() - e.sync.count)).sum();
    if (unsent > 0) {
      LOG.warn("event=hit_caps_closed_unsynced hits={}", unsent);
    }
  }

  private void storeFailed(Exception e) {
    if (!storeDown) {
      storeDown = true;
      LOG.warn("event=hit_caps_unsynced error=\"{}\" counting=local", e.toString());
    }
  }

  private void storeAnswered() {
    if (storeDown) {
      storeDown = false;
      LOG.info("event=hit_caps_synced");
    }
  }

  /**
   * Sends what is pending (waiting at most about the store's time-out, on the flusher thread), then
   * closes the connection. Completes without blocking the caller; takes after it are not sent.
   */
  public Future<Void> close() {
    if (closeStarted.compareAndSet(false, true)) {
      closing = true;
      Thread thread = flusher;
      if (thread == null) {
        stopped.complete(null);
      } else {
        LockSupport.unpark(thread);
      }
      stopped.thenCompose(v -> store.close().toCompletionStage())
          .whenComplete((v, e) -> closed.complete(null));
    }
    Context context = Vertx.currentContext();
    return context == null ? Future.fromCompletionStage(closed) : Future.fromCompletionStage(closed, context);
  }
}
