package dev.waymark.link;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.waymark.config.WaymarkConfig;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-process cache in front of the {@link LinkStore}: a cached code is one map read with
 * no allocation ({@link #cached}), concurrent misses of one code make one store call
 * ({@link #load}), and unknown codes are remembered briefly so a flood of random codes cannot
 * hammer the store.
 *
 * <p>Known links stay until evicted by size or invalidated by a change notification. When the
 * store's notifications can be lost (Redis pub/sub), they are also re-read in the background
 * after {@code refreshAfter} as a safety net, and a failed re-read keeps the old value, so cached
 * links keep redirecting while the store is down. A failed load is not cached: the next request
 * tries again.
 *
 * <p>Sized for a million links in a few hundred MiB: it holds each link as a compact
 * {@link CachedLink}, and unknown codes live in a second, smaller cache with their short TTL, so
 * the big one needs no per-entry expiry and a flood of random codes cannot evict real links.
 */
public final class LinkCache {

  /** Unknown codes remembered at most; a flood beyond this only costs store lookups. */
  static final long MAX_UNKNOWN = 100_000;
  /** Distinct campaign, channel, source and UTM values shared between cached links. */
  static final long MAX_SHARED_VALUES = 10_000;
  private static final CompletableFuture<CachedLink> UNKNOWN = CompletableFuture.completedFuture(null);

  private final LinkStore store;
  // A plain cache of values, not an async one: Caffeine's async cache keeps a future and (here)
  // an Optional per entry, 40 bytes a link measured with CacheFootprint. Misses are coalesced in
  // `loading` instead, which only holds the codes being loaded.
  private final Cache<String, CachedLink> links;
  private final Map<String, CompletableFuture<CachedLink>> loading = new ConcurrentHashMap<>();
  private final Cache<String, Boolean> unknown;
  private final Interner shared = new Interner(MAX_SHARED_VALUES);
  /** Counts change notifications, so a load that raced with one is not cached. */
  private final AtomicLong changes = new AtomicLong();

  public LinkCache(LinkStore store, WaymarkConfig.Cache config) {
    this(store, config, Ticker.systemTicker());
  }

  LinkCache(LinkStore store, WaymarkConfig.Cache config, Ticker ticker) {
    this.store = store;
    Caffeine<Object, Object> builder = Caffeine.newBuilder()
        .maximumSize(config.maxLinks())
        .ticker(ticker)
        // Caffeine's upkeep (draining its read buffers, evicting, starting refreshes) runs on the
        // thread that touches the cache instead of being handed to the common pool: measured, that
        // hand-off woke a pool thread every few redirects and preempted the event loop on its core.
        // A refresh only starts a non-blocking store call, so running it here is safe too.
        .executor(Runnable::run)
        .recordStats();
    if (store.noticesMayBeLost()) {
      // Only then: measured with the embedded store, re-reading every hot link once a refresh
      // period cost a sixth of the redirects a core can serve, to guard against nothing.
      builder.refreshAfterWrite(config.refreshAfter());
      this.links = builder.build(new Reloader());
    } else {
      this.links = builder.build();
    }
    this.unknown = Caffeine.newBuilder()
        .maximumSize(Math.min(config.maxLinks(), MAX_UNKNOWN))
        .expireAfterWrite(config.negativeTtl())
        .ticker(ticker)
        .executor(Runnable::run) // as above
        .build();
    store.onChange(code -> {
      changes.incrementAndGet();
      if (code == null) {
        links.invalidateAll();
        unknown.invalidateAll();
      } else {
        links.invalidate(code);
        unknown.invalidate(code);
      }
    });
  }

  /** The cached link of a well-formed code, or {@code null} when it must be {@link #load}ed. */
  public CachedLink cached(String code) {
    return links.getIfPresent(code);
  }

  /**
   * Looks up a code that is not cached: completes with its link (now cached), with {@code null}
   * when the code is unknown (remembered for the negative TTL), or fails when the store could not
   * answer (not remembered). Concurrent loads of one code make one store call.
   */
  public CompletableFuture<CachedLink> load(String code) {
    if (unknown.getIfPresent(code) != null) {
      return UNKNOWN;
    }
    // A load that finished since the caller's miss; read through the map view, which does not
    // count a second miss in the cache's statistics.
    CachedLink cached = links.asMap().get(code);
    if (cached != null) {
      return CompletableFuture.completedFuture(cached);
    }
    CompletableFuture<CachedLink> pending = loading.get(code);
    if (pending != null) {
      return pending;
    }
    CompletableFuture<CachedLink> mine = new CompletableFuture<>();
    pending = loading.putIfAbsent(code, mine);
    if (pending != null) {
      return pending;
    }
    long seen = changes.get(); // before the store call, so no change slips in unseen
    find(code).whenComplete((link, error) -> {
      if (error == null && changes.get() == seen) {
        if (link != null) {
          links.put(code, link);
        } else {
          unknown.put(code, Boolean.TRUE);
        }
      }
      loading.remove(code, mine);
      if (error != null) {
        mine.completeExceptionally(error);
      } else {
        mine.complete(link);
      }
    });
    return mine;
  }

  private CompletableFuture<CachedLink> find(String code) {
    return store.find(code)
        .map(link -> link == null ? null : CachedLink.of(code, link, shared))
        .toCompletionStage().toCompletableFuture();
  }

  /** The cache of known links, for metrics binding; unknown codes are not in it. */
  public Cache<String, CachedLink> caffeine() {
    return links;
  }

  /**
   * Re-reads a cached link in the background (stores whose notices may be lost); a failed or
   * empty re-read keeps, respectively drops, the old value. Links are never loaded through it.
   */
  private final class Reloader implements CacheLoader<String, CachedLink> {
    @Override
    public CachedLink load(String code) {
      throw new UnsupportedOperationException("links are loaded through LinkCache.load");
    }

    @Override
    public CompletableFuture<CachedLink> asyncReload(String code, CachedLink old, Executor executor) {
      return find(code);
    }
  }
}
