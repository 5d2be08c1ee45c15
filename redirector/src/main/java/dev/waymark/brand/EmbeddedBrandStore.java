package dev.waymark.brand;

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
 * Brands in their own MVStore file ({@code brands.mv} beside {@code links.mv}): every acknowledged
 * write is committed before its future completes, and a brand and its logo image change in one
 * commit. All file access runs on a small worker pool, never on the caller's event loop.
 *
 * <p>A file of its own rather than a map in the links file: brand writes are rare and carry
 * images of up to a MiB, and keeping them apart leaves the link store's locking, compaction and
 * crash tests exactly as they are.
 */
public final class EmbeddedBrandStore implements BrandStore {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBrandStore.class);

  private final Path file;
  private final MVStore mv;
  private final MVMap<String, String> brands;
  private final MVMap<String, byte[]> logos;
  private final WorkerExecutor worker;
  // A brand's record and its logo change together; readers of both take the same lock.
  private final Object lock = new Object();

  private EmbeddedBrandStore(Path file, MVStore mv, WorkerExecutor worker) {
    this.file = file;
    this.mv = mv;
    this.brands = mv.openMap("brands");
    this.logos = mv.openMap("brand-logos");
    this.worker = worker;
  }

  /** Opens (or creates) the store file, off the event loop. */
  public static Future<EmbeddedBrandStore> open(Vertx vertx, Path file) {
    WorkerExecutor worker = vertx.createSharedWorkerExecutor("waymark-brand-store", 2, 10, TimeUnit.SECONDS);
    return worker.executeBlocking(() -> {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      // As for links: we commit every write ourselves and reuse free chunks at once.
      MVStore mv = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
      mv.setRetentionTime(0);
      EmbeddedBrandStore store = new EmbeddedBrandStore(file, mv, worker);
      LOG.info("brand store opened kind=embedded file={} brands={}", file, store.brands.size());
      return store;
    }, false).onFailure(e -> worker.close());
  }

  @Override
  public Future<Brand> find(String name) {
    return run(() -> {
      String json = brands.get(name);
      return json == null ? null : BrandJson.decode(json);
    });
  }

  @Override
  public Future<List<Brand>> list() {
    return run(() -> {
      List<Brand> all = new ArrayList<>();
      // MVMap iterates in key order: by name.
      brands.values().forEach(json -> all.add(BrandJson.decode(json)));
      return all;
    });
  }

  @Override
  public Future<Boolean> create(Brand brand) {
    BrandWrites.requireCreate(brand);
    String json = BrandJson.encode(brand);
    return write(() -> {
      if (brands.putIfAbsent(brand.name(), json) != null) {
        return false;
      }
      logos.remove(brand.name());
      return true;
    });
  }

  @Override
  public Future<Boolean> replace(Brand expected, Brand next) {
    BrandWrites.requireReplace(expected, next);
    return write(() -> swap(expected, next));
  }

  @Override
  public Future<Boolean> replaceLogo(Brand expected, Brand next, byte[] image) {
    BrandWrites.requireReplaceLogo(expected, next, image);
    byte[] copy = image == null ? null : image.clone();
    return write(() -> {
      if (!swap(expected, next)) {
        return false;
      }
      if (copy == null) {
        logos.remove(next.name());
      } else {
        logos.put(next.name(), copy);
      }
      return true;
    });
  }

  @Override
  public Future<byte[]> logo(Brand brand) {
    return run(() -> {
      synchronized (lock) {
        String json = brands.get(brand.name());
        if (json == null || brand.logo() == null || !brand.logo().equals(BrandJson.decode(json).logo())) {
          return null;
        }
        byte[] image = logos.get(brand.name());
        return image == null ? null : image.clone();
      }
    });
  }

  @Override
  public Future<Boolean> delete(String name) {
    return write(() -> {
      logos.remove(name);
      return brands.remove(name) != null;
    });
  }

  @Override
  public Future<Boolean> delete(Brand expected) {
    return write(() -> {
      String current = brands.get(expected.name());
      if (current == null || !BrandJson.decode(current).equals(expected)) {
        return false;
      }
      logos.remove(expected.name());
      brands.remove(expected.name());
      return true;
    });
  }

  @Override
  public Future<Void> close() {
    return worker.<Void>executeBlocking(() -> {
      synchronized (lock) {
        mv.close();
      }
      LOG.info("brand store closed kind=embedded file={}", file);
      return null;
    }, false).eventually(worker::close);
  }

  /** Swaps the record if it still is {@code expected}; the caller holds the lock. */
  private boolean swap(Brand expected, Brand next) {
    String current = brands.get(expected.name());
    if (current == null || !BrandJson.decode(current).equals(expected)) {
      return false;
    }
    brands.put(next.name(), BrandJson.encode(next));
    return true;
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
          // Neither readers nor the next commit may see a write we report as failed.
          mv.rollback();
          throw e;
        }
      }
    });
  }

}
