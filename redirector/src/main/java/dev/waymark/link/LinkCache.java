package dev.waymark.link;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.waymark.config.WaymarkConfig;
import io.vertx.core.Future;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process cache in front of the {@link LinkStore}: a cached code is one table read with
 * no allocation ({@link #cached}), concurrent misses of one code make one store call
 * ({@link #load}), and unknown codes are remembered briefly so a flood of random codes cannot
 * hammer the store.
 *
 * <p>Known links stay until evicted by size or invalidated by a change notification. When the
 * store's notifications can be lost (Redis pub/sub), a link read more than {@code refreshAfter}
 * after it was loaded is also re-read in the background as a safety net, and a failed re-read
 * keeps the old value, so cached links keep redirecting while the store is down. A failed load
 * is not cached: the next request tries again.
 *
 * <p>Known links live in a compact {@link LinkTable}, bounded by links and by a share of the heap;
 * unknown codes live in a second, small Caffeine cache with their short TTL, so the table needs
 * no per-entry expiry and a flood of random codes cannot evict real links. Its memory cost is in
 * ARCHITECTURE.md, "What it costs".
 */
public final class LinkCache {

  /** Unknown codes remembered at most; a flood beyond this only costs store lookups. */
  static final long MAX_UNKNOWN = 100_000;
  private static final Logger LOG = LoggerFactory.getLogger(LinkCache.class);
  /** Distinct campaign, channel, source and UTM values shared between cached links. */
  static final long MAX_SHARED_VALUES = 10_000;
  /**
   * Share of the heap the links may take, whatever the link bound: very long URLs would otherwise
   * let a full table outgrow the heap, and a full heap is an outage.
   */
  static final double MAX_HEAP_SHARE = 0.4;
  private static final CompletableFuture<CachedLink> UNKNOWN = CompletableFuture.completedFuture(null);

  private final LinkStore store;
  private final LinkTable links;
  private final long maxLinks;
  private final Map<String, CompletableFuture<CachedLink>> loading = new ConcurrentHashMap<>();
  private final Set<String> refreshing = ConcurrentHashMap.newKeySet();
  private final Cache<String, Boolean> unknown;
  private final Interner shared = new Interner(MAX_SHARED_VALUES);
  /** Counts change notifications, so a load that raced with one is not cached. */
  private final AtomicLong changes = new AtomicLong();
  private final LongAdder loads = new LongAdder();
  private final LongAdder loadFailures = new LongAdder();
  private final LongAdder unreadable = new LongAdder();
  private final Ticker ticker;
  private final long origin;
  /** Whether a campaign's default turns conversions on; read when a link is loaded, never per request. */
  private final Predicate<String> campaignConversions;
  /** Seconds after its load that a read re-reads a link; 0 when the store's notices cannot be lost. */
  private final long refreshAfterSeconds;
  /**
   * Links loaded before this (in {@link #now} seconds) are re-read on their next use: set when the
   * store says changes may have been missed. One second late rather than early, so a link loaded
   * in that second is re-read too; a re-read within it is re-read once more.
   */
  private volatile int staleBefore = Integer.MIN_VALUE;

  public LinkCache(LinkStore store, WaymarkConfig.Cache config) {
    this(store, config, campaign -> false);
  }

  /**
   * @param campaignConversions true for a campaign whose default turns conversions on for its links;
   *     when its answers change, call {@link #campaignsChanged}
   */
  public LinkCache(LinkStore store, WaymarkConfig.Cache config, Predicate<String> campaignConversions) {
    this(store, config, Ticker.systemTicker(), campaignConversions);
  }

  LinkCache(LinkStore store, WaymarkConfig.Cache config, Ticker ticker) {
    this(store, config, ticker, campaign -> false);
  }

  LinkCache(LinkStore store, WaymarkConfig.Cache config, Ticker ticker, Predicate<String> campaignConversions) {
    this.store = store;
    this.campaignConversions = campaignConversions;
    this.maxLinks = config.maxLinks();
    this.links = new LinkTable(config.maxLinks(), (long) (Runtime.getRuntime().maxMemory() * MAX_HEAP_SHARE));
    this.ticker = ticker;
    this.origin = ticker.read();
    // Only when notices may be lost: re-reading every hot link once a refresh period costs the
    // redirect path a measurable share of its core (ARCHITECTURE.md), to guard against nothing.
    this.refreshAfterSeconds = store.noticesMayBeLost() ? Math.max(1, config.refreshAfter().toSeconds()) : 0;
    this.unknown = Caffeine.newBuilder()
        .maximumSize(Math.min(config.maxLinks(), MAX_UNKNOWN))
        .expireAfterWrite(config.negativeTtl())
        .ticker(ticker)
        // Caffeine's upkeep runs on the thread that touches the cache instead of being handed to
        // the common pool: measured, that hand-off woke a pool thread every few redirects and
        // preempted the event loop on its core.
        .executor(Runnable::run)
        .build();
    store.onChange(code -> {
      changes.incrementAndGet();
      if (code == null) {
        // Changes may have been missed (the store's connection came back, perhaps to a promoted
        // replica): every cached link is re-read on its next use but served meanwhile, so a store
        // that still cannot answer costs no redirect. Dropping them made each a 503 until then.
        staleBefore = now() + 1;
        unknown.invalidateAll();
      } else {
        links.remove(code);
        unknown.invalidate(code);
      }
    });
  }

  /**
   * Campaign defaults changed: every cached link is re-read on its next use and served as it was
   * meanwhile, as after missed link notices. All of them rather than the campaign's: the table
   * knows links by code only, and such changes are rare admin acts, so a re-read of each hot link
   * is cheap next to an index by campaign kept for them. Loads under way are not cached.
   */
  public void campaignsChanged() {
    changes.incrementAndGet();
    staleBefore = now() + 1;
  }

  /** The cached link of a well-formed code, or {@code null} when it must be {@link #load}ed. */
  public CachedLink cached(String code) {
    CachedLink link = links.get(code);
    if (link != null && (link.loadedAt() < staleBefore
        || refreshAfterSeconds != 0 && now() - link.loadedAt() >= refreshAfterSeconds)) {
      refresh(code);
    }
    return link;
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
    // A load that finished since the caller's miss; peeked, so it is not counted as a second miss.
    CachedLink cached = links.peek(code);
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
          links.put(link);
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

  /** Drops a cached link, as a change notice of its code does. */
  void forget(String code) {
    links.remove(code);
  }

  /**
   * Caches a link read from the store while no change notice of it arrived, unless its code is cached
   * already (a request loaded it meanwhile, as fresh); {@code false} when the table is full, so
   * that this link, or the one it would evict, is left to be loaded on use.
   */
  boolean prime(Link link) {
    if (links.size() >= maxLinks || links.peek(link.code()) != null) {
      return links.size() < maxLinks;
    }
    long evictedBefore = links.evictions();
    links.put(cachedForm(link.code(), link));
    return links.evictions() == evictedBefore;
  }

  /**
   * Re-reads a cached link in the background (stores whose notices may be lost), once at a time
   * per code: a failed re-read keeps the old value, an empty one drops it.
   */
  private void refresh(String code) {
    if (!refreshing.add(code)) {
      return;
    }
    long seen = changes.get();
    find(code).whenComplete((link, error) -> {
      refreshing.remove(code);
      if (error != null || changes.get() != seen) {
        return; // kept; or a change notice already dropped it, and the next read loads it anew
      }
      if (link != null) {
        links.put(link);
      } else {
        links.remove(code);
      }
    });
  }

  private CompletableFuture<CachedLink> find(String code) {
    return store.find(code)
        .map(link -> link == null ? null : cachedForm(code, link))
        .recover(error -> {
          UnreadableLinkException cause = unreadableCause(error);
          return cause != null ? Future.succeededFuture(unreadable(code, cause)) : Future.failedFuture(error);
        })
        .onComplete(r -> (r.succeeded() ? loads : loadFailures).increment())
        .toCompletionStage().toCompletableFuture();
  }

  private CachedLink cachedForm(String code, Link link) {
    try {
      return CachedLink.of(code, link, shared, now(), campaignConversions.test(link.campaign()));
    } catch (RuntimeException e) {
      return unreadable(code, e); // e.g. a record copied by hand under another code
    }
  }

  /**
   * The marker of a record the store read but no link can be made of. Reported once, when it
   * enters the cache: while it stays, the refresh re-reads it quietly, and a fix reaches it as
   * any change does.
   */
  private CachedLink unreadable(String code, Throwable cause) {
    CachedLink before = links.peek(code);
    if (before == null || !before.isUnreadable()) {
      unreadable.increment();
      LOG.error("event=link_unreadable code={} answer=500 error=\"{}\"", code,
          String.valueOf(cause.getMessage()).replace('\n', ' ').replace('"', '\''));
    }
    return CachedLink.unreadable(code, now());
  }

  private static UnreadableLinkException unreadableCause(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof UnreadableLinkException u) {
        return u;
      }
    }
    return null;
  }

  /** The cache's clock in whole seconds since it was made. */
  private int now() {
    return (int) ((ticker.read() - origin) / 1_000_000_000L);
  }

  /** Links cached now. */
  public long size() {
    return links.size();
  }

  /** Lookups of {@link #cached} that found the link. */
  public long hits() {
    return links.hits();
  }

  /** Lookups of {@link #cached} that did not; each is followed by a {@link #load}. */
  public long misses() {
    return links.misses();
  }

  /** The heap the cached links take, estimated. */
  public long bytes() {
    return links.bytes();
  }

  /** Links dropped to make room for others. */
  public long evictions() {
    return links.evictions();
  }

  /** Store reads of links (loads and refreshes) that answered, with a link or without. */
  public long loads() {
    return loads.sum();
  }

  /**
   * Stored records found that no link can be made of (each answered 500 until fixed), counted when
   * they enter the cache.
   */
  public long unreadable() {
    return unreadable.sum();
  }

  /** Store reads of links that failed. */
  public long loadFailures() {
    return loadFailures.sum();
  }
}
