package dev.waymark.link;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.waymark.config.WaymarkConfig;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-process cache in front of the {@link LinkStore}: a lookup of a cached code completes
 * at once, concurrent misses of one code make one store call, and unknown codes are remembered
 * briefly so a flood of random codes cannot hammer the store.
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
  private static final CompletableFuture<Optional<CachedLink>> UNKNOWN =
      CompletableFuture.completedFuture(Optional.empty());

  private final AsyncLoadingCache<String, Optional<CachedLink>> links;
  private final Cache<String, Boolean> unknown;
  private final Interner shared = new Interner(MAX_SHARED_VALUES);
  /** Counts change notifications, so a load that raced with one does not remember "unknown". */
  private final AtomicLong changes = new AtomicLong();

  public LinkCache(LinkStore store, WaymarkConfig.Cache config) {
    this(store, config, Ticker.systemTicker());
  }

  LinkCache(LinkStore store, WaymarkConfig.Cache config, Ticker ticker) {
    // A load that finds nothing completes with null, which Caffeine does not keep; get() then
    // remembers the code in `unknown` instead.
    Caffeine<Object, Object> builder = Caffeine.newBuilder().maximumSize(config.maxLinks());
    if (store.noticesMayBeLost()) {
      // Only then: measured with the embedded store, re-reading every hot link once a refresh
      // period cost a sixth of the redirects a core can serve, to guard against nothing.
      builder.refreshAfterWrite(config.refreshAfter());
    }
    this.links = builder
        .ticker(ticker)
        // Caffeine's upkeep (draining its read buffers, evicting, starting refreshes) runs on the
        // thread that touches the cache instead of being handed to the common pool: measured, that
        // hand-off woke a pool thread every few redirects and preempted the event loop on its core.
        // The loader only starts a non-blocking store call, so running it here is safe too.
        .executor(Runnable::run)
        .recordStats()
        .buildAsync((code, executor) -> store.find(code)
            .map(link -> link == null ? null : Optional.of(CachedLink.of(code, link, shared)))
            .toCompletionStage().toCompletableFuture());
    this.unknown = Caffeine.newBuilder()
        .maximumSize(Math.min(config.maxLinks(), MAX_UNKNOWN))
        .expireAfterWrite(config.negativeTtl())
        .ticker(ticker)
        .executor(Runnable::run) // as above
        .build();
    store.onChange(code -> {
      changes.incrementAndGet();
      if (code == null) {
        links.synchronous().invalidateAll();
        unknown.invalidateAll();
      } else {
        links.synchronous().invalidate(code);
        unknown.invalidate(code);
      }
    });
  }

  /**
   * The link for a well-formed code: already complete when cached, empty when the code is unknown,
   * failed when the store could not answer.
   */
  public CompletableFuture<Optional<CachedLink>> get(String code) {
    if (unknown.getIfPresent(code) != null) {
      return UNKNOWN;
    }
    long seen = changes.get(); // before the load starts, so no change slips in unseen
    CompletableFuture<Optional<CachedLink>> found = links.get(code);
    if (found.isDone() && !found.isCompletedExceptionally() && found.join() != null) {
      return found; // the hot path: no allocation
    }
    return found.thenApply(link -> {
      if (link != null) {
        return link;
      }
      if (changes.get() == seen) {
        unknown.put(code, Boolean.TRUE);
      }
      return Optional.empty();
    });
  }

  /** The cache of known links, for metrics binding; unknown codes are not in it. */
  public AsyncLoadingCache<String, Optional<CachedLink>> caffeine() {
    return links;
  }
}
