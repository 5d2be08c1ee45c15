package dev.waymark.audit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log in its own MVStore file ({@code audit.mv} in the data dir): one map from entry id
 * to entry JSON, which MVStore keeps in id order, that is in time order. Every append is committed
 * before its future completes. All file access runs on a small worker pool, never on the caller's
 * event loop.
 */
public final class EmbeddedAuditLog implements AuditLog {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedAuditLog.class);
  /** Removals per commit, so that trimming a long backlog never holds one huge transaction. */
  private static final int REMOVE_BATCH = 1000;

  private final Path file;
  private final MVStore mv;
  private final MVMap<String, String> entries;
  private final WorkerExecutor worker;
  private final Object lock = new Object();

  private EmbeddedAuditLog(Path file, MVStore mv, WorkerExecutor worker) {
    this.file = file;
    this.mv = mv;
    this.entries = mv.openMap("audit");
    this.worker = worker;
  }

  /** Opens (or creates) the file, off the event loop. */
  public static Future<EmbeddedAuditLog> open(Vertx vertx, Path file) {
    WorkerExecutor worker = vertx.createSharedWorkerExecutor("waymark-audit-log", 1, 30, TimeUnit.SECONDS);
    return worker.executeBlocking(() -> {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      MVStore mv = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
      mv.setRetentionTime(0);
      EmbeddedAuditLog log = new EmbeddedAuditLog(file, mv, worker);
      LOG.info("event=audit_log_opened kind=embedded file={} entries={}", file, log.entries.size());
      return log;
    }, false).onFailure(e -> worker.close());
  }

  @Override
  public Future<Void> append(List<AuditEntry> batch) {
    List<AuditEntry> copy = List.copyOf(batch);
    return run(() -> {
      // Encoded here, on the worker: an import's thousand entries would be felt on an event loop.
      List<String[]> rows = copy.stream().map(e -> new String[] {e.id(), e.toJson()}).toList();
      synchronized (lock) {
        try {
          rows.forEach(row -> entries.put(row[0], row[1]));
          mv.commit();
        } catch (RuntimeException | Error e) {
          mv.rollback();
          throw e;
        }
      }
      return null;
    });
  }

  @Override
  public Future<AuditPage> query(AuditQuery query) {
    return run(() -> {
      List<AuditEntry> page = new ArrayList<>();
      String lower = query.lowerBound();
      String upper = query.upperBound();
      String key = upper == null ? entries.lastKey() : entries.lowerKey(upper);
      int scanned = 0;
      while (key != null && (lower == null || key.compareTo(lower) >= 0)) {
        String json = entries.get(key);
        if (json != null) {
          AuditEntry entry = AuditEntry.fromJson(json);
          if (query.matches(entry)) {
            page.add(entry);
            if (page.size() == query.limit()) {
              return new AuditPage(page, more(key, lower) ? key : null);
            }
          }
        }
        if (++scanned >= AuditQuery.SCAN_LIMIT) {
          return new AuditPage(page, more(key, lower) ? key : null);
        }
        key = entries.lowerKey(key);
      }
      return new AuditPage(page, null);
    });
  }

  /** Whether an entry within the page's lower bound lies below {@code key}. */
  private boolean more(String key, String lower) {
    String below = entries.lowerKey(key);
    return below != null && (lower == null || below.compareTo(lower) >= 0);
  }

  @Override
  public Future<Long> removeBefore(Instant cutoff) {
    String bound = AuditIds.prefix(cutoff);
    return run(() -> {
      long removed = 0;
      while (true) {
        synchronized (lock) {
          int batch = 0;
          for (String key = entries.firstKey(); key != null && key.compareTo(bound) < 0 && batch < REMOVE_BATCH;
              key = entries.firstKey()) {
            entries.remove(key);
            batch++;
          }
          if (batch == 0) {
            return removed;
          }
          mv.commit();
          removed += batch;
        }
      }
    });
  }

  @Override
  public Future<Void> close() {
    return worker.<Void>executeBlocking(() -> {
      synchronized (lock) {
        mv.close();
      }
      LOG.info("event=audit_log_closed kind=embedded file={}", file);
      return null;
    }, false).eventually(worker::close);
  }

  private <T> Future<T> run(Callable<T> task) {
    return worker.executeBlocking(task, false);
  }
}
