package dev.waymark.storage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MVStore file of an embedded store (brands, keys, the audit log), touched only on a small
 * worker pool of its own, never on the caller's event loop. A {@link #write} holds the file's
 * lock, and is committed before its future completes when it changed something, or rolled back
 * when it threw; {@link #locked} reads see no write half done.
 *
 * <p>The link store keeps its own file handling: its locking, compaction and crash tests are
 * tuned to a hot path this class does not serve.
 */
public final class EmbeddedFile {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedFile.class);

  private final Path file;
  private final String name;
  private final MVStore mv;
  private final WorkerExecutor worker;
  private final Object lock = new Object();

  private EmbeddedFile(Path file, String name, MVStore mv, WorkerExecutor worker) {
    this.file = file;
    this.name = name;
    this.mv = mv;
    this.worker = worker;
  }

  /**
   * Opens (or creates) {@code file} off the event loop; {@code name} (e.g. {@code brand}) names
   * the worker threads and the log lines.
   */
  public static Future<EmbeddedFile> open(Vertx vertx, Path file, String name) {
    WorkerExecutor worker = vertx.createSharedWorkerExecutor("waymark-" + name + "-store", 2, 10, TimeUnit.SECONDS);
    return worker.executeBlocking(() -> {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      // Every write is committed by us, and free chunks are reused at once, as for links.
      MVStore mv = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
      mv.setRetentionTime(0);
      LOG.info("event={}_store_opened kind=embedded file={}", name, file);
      return new EmbeddedFile(file, name, mv, worker);
    }, false).onFailure(e -> worker.close());
  }

  /** The map of this name in the file, created when missing. */
  public <K, V> MVMap<K, V> map(String mapName) {
    return mv.openMap(mapName);
  }

  /** Runs {@code task} on the file's worker pool, without the lock (single map reads need none). */
  public <T> Future<T> read(Callable<T> task) {
    return worker.executeBlocking(task, false);
  }

  /** The record stored under {@code key} in {@code map} as {@code json}, or {@code null}; off the event loop. */
  public <T> Future<T> find(MVMap<String, String> map, String key, StoredJson<T> json) {
    return read(() -> {
      String stored = map.get(key);
      return stored == null ? null : json.decode(stored);
    });
  }

  /** Every record of {@code map}, in key order; off the event loop. */
  public <T> Future<List<T>> all(MVMap<String, String> map, StoredJson<T> json) {
    return read(() -> {
      List<T> all = new ArrayList<>();
      map.values().forEach(stored -> all.add(json.decode(stored)));
      return all;
    });
  }

  /** Runs {@code task} on the worker pool under the lock: it sees no write half done. */
  public <T> Future<T> locked(Callable<T> task) {
    return read(() -> {
      synchronized (lock) {
        return task.call();
      }
    });
  }

  /** Runs {@code change} under the lock and commits when it answers {@code true}; rolls back when it throws. */
  public Future<Boolean> write(Callable<Boolean> change) {
    return read(() -> {
      synchronized (lock) {
        try {
          boolean changed = change.call();
          if (changed) {
            mv.commit();
          }
          return changed;
        } catch (Exception | Error e) {
          // Neither readers nor the next commit may see a write we report as failed.
          mv.rollback();
          throw e;
        }
      }
    });
  }

  /** Closes the file and its worker pool; the file is unusable afterwards. */
  public Future<Void> close() {
    return worker.<Void>executeBlocking(() -> {
      synchronized (lock) {
        mv.close();
      }
      LOG.info("event={}_store_closed kind=embedded file={}", name, file);
      return null;
    }, false).eventually(worker::close);
  }
}
