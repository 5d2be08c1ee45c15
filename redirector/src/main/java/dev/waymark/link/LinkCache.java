package dev.waymark.link;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.waymark.config.WaymarkConfig;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The in-process cache in front of the {@link LinkStore}: a lookup of a cached code completes
 * at once, concurrent misses of one code make one store call, and unknown codes are remembered
 * briefly so a flood of random codes cannot hammer the store.
 *
 * <p>Known links stay until evicted by size or invalidated by a change notification; they are
 * re-read in the background after {@code refreshAfter} as a safety net for lost notifications,
 * and a failed re-read keeps the old value, so cached links keep redirecting while the store is
 * down. A failed load is not cached: the next request tries again.
 */
public final class LinkCache {

  private final AsyncLoadingCache<String, Optional<Link>> cache;

  public LinkCache(LinkStore store, WaymarkConfig.Cache config) {
    this(store, config, Ticker.systemTicker());
  }

  LinkCache(LinkStore store, WaymarkConfig.Cache config, Ticker ticker) {
    Duration negativeTtl = config.negativeTtl();
    this.cache = Caffeine.newBuilder()
        .maximumSize(config.maxLinks())
        .expireAfter(Expiry.<String, Optional<Link>>writing(
            (code, link) -> link.isPresent() ? Duration.ofNanos(Long.MAX_VALUE) : negativeTtl))
        .refreshAfterWrite(config.refreshAfter())
        .ticker(ticker)
        .recordStats()
        .buildAsync((code, executor) ->
            store.find(code).map(Optional::ofNullable).toCompletionStage().toCompletableFuture());
    store.onChange(code -> {
      if (code == null) {
        cache.synchronous().invalidateAll();
      } else {
        cache.synchronous().invalidate(code);
      }
    });
  }

  /**
   * The link for a well-formed code: already complete when cached, empty when the code is unknown,
   * failed when the store could not answer.
   */
  public CompletableFuture<Optional<Link>> get(String code) {
    return cache.get(code);
  }

  /** The underlying cache, for metrics binding. */
  public AsyncLoadingCache<String, Optional<Link>> caffeine() {
    return cache;
  }
}
