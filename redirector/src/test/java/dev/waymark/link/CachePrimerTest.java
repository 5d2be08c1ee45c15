package dev.waymark.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waymark.config.WaymarkConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Priming on a real embedded store, with its list calls intercepted where a test needs a race. */
class CachePrimerTest {

  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final Duration BUDGET = Duration.ofSeconds(10);

  @TempDir
  Path dir;

  private Vertx vertx;
  private LinkStore stored;
  private final AtomicLong nanos = new AtomicLong();
  private final AtomicInteger lists = new AtomicInteger();
  /** Everyone listening to the store's change notices through {@link Intercepted}. */
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
  /** What each list call answers, given the real page; the real page by default. */
  private volatile Function<Future<LinkPage>, Future<LinkPage>> onList = page -> page;

  @BeforeEach
  void open() throws Exception {
    vertx = Vertx.vertx();
    stored = EmbeddedLinkStore.open(vertx, dir.resolve("links.mv")).await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void close() throws Exception {
    stored.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static Link link(int i, String url) {
    return new Link("c" + i, url, null, null, null, null, null, null, 302, null, true,
        T0.plusSeconds(i), T0.plusSeconds(i));
  }

  private void store(int n) throws Exception {
    for (int i = 0; i < n; i++) {
      assertThat(stored.create(link(i, "https://example.com/" + i)).await(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  private LinkCache cache(long maxLinks) {
    return new LinkCache(new Intercepted(), new WaymarkConfig.Cache(maxLinks, Duration.ofSeconds(5), Duration.ofSeconds(60)));
  }

  private CachePrimer.Result prime(LinkCache cache, Duration budget) throws Exception {
    return new CachePrimer(new Intercepted(), cache, 10, nanos::get).prime(budget).await(10, TimeUnit.SECONDS);
  }

  @Test
  void prime_readsEveryStoredLinkAcrossPages_soNoneNeedsTheStoreOnFirstUse() throws Exception {
    store(25);
    LinkCache cache = cache(1000);

    CachePrimer.Result result = prime(cache, BUDGET);

    assertThat(result.links()).isEqualTo(25);
    assertThat(result.complete()).isTrue();
    assertThat(lists.get()).as("pages of 10").isEqualTo(3);
    for (int i = 0; i < 25; i++) {
      assertThat(cache.cached("c" + i)).as("c" + i).isNotNull();
    }
    assertThat(cache.loads()).as("store reads of single links").isZero();
  }

  @Test
  void prime_cacheFull_stopsWithTheNewestLinks() throws Exception {
    store(25);
    LinkCache cache = cache(12);

    CachePrimer.Result result = prime(cache, BUDGET);

    assertThat(result.complete()).isTrue();
    assertThat(result.links()).isEqualTo(12);
    assertThat(lists.get()).as("no page read after the cache was full").isEqualTo(2);
    assertThat(cache.size()).isEqualTo(12);
    assertThat(cache.cached("c24")).isNotNull();
    assertThat(cache.cached("c13")).isNotNull();
    assertThat(cache.cached("c12")).isNull();
    assertThat(cache.evictions()).isZero();
  }

  @Test
  void prime_changeWhileAPageWasRead_leavesThatLinkToItsFirstUse_neverCachingTheOldOne() throws Exception {
    store(5);
    LinkCache cache = cache(1000);
    // The read answers the page as it was, but a change lands (and is told) before it returns.
    onList = page -> page.compose(old -> stored.replace(link(3, "https://example.com/new")).map(written -> old));

    CachePrimer.Result result = prime(cache, BUDGET);

    assertThat(result.links()).isEqualTo(4);
    assertThat(lists.get()).as("the page is not read again for one change").isEqualTo(1);
    assertThat(cache.cached("c3")).isNull();
    assertThat(cache.load("c3").get(5, TimeUnit.SECONDS).url()).isEqualTo("https://example.com/new");
  }

  @Test
  void prime_everythingMayHaveChangedWhileAPageWasRead_readsItAgain() throws Exception {
    store(5);
    LinkCache cache = cache(1000);
    AtomicInteger calls = new AtomicInteger();
    onList = page -> page.onSuccess(p -> {
      if (calls.incrementAndGet() == 1) {
        listeners.forEach(l -> l.accept(null)); // a reconnect: notices may have been lost
      }
    });

    CachePrimer.Result result = prime(cache, BUDGET);

    assertThat(lists.get()).isEqualTo(2);
    assertThat(result.links()).isEqualTo(5);
  }

  @Test
  void prime_everythingMayHaveChangedDuringEveryRead_skipsThatPage() throws Exception {
    store(5);
    LinkCache cache = cache(1000);
    onList = page -> page.onSuccess(p -> listeners.forEach(l -> l.accept(null)));

    CachePrimer.Result result = prime(cache, BUDGET);

    assertThat(lists.get()).isEqualTo(CachePrimer.PAGE_ATTEMPTS);
    assertThat(result.links()).isZero();
    assertThat(cache.size()).isZero();
  }

  @Test
  void prime_budgetSpent_stopsAfterThePageInHand() throws Exception {
    store(25);
    LinkCache cache = cache(1000);
    onList = page -> page.onSuccess(p -> nanos.addAndGet(Duration.ofSeconds(6).toNanos()));

    CachePrimer.Result result = prime(cache, BUDGET);

    assertThat(result.complete()).isFalse();
    assertThat(result.links()).isEqualTo(20);
    assertThat(result.took()).isEqualTo(Duration.ofSeconds(12));
    assertThat(cache.cached("c4")).as("left for its first use").isNull();
  }

  @Test
  void prime_storeFails_endsEarlyWithoutFailingTheStart() throws Exception {
    store(25);
    LinkCache cache = cache(1000);
    onList = page -> lists.get() == 1 ? page : Future.failedFuture("store down");

    CachePrimer.Result result = prime(cache, BUDGET);

    assertThat(result.complete()).isFalse();
    assertThat(result.links()).isEqualTo(10);
  }

  @Test
  void prime_zeroBudget_readsNothing() throws Exception {
    store(3);
    LinkCache cache = cache(1000);

    assertThat(prime(cache, Duration.ZERO).links()).isZero();
    assertThat(lists.get()).isZero();
  }

  /** The real store, with each list call counted and passed through {@link #onList}. */
  private final class Intercepted implements LinkStore {
    @Override
    public Future<LinkPage> list(LinkQuery query) {
      lists.incrementAndGet();
      return onList.apply(stored.list(query));
    }

    @Override
    public Future<Link> find(String code) {
      return stored.find(code);
    }

    @Override
    public Future<Boolean> create(Link link) {
      return stored.create(link);
    }

    @Override
    public Future<Boolean> replace(Link link) {
      return stored.replace(link);
    }

    @Override
    public Future<Boolean> delete(String code) {
      return stored.delete(code);
    }

    @Override
    public Future<Void> ping() {
      return stored.ping();
    }

    @Override
    public void onChange(Consumer<String> listener) {
      listeners.add(listener);
      stored.onChange(listener);
    }

    @Override
    public boolean noticesMayBeLost() {
      return stored.noticesMayBeLost();
    }

    @Override
    public Future<Void> close() {
      return Future.succeededFuture();
    }
  }
}
