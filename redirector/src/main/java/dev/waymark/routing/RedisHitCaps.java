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

  private final HitCountStore store;
  private final String instance;
  private final long intervalNanos;
  private final long idleNanos;
  private final LongSupplier nanoTime;
  private final ConcurrentHashMap<String, HitCapEntry> entries = new ConcurrentHashMap<>();
  private final AtomicLong incarnations = new AtomicLong();
  private final AtomicBoolean wake = new AtomicBoolean();
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private final AtomicBoolean closeStarted = new AtomicBoolean();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private volatile long rounds;
  private volatile boolean closing;
  private volatile Thread flusher;
  private boolean storeDown;

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
    HitCapEntry entry = entries.get(code);
    if (entry == null) {
      entry = entries.computeIfAbsent(code, c -> newEntry(c, 0));
    }
    while (true) {
      switch (entry.take(max, rounds)) {
        case YES -> {
          return true;
        }
        case YES_SYNC_NOW -> {
          wakeFlusher();
          return true;
        }
        case NO -> {
          return false;
        }
        case GONE -> entry = successor(entry);
      }
    }
  }

  private HitCapEntry newEntry(String code, long total) {
    return new HitCapEntry(code, instance + "." + incarnations.incrementAndGet(), total, nanoTime.getAsLong());
  }

  /** The entry after a dropped one, starting from the total the dropped one knew. */
  private HitCapEntry successor(HitCapEntry dropped) {
    return entries.compute(dropped.code, (code, current) ->
        current == null || current == dropped ? newEntry(code, dropped.knownTotal()) : current);
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
    HitCapEntry entry = entries.get(code);
    return entry == null ? 0 : entry.knownTotal();
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
    List<HitCapEntry> pending = new ArrayList<>();
    List<HitCount> counts = new ArrayList<>();
    List<HitCount> dropped = new ArrayList<>();
    for (HitCapEntry entry : entries.values()) {
      long unsynced = entry.unsynced(now);
      if (unsynced >= 0) {
        pending.add(entry);
        counts.add(new HitCount(entry.code, entry.field, unsynced));
        continue;
      }
      long synced = entry.dropIfIdle(now, idleNanos);
      if (synced >= 0) {
        // Everything it counted is in Redis: the total keeps it after the counter goes.
        entries.remove(entry.code, entry);
        if (synced > 0) {
          dropped.add(new HitCount(entry.code, entry.field, synced));
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

  private boolean sync(List<HitCapEntry> pending, List<HitCount> counts, long next, long now) {
    List<Long> totals;
    try {
      totals = store.sync(counts);
    } catch (Exception e) {
      storeFailed(e);
      return false;
    }
    storeAnswered();
    for (int i = 0; i < pending.size(); i++) {
      pending.get(i).synced(totals.get(i), counts.get(i).count(), next, now, intervalNanos);
    }
    return true;
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
    for (HitCapEntry entry : entries.values()) {
      long count = entry.fullySynced();
      if (count > 0) {
        synced.add(new HitCount(entry.code, entry.field, count));
      }
    }
    retire(synced);
    long unsent = entries.values().stream().mapToLong(HitCapEntry::unsent).sum();
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
