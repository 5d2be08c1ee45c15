package dev.waymark.audit;

import dev.waymark.storage.EmbeddedFile;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.h2.mvstore.MVMap;

/**
 * The audit log in its own MVStore file ({@code audit.mv} in the data dir): one map from entry id
 * to entry JSON, which MVStore keeps in id order, that is in time order. Every append is committed
 * before its future completes. All file access runs on a small worker pool, never on the caller's
 * event loop.
 */
public final class EmbeddedAuditLog implements AuditLog {

  /** Removals per commit, so that trimming a long backlog never holds one huge transaction. */
  private static final int REMOVE_BATCH = 1000;

  private final EmbeddedFile file;
  private final MVMap<String, String> entries;

  private EmbeddedAuditLog(EmbeddedFile file) {
    this.file = file;
    this.entries = file.map("audit");
  }

  /** Opens (or creates) the file, off the event loop. */
  public static Future<EmbeddedAuditLog> open(Vertx vertx, Path path) {
    return EmbeddedFile.open(vertx, path, "audit").map(EmbeddedAuditLog::new);
  }

  @Override
  public Future<Void> append(List<AuditEntry> batch) {
    List<AuditEntry> copy = List.copyOf(batch);
    // Encoded in the write, on the worker: an import's thousand entries would be felt on an event loop.
    return file.write(() -> {
      for (AuditEntry entry : copy) {
        entries.put(entry.id(), entry.toJson());
      }
      return true;
    }).mapEmpty();
  }

  @Override
  public Future<AuditPage> query(AuditQuery query) {
    return file.read(() -> {
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
    return removeBefore(AuditIds.prefix(cutoff), 0);
  }

  /** One commit of at most {@link #REMOVE_BATCH} removals at a time, until none is left before {@code bound}. */
  private Future<Long> removeBefore(String bound, long removedSoFar) {
    int[] batch = {0};
    return file.write(() -> {
      for (String key = entries.firstKey(); key != null && key.compareTo(bound) < 0 && batch[0] < REMOVE_BATCH;
          key = entries.firstKey()) {
        entries.remove(key);
        batch[0]++;
      }
      return batch[0] > 0;
    }).compose(changed -> changed ? removeBefore(bound, removedSoFar + batch[0]) : Future.succeededFuture(removedSoFar));
  }

  @Override
  public Future<Void> close() {
    return file.close();
  }
}
