package dev.waymark.link;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.waymark.config.WaymarkConfig;
import dev.waymark.journey.Stage;
import dev.waymark.touchpoint.Touchpoint;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class LinkCacheTest {

  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private final ScriptedStore store = new ScriptedStore();
  private final AtomicLong nanos = new AtomicLong();
  private final Ticker ticker = nanos::get;
  private final LinkCache cache = new LinkCache(store,
      new WaymarkConfig.Cache(1000, Duration.ofSeconds(5), Duration.ofSeconds(60)), ticker);

  private static Link link(String code, String url) {
    return new Link(code, url, null, null, null, null, null, null, 302, null, true, T0, T0);
  }

  /** A lookup as the redirect handler makes it: from memory when cached, else through the store. */
  private static CompletableFuture<Optional<CachedLink>> get(LinkCache cache, String code) {
    CachedLink cached = cache.cached(code);
    return cached != null ? CompletableFuture.completedFuture(Optional.of(cached))
        : cache.load(code).thenApply(Optional::ofNullable);
  }

  private static Optional<CachedLink> now(CompletableFuture<Optional<CachedLink>> f) throws Exception {
    return f.get(5, TimeUnit.SECONDS);
  }

  @Test
  void get_cachedCode_completesAtOnceWithoutAskingTheStore() throws Exception {
    store.links.put("abc", link("abc", "https://example.com/"));
    assertThat(now(get(cache, "abc"))).isPresent();
    CompletableFuture<Optional<CachedLink>> second = get(cache, "abc");
    assertThat(second).isDone();
    assertThat(second.join()).map(CachedLink::url).hasValue("https://example.com/");
    assertThat(cache.cached("abc")).as("the hot path's lookup").isNotNull();
    assertThat(store.finds.get()).isEqualTo(1);
  }

  @Test
  void get_concurrentMissesOfOneCode_makeOneStoreCall() throws Exception {
    store.links.put("abc", link("abc", "https://example.com/"));
    store.holdFinds = true;
    List<CompletableFuture<Optional<CachedLink>>> waiting = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      waiting.add(get(cache, "abc"));
    }
    store.releaseFinds();
    for (CompletableFuture<Optional<CachedLink>> f : waiting) {
      assertThat(now(f)).isPresent();
    }
    assertThat(store.finds.get()).isEqualTo(1);
  }

  @Test
  void get_unknownCode_isRememberedForTheNegativeTtlOnly() throws Exception {
    assertThat(now(get(cache, "nope"))).isEmpty();
    assertThat(now(get(cache, "nope"))).isEmpty();
    assertThat(store.finds.get()).isEqualTo(1);

    store.links.put("nope", link("nope", "https://example.com/late"));
    nanos.addAndGet(Duration.ofSeconds(6).toNanos());
    assertThat(now(get(cache, "nope"))).isPresent();
    assertThat(store.finds.get()).isEqualTo(2);
  }

  @Test
  void get_knownLink_doesNotExpireWithTheNegativeTtl() throws Exception {
    store.links.put("abc", link("abc", "https://example.com/"));
    now(get(cache, "abc"));
    nanos.addAndGet(Duration.ofSeconds(30).toNanos());
    assertThat(now(get(cache, "abc"))).isPresent();
    assertThat(store.finds.get()).isEqualTo(1);
  }

  @Test
  void change_notification_dropsTheCachedCopy() throws Exception {
    store.links.put("abc", link("abc", "https://example.com/one"));
    now(get(cache, "abc"));
    store.links.put("abc", link("abc", "https://example.com/two"));
    store.notifyChange("abc");
    assertThat(now(get(cache, "abc"))).map(CachedLink::url).hasValue("https://example.com/two");
  }

  @Test
  void change_notificationOfEverything_rereadsEveryCachedCopy_servingItMeanwhile() throws Exception {
    store.links.put("a", link("a", "https://example.com/a"));
    store.links.put("b", link("b", "https://example.com/b"));
    now(get(cache, "a"));
    now(get(cache, "b"));
    store.links.put("a", link("a", "https://example.com/a2")); // its notice lost
    store.notifyChange(null);
    assertThat(now(get(cache, "a"))).map(CachedLink::url).as("served while re-read").hasValue("https://example.com/a");
    now(get(cache, "b"));
    assertThat(store.finds.get()).as("one re-read each").isEqualTo(4);
    nanos.addAndGet(TimeUnit.SECONDS.toNanos(2)); // past the second of the notice
    assertThat(now(get(cache, "a"))).map(CachedLink::url).hasValue("https://example.com/a2");
    now(get(cache, "b"));
    assertThat(store.finds.get()).as("re-read once more: the re-reads were in the notice's second").isEqualTo(6);
    now(get(cache, "a"));
    now(get(cache, "b"));
    assertThat(store.finds.get()).as("then no more, not on every use").isEqualTo(6);
  }

  @Test
  void change_notificationOfEverything_storeStillDown_cachedLinksKeepAnswering() throws Exception {
    store.links.put("a", link("a", "https://example.com/a"));
    now(get(cache, "a"));
    store.failing = true;
    store.notifyChange(null); // the connection is back, the store not yet (a failover under way)
    for (int i = 0; i < 3; i++) {
      assertThat(cache.cached("a")).as("no 503 for a cached link").isNotNull();
      nanos.addAndGet(TimeUnit.SECONDS.toNanos(1));
    }
    store.failing = false;
    store.links.put("a", link("a", "https://example.com/a3"));
    cache.cached("a"); // still stale: this use starts the re-read that now succeeds
    assertThat(now(get(cache, "a"))).map(CachedLink::url).hasValue("https://example.com/a3");
  }

  @Test
  void get_unknownCodeCreatedWhileItsLookupRan_isNotRememberedAsUnknown() throws Exception {
    store.holdFinds = true;
    CompletableFuture<Optional<CachedLink>> lookup = get(cache, "late");
    store.notifyChange("late"); // created while the store was being asked
    store.releaseFinds();
    assertThat(now(lookup)).isEmpty();
    store.links.put("late", link("late", "https://example.com/late"));
    assertThat(now(get(cache, "late"))).isPresent();
  }

  @Test
  void get_linksOfOneCampaign_shareTheirTextsAndUtm() throws Exception {
    for (String code : List.of("a", "b")) {
      store.links.put(code, new Link(code, "https://example.com/" + code, new String("spring"), new String("poster"),
          Stage.AWARENESS, new String("utrecht"), List.of("t"), Map.of("medium", new String("offline")), 307,
          T0.plusSeconds(60), true, T0, T0));
    }
    CachedLink a = now(get(cache, "a")).orElseThrow();
    CachedLink b = now(get(cache, "b")).orElseThrow();
    assertThat(b.campaign()).isSameAs(a.campaign()).isEqualTo("spring");
    assertThat(b.channel()).isSameAs(a.channel());
    assertThat(b.source()).isSameAs(a.source());
    assertThat(b.utm()).isSameAs(a.utm()).containsExactly(Map.entry("medium", "offline"));
    assertThat(a.code()).isEqualTo("a");
    assertThat(a.redirect()).isEqualTo(307);
    assertThat(a.isPermanent()).isFalse();
    assertThat(a.isLive(T0.toEpochMilli())).isTrue();
    assertThat(a.isLive(T0.plusSeconds(60).toEpochMilli())).as("expired at expiresAt").isFalse();
  }

  @Test
  void cachedLink_disabledOrTouchpoint_keepsWhatTheRedirectNeeds() {
    CachedLink off = CachedLink.of(new Link("off", "https://example.com/", null, null, null, null, null, null, 308,
        null, false, T0, T0));
    assertThat(off.isLive(Long.MIN_VALUE + 1)).isFalse();
    assertThat(off.enabled()).isFalse();
    assertThat(off.isPermanent()).isTrue();
    CachedLink on = CachedLink.of(link("on", "https://example.com/"));
    assertThat(on.isLive(Long.MAX_VALUE - 1)).as("no expiry").isTrue();
    assertThat(on.enabled()).isTrue();
    assertThat(on.utm()).isEmpty();
    CachedLink tp = CachedLink.of(
        new Touchpoint("tp", "on", "Poster", "poster", Stage.SERVICE, null, null, null, true, T0, T0).toStored());
    assertThat(tp.isTouchpoint()).isTrue();
    assertThat(tp.linkCode()).isEqualTo("on");
    assertThat(tp.url()).isNull();
    assertThat(tp.channel()).isEqualTo("poster");
  }

  @Test
  void get_damagedRecord_cachedAsUnreadableAndCountedOnce() throws Exception {
    store.damaged = true;
    Optional<CachedLink> first = now(get(cache, "bad"));
    assertThat(first).hasValueSatisfying(l -> {
      assertThat(l.isUnreadable()).isTrue();
      assertThat(l.isLive(T0.toEpochMilli())).as("kept off the redirect's fast branch").isFalse();
      assertThat(l.isTouchpoint()).isFalse();
    });
    assertThat(now(get(cache, "bad"))).hasValueSatisfying(l -> assertThat(l.isUnreadable()).isTrue());
    assertThat(store.finds.get()).as("not re-read per request").isEqualTo(1);
    assertThat(cache.loadFailures()).isZero();

    nanos.addAndGet(Duration.ofSeconds(61).toNanos());
    cache.cached("bad"); // the refresh re-reads it, still damaged: not counted again
    assertThat(store.finds.get()).isEqualTo(2);
    assertThat(cache.unreadable()).isEqualTo(1);

    store.damaged = false;
    store.links.put("bad", link("bad", "https://example.com/fixed"));
    store.notifyChange("bad");
    assertThat(now(get(cache, "bad"))).map(CachedLink::url).hasValue("https://example.com/fixed");
  }

  @Test
  void get_recordUnderAnotherCode_isUnreadable() throws Exception {
    store.links.put("copy", link("orig", "https://example.com/"));
    assertThat(now(get(cache, "copy"))).hasValueSatisfying(l -> assertThat(l.isUnreadable()).isTrue());
    assertThat(cache.unreadable()).isEqualTo(1);
  }

  @Test
  void get_expiryBeyondEpochMillis_redirectsAsNeverExpiring() throws Exception {
    // Stored by a version that took any Instant: toEpochMilli() overflows past year 292278994.
    Link far = new Link("far", "https://example.com/", null, null, null, null, null, null, 302,
        Instant.parse("+999999999-12-31T23:59:59Z"), true, T0, T0);
    Link early = new Link("early", "https://example.com/", null, null, null, null, null, null, 302,
        Instant.parse("-999999999-01-01T00:00:00Z"), true, T0, T0);
    store.links.put("far", far);
    store.links.put("early", early);
    assertThat(now(get(cache, "far"))).hasValueSatisfying(l -> assertThat(l.isLive(Long.MAX_VALUE - 1)).isTrue());
    assertThat(now(get(cache, "early"))).hasValueSatisfying(l -> {
      assertThat(l.isLive(T0.toEpochMilli())).isFalse();
      assertThat(l.enabled()).as("expired, not switched off").isTrue();
    });
    assertThat(cache.loadFailures()).isZero();
  }

  @Test
  void get_storeFailure_isNotCached() throws Exception {
    store.failing = true;
    assertThat(get(cache, "abc")).failsWithin(Duration.ofSeconds(5));
    store.failing = false;
    store.links.put("abc", link("abc", "https://example.com/"));
    assertThat(now(get(cache, "abc"))).isPresent();
  }

  @Test
  void refresh_afterThePeriod_reReadsTheLinkInTheBackground() throws Exception {
    store.links.put("abc", link("abc", "https://example.com/"));
    now(get(cache, "abc"));
    store.links.put("abc", link("abc", "https://example.com/missed-notice"));
    nanos.addAndGet(Duration.ofMinutes(2).toNanos());
    now(get(cache, "abc")); // the first read after the period starts the re-read
    assertThat(store.finds.get()).isEqualTo(2);
    assertThat(now(get(cache, "abc")).orElseThrow().url()).isEqualTo("https://example.com/missed-notice");
  }

  @Test
  void refresh_storeWhoseNoticesCannotBeLost_neverReReads() throws Exception {
    store.noticesMayBeLost = false;
    LinkCache inProcess = new LinkCache(store,
        new WaymarkConfig.Cache(1000, Duration.ofSeconds(5), Duration.ofSeconds(60)), ticker);
    store.links.put("abc", link("abc", "https://example.com/"));
    now(get(inProcess, "abc"));
    nanos.addAndGet(Duration.ofMinutes(10).toNanos());
    for (int i = 0; i < 3; i++) {
      assertThat(now(get(inProcess, "abc"))).isPresent();
    }
    assertThat(store.finds.get()).isEqualTo(1);
  }

  @Test
  void refresh_storeDown_keepsServingTheCachedLink() throws Exception {
    store.links.put("abc", link("abc", "https://example.com/"));
    now(get(cache, "abc"));
    store.failing = true;
    nanos.addAndGet(Duration.ofMinutes(2).toNanos());
    for (int i = 0; i < 3; i++) {
      CompletableFuture<Optional<CachedLink>> f = get(cache, "abc");
      assertThat(f).isDone();
      assertThat(f.join()).isPresent();
    }
  }

  /** A LinkStore whose answers the test controls; only find and onChange matter to the cache. */
  /** Campaigns whose stored default turns conversions on, as the cache is told of them. */
  private final java.util.Set<String> withConversions = ConcurrentHashMap.newKeySet();
  private final LinkCache campaignCache = new LinkCache(store,
      new WaymarkConfig.Cache(1000, Duration.ofSeconds(5), Duration.ofSeconds(60)), ticker, withConversions::contains);

  private static Link ofCampaign(String code, String campaign, boolean conversions) {
    return new Link(code, "https://example.com/" + code, campaign, null, null, null, null, null, 302, null, true,
        T0, T0, null, null, null, null, conversions);
  }

  @Test
  void campaignDefault_turnsConversionsOnForLinksOfThatCampaignOnly_whenLoaded() throws Exception {
    withConversions.add("spring");
    store.links.put("s", ofCampaign("s", "spring", false));
    store.links.put("a", ofCampaign("a", "autumn", false));
    store.links.put("own", ofCampaign("own", "autumn", true));
    store.links.put("none", ofCampaign("none", null, false));
    // The API stores touchpoints without a campaign; one written with it still follows its link.
    store.links.put("tp", new Link("tp", null, "spring", null, null, null, null, null, 302, null, true, T0, T0, "s",
        "Poster", null, null, false));

    assertThat(now(get(campaignCache, "s")).orElseThrow().conversions()).isTrue();
    assertThat(now(get(campaignCache, "a")).orElseThrow().conversions()).isFalse();
    assertThat(now(get(campaignCache, "own")).orElseThrow().conversions()).as("the link's own").isTrue();
    assertThat(now(get(campaignCache, "none")).orElseThrow().conversions()).isFalse();
    assertThat(now(get(campaignCache, "tp")).orElseThrow().conversions()).as("a touchpoint follows its link")
        .isFalse();
  }

  @Test
  void campaignsChanged_reReadsCachedLinksWithTheNewDefault_servingThemMeanwhile() throws Exception {
    store.links.put("s", ofCampaign("s", "spring", false));
    store.noticesMayBeLost = false; // no periodic refresh: only the change may re-read
    assertThat(now(get(campaignCache, "s")).orElseThrow().conversions()).isFalse();

    withConversions.add("spring");
    campaignCache.campaignsChanged();
    assertThat(campaignCache.cached("s")).as("served while re-read").isNotNull();
    assertThat(now(get(campaignCache, "s")).orElseThrow().conversions()).isTrue();

    withConversions.remove("spring");
    campaignCache.campaignsChanged();
    campaignCache.cached("s");
    assertThat(now(get(campaignCache, "s")).orElseThrow().conversions()).isFalse();
  }

  @Test
  void campaignsChanged_whileALoadWaitedForTheStore_theLoadTakesTheNewDefault() throws Exception {
    store.links.put("s", ofCampaign("s", "spring", false));
    store.holdFinds = true;
    CompletableFuture<Optional<CachedLink>> lookup = get(campaignCache, "s");
    withConversions.add("spring");
    campaignCache.campaignsChanged();
    store.releaseFinds();
    assertThat(now(lookup).orElseThrow().conversions()).as("resolved when the store answered").isTrue();
    assertThat(now(get(campaignCache, "s")).orElseThrow().conversions()).isTrue();
  }

  private static final class ScriptedStore implements LinkStore {
    final Map<String, Link> links = new ConcurrentHashMap<>();
    final AtomicInteger finds = new AtomicInteger();
    final List<Consumer<String>> listeners = new ArrayList<>();
    final List<Promise<Link>> held = new ArrayList<>();
    volatile boolean failing;
    /** A record this store read but cannot make a link of, as the real stores report it. */
    volatile boolean damaged;
    volatile boolean holdFinds;
    volatile boolean noticesMayBeLost = true;

    @Override
    public boolean noticesMayBeLost() {
      return noticesMayBeLost;
    }

    @Override
    public synchronized Future<Link> find(String code) {
      finds.incrementAndGet();
      if (failing) {
        return Future.failedFuture("store down");
      }
      if (damaged) {
        return Future.failedFuture(new java.util.concurrent.CompletionException(
            new UnreadableLinkException(new java.io.IOException("Unrecognized token 'garbage'"))));
      }
      if (holdFinds) {
        Promise<Link> p = Promise.promise();
        held.add(p);
        return p.future().map(ignored -> links.get(code));
      }
      return Future.succeededFuture(links.get(code));
    }

    synchronized void releaseFinds() {
      holdFinds = false;
      held.forEach(p -> p.complete(null));
    }

    void notifyChange(String code) {
      listeners.forEach(l -> l.accept(code));
    }

    @Override
    public void onChange(Consumer<String> listener) {
      listeners.add(listener);
    }

    @Override
    public Future<Boolean> create(Link link) {
      throw new AssertionError("not used by the cache");
    }

    @Override
    public Future<Boolean> replace(Link link) {
      throw new AssertionError("not used by the cache");
    }

    @Override
    public Future<Boolean> delete(String code) {
      throw new AssertionError("not used by the cache");
    }

    @Override
    public Future<LinkPage> list(LinkQuery query) {
      throw new AssertionError("not used by the cache");
    }

    @Override
    public Future<Void> ping() {
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> close() {
      return Future.succeededFuture();
    }
  }
}
