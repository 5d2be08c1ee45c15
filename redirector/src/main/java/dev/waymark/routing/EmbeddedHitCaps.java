package dev.waymark.routing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hit limits of a single embedded redirector, exact: {@link #take} is one compare-and-set on the
 * code's count, so exactly {@code max} takes succeed however many event loops ask. The counts are
 * kept in their own MVStore file ({@code hit-caps.mv} beside {@code links.mv}), written by a thread
 * of its own every {@link #PERSIST_EVERY} and at {@link #close}: a crash loses at most the hits of
 * the last second or so (plus a write in progress), and each limit may then be overshot by that
 * many after the restart. Every code ever counted is held in memory (a few dozen bytes each).
 *
 * <p>It opens its file itself rather than through {@code storage.EmbeddedFile}: {@code storage}
 * depends on {@code link}, which depends on this package.
 */
public final class EmbeddedHitCaps implements HitCaps {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedHitCaps.class);
  static final Duration PERSIST_EVERY = Duration.ofSeconds(1);

  private final Path file;
  private final MVStore mv;
  private final MVMap<String, Long> stored;
  private final ConcurrentHashMap<String, AtomicLong> counts = new ConcurrentHashMap<>();
  /** What the file holds; touched only on {@link #writer}. */
  private final Map<String, Long> written;
  private final ScheduledExecutorService writer;
  private CompletableFuture<Void> closed;

  private EmbeddedHitCaps(Path file, MVStore mv) {
    this.file = file;
    this.mv = mv;
    this.stored = mv.openMap("hits");
    this.written = new HashMap<>(stored);
    written.forEach((code, count) -> counts.put(code, new AtomicLong(count)));
    this.writer = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "waymark-hit-caps");
      thread.setDaemon(true);
      return thread;
    });
    long every = PERSIST_EVERY.toMillis();
    writer.scheduleWithFixedDelay(this::persistQuietly, every, every, TimeUnit.MILLISECONDS);
  }

  /** Opens (or creates) the counts file, off the event loop, and reads every count into memory. */
  public static Future<EmbeddedHitCaps> open(Vertx vertx, Path file) {
    return vertx.executeBlocking(() -> {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      // Committed by us only, and free space reused at once, as the other embedded stores do.
      MVStore mv = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
      mv.setRetentionTime(0);
      try {
        EmbeddedHitCaps caps = new EmbeddedHitCaps(file, mv);
        LOG.info("event=hit_caps_opened kind=embedded file={} codes={}", file, caps.counts.size());
        return caps;
      } catch (RuntimeException e) {
        mv.close();
        throw e;
      }
    }, false);
  }

  @Override
  public boolean take(String code, long max) {
    AtomicLong count = counts.get(code);
    if (count == null) {
      count = counts.computeIfAbsent(code, c -> new AtomicLong());
    }
    while (true) {
      long taken = count.get();
      if (taken >= max) {
        return false;
      }
      if (count.compareAndSet(taken, taken + 1)) {
        return true;
      }
    }
  }

  /** The count the file holds for {@code code}, 0 when none; for tests. */
  long written(String code) {
    return stored.getOrDefault(code, 0L);
  }

  private void persistQuietly() {
    try {
      persist();
    } catch (RuntimeException e) {
      // The counts stay in memory and are written with the next attempt.
      LOG.warn("event=hit_caps_write_failed file={} error=\"{}\"", file, e.toString());
    }
  }

  /** Writes every count that changed since the last write, in one commit; on {@link #writer} only. */
  private void persist() {
    Map<String, Long> changed = new HashMap<>();
    counts.forEach((code, count) -> {
      long now = count.get();
      Long before = written.get(code);
      if (before == null || before != now) {
        changed.put(code, now);
      }
    });
    if (changed.isEmpty()) {
      return;
    }
    try {
      stored.putAll(changed);
      mv.commit();
    } catch (RuntimeException e) {
      mv.rollback();
      throw e;
    }
    written.putAll(changed); // only once committed: a failed write is tried again next time
  }

  /**
   * Writes the counts a last time and closes the file, on the writer thread; takes after it are not
   * written. Closing again answers the same outcome.
   */
  public synchronized Future<Void> close() {
    if (closed == null) {
      closed = CompletableFuture.runAsync(() -> {
        try {
          persist();
        } finally {
          mv.close();
          LOG.info("event=hit_caps_closed kind=embedded file={}", file);
        }
      }, writer);
      writer.shutdown(); // the periodic write is cancelled; the last one above still runs
    }
    return Future.fromCompletionStage(closed);
  }
}
