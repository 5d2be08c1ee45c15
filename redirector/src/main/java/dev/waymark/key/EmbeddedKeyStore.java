package dev.waymark.key;

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
 * Named keys in their own MVStore file ({@code keys.mv} beside {@code links.mv}): every
 * acknowledged write is committed before its future completes. All file access runs on a small
 * worker pool, never on the caller's event loop.
 */
public final class EmbeddedKeyStore implements KeyStore {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKeyStore.class);

  private final Path file;
  private final MVStore mv;
  private final MVMap<String, String> keys;
  private final WorkerExecutor worker;
  // Writes read, change and commit; one at a time, so a commit never carries half of another write.
  private final Object lock = new Object();

  private EmbeddedKeyStore(Path file, MVStore mv, WorkerExecutor worker) {
    this.file = file;
    this.mv = mv;
    this.keys = mv.openMap("keys");
    this.worker = worker;
  }

  /** Opens (or creates) the store file, off the event loop. */
  public static Future<EmbeddedKeyStore> open(Vertx vertx, Path file) {
    WorkerExecutor worker = vertx.createSharedWorkerExecutor("waymark-key-store", 2, 10, TimeUnit.SECONDS);
    return worker.executeBlocking(() -> {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      MVStore mv = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
      mv.setRetentionTime(0);
      EmbeddedKeyStore store = new EmbeddedKeyStore(file, mv, worker);
      LOG.info("event=key_store_opened kind=embedded file={} keys={}", file, store.keys.size());
      return store;
    }, false).onFailure(e -> worker.close());
  }

  @Override
  public Future<NamedKey> find(String id) {
    return run(() -> {
      String json = keys.get(id);
      return json == null ? null : KeyJson.decode(json);
    });
  }

  @Override
  public Future<List<NamedKey>> list() {
    return run(() -> {
      List<NamedKey> all = new ArrayList<>();
      keys.values().forEach(json -> all.add(KeyJson.decode(json)));
      return all;
    });
  }

  @Override
  public Future<Boolean> create(NamedKey key) {
    String json = KeyJson.encode(key);
    return write(() -> keys.putIfAbsent(key.id(), json) == null);
  }

  @Override
  public Future<Boolean> delete(String id) {
    return write(() -> keys.remove(id) != null);
  }

  @Override
  public Future<Void> touch(String id, Instant at) {
    return write(() -> {
      String json = keys.get(id);
      if (json == null) {
        return false;
      }
      NamedKey key = KeyJson.decode(json);
      if (key.lastUsedAt() != null && !key.lastUsedAt().isBefore(at)) {
        return false;
      }
      keys.put(id, KeyJson.encode(key.withLastUsedAt(at)));
      return true;
    }).mapEmpty();
  }

  @Override
  public Future<Void> close() {
    return worker.<Void>executeBlocking(() -> {
      synchronized (lock) {
        mv.close();
      }
      LOG.info("event=key_store_closed kind=embedded file={}", file);
      return null;
    }, false).eventually(worker::close);
  }

  private <T> Future<T> run(Callable<T> task) {
    return worker.executeBlocking(task, false);
  }

  private Future<Boolean> write(Callable<Boolean> change) {
    return run(() -> {
      synchronized (lock) {
        try {
          boolean changed = change.call();
          if (changed) {
            mv.commit();
          }
          return changed;
        } catch (Exception | Error e) {
          mv.rollback();
          throw e;
        }
      }
    });
  }
}
