package dev.waymark.link;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A link store in one MVStore file for a single process: every acknowledged write is committed
 * to the file before its future completes, so a process crash (even kill -9) loses nothing
 * acknowledged, and the list indices always agree with the stored links. Writes are not fsynced:
 * surviving a power loss is Redis's job.
 *
 * <p>All file access runs on a shared worker pool, never on the caller's event loop.
 */
public final class EmbeddedLinkStore implements LinkStore {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedLinkStore.class);
  private static final int WORKERS = 4;
  private static final String ALL = "all|";
  /**
   * Every commit writes a new chunk, and unreclaimed chunks grew the file many times faster than
   * the links in it (figures in ARCHITECTURE.md). Reusing free chunks at once and compacting every
   * few hundred commits (a bulk import is one commit) keeps it near the size of its links.
   */
  private static final int COMPACT_EVERY = 256;
  private static final int COMPACT_FILL_PERCENT = 80;
  private static final int COMPACT_WRITE_BYTES = 4 << 20;
  private static final int PAGE_SPLIT_BYTES = 4096;
  private static final int STORE_CACHE_MIB = 4;

  private final Path file;
  private final MVStore mv;
  private final MVMap<String, String> links;
  private final MVMap<String, String> index;
  private final WorkerExecutor worker;
  // Writes change a link and its index entries together; list must not see half of that.
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private int writesSinceCompaction;
  private final LinkChangeListeners listeners = new LinkChangeListeners();

  private EmbeddedLinkStore(Path file, MVStore mv, WorkerExecutor worker) {
    this.file = file;
    this.mv = mv;
    this.links = mv.openMap("links");
    this.index = mv.openMap("links.index");
    this.worker = worker;
  }

  /** Opens (or creates) the store file, off the event loop. */
  public static Future<EmbeddedLinkStore> open(Vertx vertx, Path file) {
    WorkerExecutor worker = vertx.createSharedWorkerExecutor(
        "waymark-link-store", WORKERS, 10, TimeUnit.SECONDS);
    return worker.executeBlocking(() -> {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      // Auto-commit stays off: we commit after every write ourselves, so nothing is ever half
      // persisted and nothing acknowledged waits for a background timer.
      MVStore mv = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled()
          // Codes are random, so every link written rewrites a whole leaf page of the links
          // map: small, LZF-compressed pages write a fraction of the bytes of the default 16 KiB
          // ones, which made bulk imports faster and the file smaller (ARCHITECTURE.md). Both
          // apply to pages as they are written; old files still read.
          .pageSplitSize(PAGE_SPLIT_BYTES)
          .compress()
          // The link cache in front holds every link in use, so the store's own page cache only
          // speeds first reads: 4 MiB instead of the default 16 is heap the link cache can use.
          .cacheSize(STORE_CACHE_MIB)
          .open();
      // Free chunks are reused at once instead of after 45 s. That keeps every guarantee for a
      // process crash (kill -9); after a power loss the file may be damaged, like any file that
      // is not fsynced: run Redis with AOF when links must survive that.
      mv.setRetentionTime(0);
      EmbeddedLinkStore store = new EmbeddedLinkStore(file, mv, worker);
      LOG.info("event=link_store_opened kind=embedded file={} links={}", file, store.links.size());
      return store;
    }, false).onFailure(e -> worker.close());
  }

  @Override
  public Future<Link> find(String code) {
    return run(() -> {
      String json = links.get(code);
      return json == null ? null : LinkJson.decode(json);
    });
  }

  @Override
  public Future<Boolean> create(Link link) {
    String json = LinkJson.encode(link);
    return write(link.code(), () -> {
      if (links.putIfAbsent(link.code(), json) != null) {
        return false;
      }
      addToIndices(link);
      return true;
    });
  }

  /** All in one commit, under one write lock: a bulk import costs one file write per call. */
  @Override
  public Future<List<Boolean>> createAll(List<Link> batch) {
    List<Boolean> written = new ArrayList<>(batch.size());
    return writeAll(() -> {
      List<String> created = new ArrayList<>(batch.size());
      for (Link link : batch) {
        boolean free = links.putIfAbsent(link.code(), LinkJson.encode(link)) == null;
        if (free) {
          addToIndices(link);
          created.add(link.code());
        }
        written.add(free);
      }
      return created;
    }).map(created -> written);
  }

  @Override
  public Future<Boolean> replace(Link link) {
    String json = LinkJson.encode(link);
    return write(link.code(), () -> {
      String old = links.replace(link.code(), json);
      if (old == null) {
        return false;
      }
      removeFromIndices(LinkJson.decode(old));
      addToIndices(link);
      return true;
    });
  }

  @Override
  public Future<Boolean> replace(Link expected, Link next) {
    Link.requireSameCode(expected, next);
    String json = LinkJson.encode(next);
    // Under the write lock, which every write takes: nothing can land between compare and set.
    return write(next.code(), () -> {
      if (!holds(expected)) {
        return false;
      }
      links.put(next.code(), json);
      removeFromIndices(expected);
      addToIndices(next);
      return true;
    });
  }

  @Override
  public Future<Boolean> delete(Link expected) {
    return write(expected.code(), () -> {
      if (!holds(expected)) {
        return false;
      }
      links.remove(expected.code());
      removeFromIndices(expected);
      return true;
    });
  }

  /** True when the stored link equals {@code expected}; the caller holds the write lock. */
  private boolean holds(Link expected) {
    String current = links.get(expected.code());
    return current != null && LinkJson.decode(current).equals(expected);
  }

  @Override
  public Future<Boolean> delete(String code) {
    return write(code, () -> {
      String old = links.remove(code);
      if (old == null) {
        return false;
      }
      removeFromIndices(LinkJson.decode(old));
      return true;
    });
  }

  @Override
  public Future<LinkPage> list(LinkQuery query) {
    return run(() -> {
      lock.readLock().lock();
      try {
        return page(query);
      } finally {
        lock.readLock().unlock();
      }
    });
  }

  @Override
  public Future<Void> ping() {
    return run(() -> {
      if (mv.isClosed()) {
        throw new IllegalStateException("link store file " + file + " is closed");
      }
      return null;
    });
  }

  /** Every write goes through this process and tells its listeners before it completes. */
  @Override
  public boolean noticesMayBeLost() {
    return false;
  }

  @Override
  public void onChange(Consumer<String> listener) {
    listeners.add(listener);
  }

  @Override
  public Future<Void> close() {
    return worker.<Void>executeBlocking(() -> {
      lock.writeLock().lock();
      try {
        mv.close();
      } finally {
        lock.writeLock().unlock();
      }
      LOG.info("event=link_store_closed kind=embedded file={}", file);
      return null;
    }, false).eventually(worker::close);
  }

  private <T> Future<T> run(Callable<T> task) {
    return worker.executeBlocking(task, false);
  }

  private Future<Boolean> write(String code, Callable<Boolean> change) {
    return writeAll(() -> change.call() ? List.of(code) : List.of()).map(changed -> !changed.isEmpty());
  }

  /**
   * Runs {@code change} under the write lock and commits once if it changed anything; it returns
   * the codes it changed, which listeners are told after the commit.
   */
  private Future<List<String>> writeAll(Callable<List<String>> change) {
    return run(() -> {
      List<String> changed;
      lock.writeLock().lock();
      try {
        try {
          changed = change.call();
          if (!changed.isEmpty()) {
            mv.commit();
            if (++writesSinceCompaction >= COMPACT_EVERY) {
              // Done here, under the write lock and after a commit, so it never persists half a
              // write (MVStore's background thread, which would do it for us, could).
              writesSinceCompaction = 0;
              mv.compact(COMPACT_FILL_PERCENT, COMPACT_WRITE_BYTES);
              mv.commit();
            }
          }
        } catch (Exception | Error e) {
          // Neither readers nor the next commit may see a write we report as failed.
          mv.rollback();
          throw e;
        }
      } finally {
        lock.writeLock().unlock();
      }
      changed.forEach(listeners::changed);
      return changed;
    });
  }

  private void addToIndices(Link link) {
    String key = LinkQuery.sortKey(link);
    for (String name : indexNames(link)) {
      index.put(name + key, link.code());
    }
  }

  private void removeFromIndices(Link link) {
    String key = LinkQuery.sortKey(link);
    for (String name : indexNames(link)) {
      index.remove(name + key);
    }
  }

  /** Walks one index newest first, keeping entries the other filter (if any) also lists. */
  private LinkPage page(LinkQuery query) {
    String walk = query.link() != null ? touchpointIndex(query.link())
        : query.campaign() != null ? campaignIndex(query.campaign())
        : query.tag() != null ? tagIndex(query.tag()) : ALL;
    String other = query.campaign() != null && query.tag() != null ? tagIndex(query.tag()) : null;
    // Entries are "<index name><sort key>"; a sort key never starts with \uffff, so that bounds
    // the newest possible entry of this index.
    String from = walk + (query.cursor() == null ? "\uffff" : query.cursor());
    Cursor<String, String> entries = index.cursor(from, walk, true);
    List<Link> page = new ArrayList<>(query.limit());
    String last = null;
    while (entries.hasNext()) {
      String entry = entries.next();
      if (!entry.startsWith(walk)) {
        break;
      }
      String sortKey = entry.substring(walk.length());
      if (sortKey.equals(query.cursor()) || (other != null && !index.containsKey(other + sortKey))) {
        continue;
      }
      if (page.size() == query.limit()) {
        return new LinkPage(page, last);
      }
      page.add(LinkJson.decode(links.get(entries.getValue())));
      last = sortKey;
    }
    return new LinkPage(page, null);
  }

  private static List<String> indexNames(Link link) {
    if (link.isTouchpoint()) {
      // Only on their link's list, so the link list (and its filters) never shows them.
      return List.of(touchpointIndex(link.linkCode()));
    }
    List<String> names = new ArrayList<>();
    names.add(ALL);
    if (link.campaign() != null) {
      names.add(campaignIndex(link.campaign()));
    }
    for (String tag : new LinkedHashSet<>(link.tags())) {
      names.add(tagIndex(tag));
    }
    return names;
  }

  // Length-prefixed, so no index name is a prefix of another whatever the campaign or tag holds.
  private static String campaignIndex(String campaign) {
    return "campaign:" + campaign.length() + ":" + campaign + "|";
  }

  private static String touchpointIndex(String linkCode) {
    return "touchpoints:" + linkCode.length() + ":" + linkCode + "|";
  }

  private static String tagIndex(String tag) {
    return "tag:" + tag.length() + ":" + tag + "|";
  }
}
