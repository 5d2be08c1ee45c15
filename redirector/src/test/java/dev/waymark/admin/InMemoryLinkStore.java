package dev.waymark.admin;

import dev.waymark.link.Link;
import dev.waymark.link.LinkPage;
import dev.waymark.link.LinkQuery;
import dev.waymark.link.LinkStore;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.Executor;
import io.vertx.core.Promise;
import java.util.function.Consumer;

/**
 * A thread-safe LinkStore in memory that honours the interface contract (atomic create, newest
 * first by sort key, cursor = sort key of the last item, ANDed filters, change notifications), and
 * can be switched to fail every call, as a store that is down would.
 */
final class InMemoryLinkStore implements LinkStore {

  private final Map<String, Link> byCode = new ConcurrentHashMap<>();
  /** Sort key to link, kept in step with {@link #byCode} under this object's lock. */
  private final ConcurrentSkipListMap<String, Link> bySortKey = new ConcurrentSkipListMap<>();
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
  private final AtomicBoolean down = new AtomicBoolean();
  private final AtomicInteger rivals = new AtomicInteger();

  private final AtomicReference<Executor> completer =
      new AtomicReference<>();

  /** From now on futures complete on {@code executor} (as Lettuce's would), or inline when {@code null}. */
  void completeOn(Executor executor) {
    completer.set(executor);
  }

  /** From now on every call fails (true) or works again (false). */
  void down(boolean isDown) {
    down.set(isDown);
  }

  int size() {
    return byCode.size();
  }

  @Override
  public Future<Link> find(String code) {
    return complete(down.get() ? failure() : Future.succeededFuture(byCode.get(code)));
  }

  @Override
  public Future<Boolean> create(Link link) {
    return complete(createNow(link));
  }

  private Future<Boolean> createNow(Link link) {
    if (down.get()) {
      return failure();
    }
    synchronized (this) {
      if (byCode.putIfAbsent(link.code(), link) != null) {
        return Future.succeededFuture(false);
      }
      bySortKey.put(LinkQuery.sortKey(link), link);
    }
    notify(link.code());
    return Future.succeededFuture(true);
  }

  @Override
  public Future<Boolean> replace(Link link) {
    return complete(replaceNow(link));
  }

  private Future<Boolean> replaceNow(Link link) {
    if (down.get()) {
      return failure();
    }
    synchronized (this) {
      Link old = byCode.get(link.code());
      if (old == null) {
        return Future.succeededFuture(false);
      }
      byCode.put(link.code(), link);
      bySortKey.remove(LinkQuery.sortKey(old));
      bySortKey.put(LinkQuery.sortKey(link), link);
    }
    notify(link.code());
    return Future.succeededFuture(true);
  }

  /**
   * The next {@code writes} compare-and-set calls each find that a rival wrote the link just
   * before them (its {@code updatedAt} moves on a millisecond) and so write nothing, as when
   * another instance keeps rewriting it.
   */
  void rivalWrites(int writes) {
    rivals.set(writes);
  }

  @Override
  public Future<Boolean> replace(Link expected, Link next) {
    return complete(swapNow(expected, next));
  }

  @Override
  public Future<Boolean> delete(Link expected) {
    return complete(swapNow(expected, null));
  }

  private Future<Boolean> swapNow(Link expected, Link next) {
    if (down.get()) {
      return failure();
    }
    synchronized (this) {
      Link old = byCode.get(expected.code());
      if (old != null && rivals.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        Link rival = new Link(old.code(), old.url(), old.campaign(), old.channel(), old.stage(), old.source(),
            old.tags(), old.utm(), old.redirect(), old.expiresAt(), old.enabled(), old.createdAt(),
            old.updatedAt().plusMillis(1), old.linkCode(), old.name(), old.medium(), old.notes());
        byCode.put(old.code(), rival);
        bySortKey.put(LinkQuery.sortKey(rival), rival);
        old = rival;
      }
      if (!expected.equals(old)) {
        return Future.succeededFuture(false);
      }
      bySortKey.remove(LinkQuery.sortKey(old));
      if (next == null) {
        byCode.remove(old.code());
      } else {
        byCode.put(old.code(), next);
        bySortKey.put(LinkQuery.sortKey(next), next);
      }
    }
    notify(expected.code());
    return Future.succeededFuture(true);
  }

  @Override
  public Future<Boolean> delete(String code) {
    return complete(deleteNow(code));
  }

  private Future<Boolean> deleteNow(String code) {
    if (down.get()) {
      return failure();
    }
    synchronized (this) {
      Link old = byCode.remove(code);
      if (old == null) {
        return Future.succeededFuture(false);
      }
      bySortKey.remove(LinkQuery.sortKey(old));
    }
    notify(code);
    return Future.succeededFuture(true);
  }

  @Override
  public Future<LinkPage> list(LinkQuery query) {
    return complete(listNow(query));
  }

  private Future<LinkPage> listNow(LinkQuery query) {
    if (down.get()) {
      return failure();
    }
    Map<String, Link> newestFirst = query.cursor() == null
        ? bySortKey.descendingMap()
        : bySortKey.headMap(query.cursor(), false).descendingMap();
    List<Link> page = new ArrayList<>();
    boolean more = false;
    for (Link link : newestFirst.values()) {
      if (!java.util.Objects.equals(query.link(), link.linkCode())
          || (query.campaign() != null && !query.campaign().equals(link.campaign()))
          || (query.tag() != null && !link.tags().contains(query.tag()))) {
        continue;
      }
      if (page.size() == query.limit()) {
        more = true;
        break;
      }
      page.add(link);
    }
    String next = more ? LinkQuery.sortKey(page.get(page.size() - 1)) : null;
    return Future.succeededFuture(new LinkPage(page, next));
  }

  @Override
  public Future<Void> ping() {
    return down.get() ? failure() : Future.succeededFuture();
  }

  @Override
  public void onChange(Consumer<String> listener) {
    listeners.add(listener);
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }

  private void notify(String code) {
    listeners.forEach(l -> l.accept(code));
  }

  /** Hands the outcome over to another thread when asked to, so callers cannot assume the event loop. */
  private <T> Future<T> complete(Future<T> outcome) {
    Executor executor = completer.get();
    if (executor == null) {
      return outcome;
    }
    Promise<T> promise = Promise.promise();
    executor.execute(() -> outcome.onComplete(promise));
    return promise.future();
  }

  private static <T> Future<T> failure() {
    return Future.failedFuture(new IllegalStateException("in-memory store is down (test)"));
  }
}
