package dev.waymark.link;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waymark.journey.Stage;
import dev.waymark.routing.Preview;
import dev.waymark.routing.Routing;
import dev.waymark.routing.Rule;
import dev.waymark.routing.TimeWindow;
import dev.waymark.routing.Variant;
import dev.waymark.routing.When;
import dev.waymark.touchpoint.Touchpoint;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every {@link LinkStore} must have; each implementation's test extends this with a
 * way to open a fresh, empty store.
 */
@Timeout(value = 30, unit = SECONDS)
abstract class LinkStoreContract {

  static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  protected Vertx vertx;
  protected LinkStore store;

  /** A store with no links in it, on {@code vertx}. */
  protected abstract LinkStore openEmptyStore(Vertx vertx) throws Exception;

  @BeforeEach
  void openStore() throws Exception {
    // A tight blocked-thread limit makes blocking on an event loop show up in the test log.
    vertx = Vertx.vertx(new VertxOptions()
        .setBlockedThreadCheckInterval(100)
        .setMaxEventLoopExecuteTime(100)
        .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS));
    store = openEmptyStore(vertx);
  }

  @AfterEach
  void closeStore() throws Exception {
    try {
      if (store != null) {
        get(store.close());
      }
    } finally {
      get(vertx.close());
    }
  }

  // --- find / create ---------------------------------------------------------------------------

  @Test
  void find_missingCode_returnsNull() throws Exception {
    assertThat(get(store.find("nope"))).isNull();
  }

  @Test
  void create_newCode_returnsTrueAndFindReturnsEqualLink() throws Exception {
    Link link = fullLink("abc1234");

    assertThat(get(store.create(link))).isTrue();

    assertThat(get(store.find("abc1234"))).isEqualTo(link);
  }

  @Test
  void create_minimalLink_roundTripsWithoutOptionalFields() throws Exception {
    Link link = link("min", T0, null);

    get(store.create(link));

    assertThat(get(store.find("min"))).isEqualTo(link);
  }

  @Test
  void create_takenCode_returnsFalseAndKeepsOriginal() throws Exception {
    Link original = link("taken", T0, "spring");
    get(store.create(original));
    Link intruder = new Link("taken", "https://evil.example/", "autumn", null, null, null,
        List.of("x"), null, 302, null, true, T0.plusSeconds(5), T0.plusSeconds(5));

    assertThat(get(store.create(intruder))).isFalse();

    assertThat(get(store.find("taken"))).isEqualTo(original);
    assertThat(codes(new LinkQuery("autumn", null, null, 10))).isEmpty();
    assertThat(codes(new LinkQuery(null, "x", null, 10))).isEmpty();
  }

  @Test
  void create_fiftyConcurrentCreatesOfOneCode_exactlyOneSucceeds() throws Exception {
    List<Future<Boolean>> attempts = new ArrayList<>();
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<Future<Boolean>>> started = IntStream.range(0, 50)
        .mapToObj(i -> CompletableFuture.supplyAsync(() -> {
          awaitUninterruptibly(go);
          return store.create(new Link("race", "https://example.com/" + i, null, null, null, null,
              null, null, 302, null, true, T0, T0));
        }))
        .toList();
    go.countDown();
    for (CompletableFuture<Future<Boolean>> s : started) {
      attempts.add(s.get(5, SECONDS));
    }

    long winners = 0;
    for (Future<Boolean> attempt : attempts) {
      if (get(attempt)) {
        winners++;
      }
    }

    assertThat(winners).isEqualTo(1);
    assertThat(get(store.list(new LinkQuery(null, null, null, 10))).links()).hasSize(1);
  }

  // --- replace ---------------------------------------------------------------------------------

  // --- createAll (bulk import) -----------------------------------------------------------------

  @Test
  void createAll_newCodes_writesEveryLinkWithItsIndices() throws Exception {
    List<Link> batch = List.of(fullLink("bulk1"), link("bulk2", T0.plusSeconds(1), "spring"),
        withTags(link("bulk3", T0.plusSeconds(2), "spring"), "red"));

    assertThat(get(store.createAll(batch))).containsExactly(true, true, true);

    for (Link link : batch) {
      assertThat(get(store.find(link.code()))).isEqualTo(link);
    }
    assertThat(codes(new LinkQuery("spring", null, null, 10))).containsExactly("bulk3", "bulk2");
    assertThat(codes(new LinkQuery(null, "red", null, 10))).containsExactly("bulk3");
  }

  @Test
  void createAll_takenCodeAndRepeatWithinTheCall_reportedFalseAndOriginalsKept() throws Exception {
    Link original = link("taken", T0, "spring");
    get(store.create(original));
    Link first = link("twice", T0.plusSeconds(1), null);
    Link second = new Link("twice", "https://other.example/", "autumn", null, null, null, List.of(), null, 302,
        null, true, T0.plusSeconds(2), T0.plusSeconds(2));
    Link intruder = link("taken", T0.plusSeconds(3), "autumn");

    assertThat(get(store.createAll(List.of(first, intruder, second, link("free", T0.plusSeconds(4), null)))))
        .containsExactly(true, false, false, true);

    assertThat(get(store.find("taken"))).isEqualTo(original);
    assertThat(get(store.find("twice"))).isEqualTo(first);
    assertThat(codes(new LinkQuery("autumn", null, null, 10))).isEmpty();
  }

  @Test
  void createAll_toldEveryCreatedCodeOnly() throws Exception {
    ConcurrentLinkedQueue<String> told = listen();
    get(store.create(link("old", T0, null)));
    // A store may tell a write twice (Redis: at once, then the pub/sub echo): let the create's
    // notices all arrive before the import, so only the import's are counted.
    await().atMost(Duration.ofSeconds(2)).until(() -> told.contains("old"));
    int seen;
    do {
      seen = told.size();
      Thread.sleep(300);
    } while (told.size() != seen);
    told.clear();

    get(store.createAll(List.of(link("new1", T0, null), link("old", T0, null), link("new2", T0, null))));

    await().atMost(Duration.ofSeconds(2)).until(() -> told.containsAll(List.of("new1", "new2")));
    assertThat(told).doesNotContain("old");
  }

  @Test
  void createAll_thousandLinks_allListed() throws Exception {
    List<Link> batch = IntStream.range(0, 1000)
        .mapToObj(i -> link(String.format("k%04d", i), T0.plusSeconds(i), "big")).toList();

    assertThat(get(store.createAll(batch))).hasSize(1000).containsOnly(true);

    assertThat(get(store.list(new LinkQuery("big", null, null, 500))).links()).hasSize(500)
        .first().extracting(Link::code).isEqualTo("k0999");
  }

  @Test
  void replace_existingLink_returnsTrueAndStoresNewValue() throws Exception {
    get(store.create(link("r1", T0, "spring")));
    Link changed = new Link("r1", "https://example.com/new", "spring", "poster", Stage.LOYALTY,
        "utrecht", List.of("a"), Map.of("utm_source", "x"), 308, T0.plusSeconds(3600), false,
        T0, T0.plusSeconds(60));

    assertThat(get(store.replace(changed))).isTrue();

    assertThat(get(store.find("r1"))).isEqualTo(changed);
  }

  @Test
  void replace_missingLink_returnsFalseAndStoresNothing() throws Exception {
    assertThat(get(store.replace(link("ghost", T0, "spring")))).isFalse();

    assertThat(get(store.find("ghost"))).isNull();
    assertThat(codes(new LinkQuery(null, null, null, 10))).isEmpty();
    assertThat(codes(new LinkQuery("spring", null, null, 10))).isEmpty();
  }

  @Test
  void replace_changedCampaignAndTags_movesLinkBetweenFilteredLists() throws Exception {
    get(store.create(withTags(link("mv", T0, "spring"), "red", "blue")));

    get(store.replace(withTags(link("mv", T0, "autumn"), "blue", "green")));

    assertThat(codes(new LinkQuery("spring", null, null, 10))).isEmpty();
    assertThat(codes(new LinkQuery("autumn", null, null, 10))).containsExactly("mv");
    assertThat(codes(new LinkQuery(null, "red", null, 10))).isEmpty();
    assertThat(codes(new LinkQuery(null, "blue", null, 10))).containsExactly("mv");
    assertThat(codes(new LinkQuery(null, "green", null, 10))).containsExactly("mv");
    assertThat(codes(new LinkQuery(null, null, null, 10))).containsExactly("mv");
  }

  @Test
  void replace_campaignRemoved_dropsLinkFromCampaignList() throws Exception {
    get(store.create(link("nc", T0, "spring")));

    get(store.replace(link("nc", T0, null)));

    assertThat(codes(new LinkQuery("spring", null, null, 10))).isEmpty();
    assertThat(codes(new LinkQuery(null, null, null, 10))).containsExactly("nc");
  }

  // --- delete ----------------------------------------------------------------------------------

  @Test
  void delete_existingLink_returnsTrueAndRemovesItEverywhere() throws Exception {
    get(store.create(withTags(link("del", T0, "spring"), "red")));

    assertThat(get(store.delete("del"))).isTrue();

    assertThat(get(store.find("del"))).isNull();
    assertThat(codes(new LinkQuery(null, null, null, 10))).isEmpty();
    assertThat(codes(new LinkQuery("spring", null, null, 10))).isEmpty();
    assertThat(codes(new LinkQuery(null, "red", null, 10))).isEmpty();
  }

  @Test
  void delete_missingLink_returnsFalse() throws Exception {
    assertThat(get(store.delete("ghost"))).isFalse();
  }

  @Test
  void create_afterDelete_reusesTheCode() throws Exception {
    get(store.create(link("again", T0, null)));
    get(store.delete("again"));

    assertThat(get(store.create(link("again", T0.plusSeconds(1), null)))).isTrue();
  }

  // --- list ------------------------------------------------------------------------------------

  @Test
  void list_emptyStore_returnsEmptyLastPage() throws Exception {
    LinkPage page = get(store.list(new LinkQuery(null, null, null, 10)));

    assertThat(page.links()).isEmpty();
    assertThat(page.nextCursor()).isNull();
  }

  @Test
  void list_returnsNewestFirst() throws Exception {
    get(store.create(link("old", T0, null)));
    get(store.create(link("new", T0.plusSeconds(2), null)));
    get(store.create(link("mid", T0.plusSeconds(1), null)));

    assertThat(codes(new LinkQuery(null, null, null, 10))).containsExactly("new", "mid", "old");
  }

  @Test
  void list_sameCreationTime_ordersByCodeDescending() throws Exception {
    get(store.create(link("a", T0, null)));
    get(store.create(link("c", T0, null)));
    get(store.create(link("b", T0, null)));

    assertThat(codes(new LinkQuery(null, null, null, 10))).containsExactly("c", "b", "a");
  }

  @Test
  void list_limitRespected_andCursorPointsToNextPage() throws Exception {
    createNumbered(5, null);

    LinkPage page = get(store.list(new LinkQuery(null, null, null, 2)));

    assertThat(page.links()).extracting(Link::code).containsExactly("l04", "l03");
    assertThat(page.nextCursor()).isEqualTo(LinkQuery.sortKey(page.links().get(1)));
  }

  @Test
  void list_pagesWithCursor_coverEveryLinkOnceInOrder() throws Exception {
    List<String> expected = createNumbered(23, null);

    List<String> seen = new ArrayList<>();
    int pages = 0;
    String cursor = null;
    do {
      LinkPage page = get(store.list(new LinkQuery(null, null, cursor, 5)));
      assertThat(page.links()).hasSizeLessThanOrEqualTo(5);
      page.links().forEach(l -> seen.add(l.code()));
      cursor = page.nextCursor();
      pages++;
    } while (cursor != null && pages < 20);

    assertThat(pages).isEqualTo(5);
    assertThat(seen).containsExactlyElementsOf(expected);
  }

  @Test
  void list_exactlyFullLastPage_hasNoNextCursor() throws Exception {
    createNumbered(4, null);

    LinkPage first = get(store.list(new LinkQuery(null, null, null, 2)));
    LinkPage second = get(store.list(new LinkQuery(null, null, first.nextCursor(), 2)));

    assertThat(second.links()).extracting(Link::code).containsExactly("l01", "l00");
    assertThat(second.nextCursor()).isNull();
  }

  @Test
  void list_cursorOfDeletedLink_continuesAfterIt() throws Exception {
    createNumbered(5, null);
    LinkPage first = get(store.list(new LinkQuery(null, null, null, 2)));
    get(store.delete("l03"));

    LinkPage second = get(store.list(new LinkQuery(null, null, first.nextCursor(), 2)));

    assertThat(second.links()).extracting(Link::code).containsExactly("l02", "l01");
  }

  @Test
  void list_byCampaign_returnsOnlyThatCampaign() throws Exception {
    get(store.create(link("s1", T0, "spring")));
    get(store.create(link("a1", T0.plusSeconds(1), "autumn")));
    get(store.create(link("s2", T0.plusSeconds(2), "spring")));
    get(store.create(link("n1", T0.plusSeconds(3), null)));

    assertThat(codes(new LinkQuery("spring", null, null, 10))).containsExactly("s2", "s1");
  }

  @Test
  void list_byTag_returnsOnlyLinksWithThatTag() throws Exception {
    get(store.create(withTags(link("t1", T0, null), "red", "blue")));
    get(store.create(withTags(link("t2", T0.plusSeconds(1), null), "blue")));
    get(store.create(withTags(link("t3", T0.plusSeconds(2), null), "red")));

    assertThat(codes(new LinkQuery(null, "red", null, 10))).containsExactly("t3", "t1");
  }

  @Test
  void list_byCampaignAndTag_returnsOnlyLinksMatchingBoth() throws Exception {
    get(store.create(withTags(link("both1", T0, "spring"), "red")));
    get(store.create(withTags(link("campOnly", T0.plusSeconds(1), "spring"), "blue")));
    get(store.create(withTags(link("tagOnly", T0.plusSeconds(2), "autumn"), "red")));
    get(store.create(withTags(link("both2", T0.plusSeconds(3), "spring"), "red", "blue")));

    assertThat(codes(new LinkQuery("spring", "red", null, 10))).containsExactly("both2", "both1");
  }

  @Test
  void list_byCampaignAndTag_pagesAcrossManyNonMatchingLinks() throws Exception {
    // Both lists are long and their intersection sparse, so a page must look past many links.
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      String code = String.format("b%03d", i);
      boolean match = i % 40 == 0;
      get(store.create(withTags(link(code, T0.plusSeconds(i), "big"), match ? "hot" : "cold")));
      if (match) {
        expected.add(0, code);
      }
    }
    for (int i = 0; i < 250; i++) {
      get(store.create(withTags(link(String.format("o%03d", i), T0.plusSeconds(i), "other"), "hot")));
    }

    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      LinkPage page = get(store.list(new LinkQuery("big", "hot", cursor, 2)));
      page.links().forEach(l -> seen.add(l.code()));
      cursor = page.nextCursor();
      pages++;
    } while (cursor != null && pages < 10);

    assertThat(seen).containsExactlyElementsOf(expected);
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void list_filterWithNoMatches_returnsEmptyLastPage() throws Exception {
    get(store.create(withTags(link("x", T0, "spring"), "red")));

    LinkPage page = get(store.list(new LinkQuery("spring", "blue", null, 10)));

    assertThat(page.links()).isEmpty();
    assertThat(page.nextCursor()).isNull();
  }

  // --- change notifications --------------------------------------------------------------------

  @Test
  void onChange_create_toldTheCode() throws Exception {
    ConcurrentLinkedQueue<String> told = listen();

    get(store.create(link("n1", T0, null)));

    await().atMost(Duration.ofSeconds(2)).until(() -> told.contains("n1"));
  }

  @Test
  void onChange_replace_toldTheCode() throws Exception {
    get(store.create(link("n2", T0, null)));
    ConcurrentLinkedQueue<String> told = listen();

    get(store.replace(link("n2", T0, "spring")));

    await().atMost(Duration.ofSeconds(2)).until(() -> told.contains("n2"));
  }

  @Test
  void onChange_delete_toldTheCode() throws Exception {
    get(store.create(link("n3", T0, null)));
    ConcurrentLinkedQueue<String> told = listen();

    get(store.delete("n3"));

    await().atMost(Duration.ofSeconds(2)).until(() -> told.contains("n3"));
  }

  @Test
  void onChange_ownWrite_toldBeforeTheWriteCompletes() throws Exception {
    ConcurrentLinkedQueue<String> told = listen();

    get(store.create(link("sync", T0, null)));

    assertThat(told).contains("sync");
  }

  @Test
  void onChange_replaceOrDeleteOfMissingLink_toldNothing() throws Exception {
    ConcurrentLinkedQueue<String> told = listen();

    get(store.replace(link("absent", T0, null)));
    get(store.delete("absent"));
    get(store.create(link("marker", T0, null)));

    // Notices arrive in write order, so once the marker's is here any other would be too.
    await().atMost(Duration.ofSeconds(2)).until(() -> told.contains("marker"));
    assertThat(told).doesNotContain("absent");
  }

  // --- ping, contexts --------------------------------------------------------------------------

  @Test
  void ping_storeUp_succeeds() throws Exception {
    get(store.ping());
  }

  @Test
  void find_calledOnEventLoop_completesOnThatContext() throws Exception {
    get(store.create(link("ctx", T0, null)));
    Context context = vertx.getOrCreateContext();
    CompletableFuture<Boolean> sameContext = new CompletableFuture<>();
    AtomicReference<Link> found = new AtomicReference<>();

    context.runOnContext(v -> store.find("ctx").onComplete(ar -> {
      found.set(ar.result());
      sameContext.complete(Vertx.currentContext() == context && Context.isOnEventLoopThread());
    }));

    assertThat(sameContext.get(5, SECONDS)).isTrue();
    assertThat(found.get().code()).isEqualTo("ctx");
  }

  @Test
  void writes_calledOnEventLoop_completeOnThatContext() throws Exception {
    Context context = vertx.getOrCreateContext();
    CompletableFuture<Set<Boolean>> sameContext = new CompletableFuture<>();

    context.runOnContext(v -> {
      Set<Boolean> results = new HashSet<>();
      store.create(link("w", T0, null))
          .andThen(ar -> results.add(Vertx.currentContext() == context))
          .compose(ok -> store.replace(link("w", T0, "spring")))
          .andThen(ar -> results.add(Vertx.currentContext() == context))
          .compose(ok -> store.list(new LinkQuery(null, null, null, 5)))
          .andThen(ar -> results.add(Vertx.currentContext() == context))
          .compose(ok -> store.delete("w"))
          .onComplete(ar -> {
            results.add(ar.succeeded() && Vertx.currentContext() == context);
            sameContext.complete(results);
          });
    });

    assertThat(sameContext.get(5, SECONDS)).containsExactly(true);
  }

  @Test
  void create_touchpoint_roundTripsWithItsFields() throws Exception {
    get(store.create(fullLink("parent1")));
    Link tp = new Touchpoint("tp00001", "parent1", "Poster Utrecht CS", "poster", Stage.AWARENESS,
        "utrecht-cs", Medium.QR, "platform 5, next to the lift", true, T0, T0.plusMillis(2)).toStored();
    assertThat(get(store.create(tp))).isTrue();
    Link found = get(store.find("tp00001"));
    assertThat(found).isEqualTo(tp);
    assertThat(found.isTouchpoint()).isTrue();
  }

  @Test
  void linkAndTouchpointWithFullRouting_surviveCreateReadAndReplaceUnchanged() throws Exception {
    Link link = withRouting(fullLink("routed1"), fullRouting("https://example.com/"));
    assertThat(get(store.create(link))).isTrue();
    assertThat(get(store.find("routed1"))).isEqualTo(link);
    Link tp = new Touchpoint("routedT", "routed1", "Poster", "poster", null, null, Medium.QR, null, true, T0, T0,
        Instant.parse("2027-01-01T00:00:00Z"), fullRouting("https://tp.example/")).toStored();
    assertThat(get(store.create(tp))).isTrue();
    assertThat(get(store.find("routedT"))).isEqualTo(tp);
    assertThat(Touchpoint.from(get(store.find("routedT"))).routing()).isEqualTo(fullRouting("https://tp.example/"));

    Link changed = withRouting(fullLink("routed1"), new Routing(List.of(new Variant("only", "https://example.com/o",
        1)), null, null, null, null, null, 7L, new Preview(null, "only a description", null)));
    assertThat(get(store.replace(link, changed))).isTrue();
    assertThat(get(store.find("routed1"))).isEqualTo(changed);
    Link plain = fullLink("routed1");
    assertThat(get(store.replace(changed, plain))).isTrue();
    assertThat(get(store.find("routed1"))).isEqualTo(plain);
    assertThat(get(store.find("routed1")).routing()).isNull();
  }

  /** Every member of a {@link Routing} set, every condition of a {@link When} used, URLs under {@code base}. */
  static Routing fullRouting(String base) {
    List<Variant> ab = List.of(new Variant("a", base + "a", 70), new Variant("b-2", base + "b", 30),
        new Variant("off", base + "off", 0));
    When everything = new When(List.of("mobile", "tablet"), List.of("ios"), List.of("safari", "chrome"),
        List.of("NL", "BE"), List.of("nl", "fr-BE"), Boolean.FALSE, Map.of("ref", "*", "lang", "nl"),
        new TimeWindow("22:00", "06:00", List.of("fri", "sat"), "Europe/Amsterdam"));
    List<Rule> rules = List.of(
        new Rule("night", everything, base + "night", null),
        new Rule(null, new When(null, null, null, null, null, Boolean.TRUE, null,
            new TimeWindow(null, "12:00", null, "UTC")), null, ab),
        new Rule("all", new When(null, null, null, null, null, null, null, null), base + "all", null));
    return new Routing(ab, rules, "https://apps.apple.com/app/id1", "https://play.google.com/store/apps/details?id=x",
        Instant.parse("2026-12-01T08:00:00Z"), base + "fallback", 1_000_000_000_000L,
        new Preview("Spring <sale> & \"more\"", "Twenty percent off", "https://cdn.example/card.png"));
  }

  static Link withRouting(Link l, Routing routing) {
    return new Link(l.code(), l.url(), l.campaign(), l.channel(), l.stage(), l.source(), l.tags(), l.utm(),
        l.redirect(), l.expiresAt(), l.enabled(), l.createdAt(), l.updatedAt(), l.linkCode(), l.name(), l.medium(),
        l.notes(), l.conversions(), routing);
  }

  @Test
  void list_touchpoints_listedPerLinkOnly_neverAsLinks() throws Exception {
    get(store.create(link("parent1", T0, "spring")));
    get(store.create(link("parent2", T0, "spring")));
    get(store.create(new Touchpoint("tpA", "parent1", "a", "poster", null, null, null, null, true,
        T0.plusSeconds(1), T0).toStored()));
    get(store.create(new Touchpoint("tpB", "parent1", "b", "flyer", null, null, null, null, true,
        T0.plusSeconds(2), T0).toStored()));
    get(store.create(new Touchpoint("tpC", "parent2", "c", "email", null, null, null, null, true,
        T0.plusSeconds(3), T0).toStored()));

    assertThat(codes(new LinkQuery(null, null, null, 50))).containsExactly("parent2", "parent1");
    assertThat(codes(new LinkQuery("spring", null, null, 50))).containsExactly("parent2", "parent1");
    assertThat(codes(LinkQuery.touchpointsOf("parent1", null, 50))).containsExactly("tpB", "tpA");
    LinkPage first = get(store.list(LinkQuery.touchpointsOf("parent1", null, 1)));
    assertThat(first.links()).extracting(Link::code).containsExactly("tpB");
    assertThat(codes(LinkQuery.touchpointsOf("parent1", first.nextCursor(), 1))).containsExactly("tpA");

    assertThat(get(store.delete("tpB"))).isTrue();
    assertThat(codes(LinkQuery.touchpointsOf("parent1", null, 50))).containsExactly("tpA");
    assertThat(codes(LinkQuery.touchpointsOf("nobody", null, 50))).isEmpty();
  }

  // --- compare-and-set -------------------------------------------------------------------------

  @Test
  void replaceIfEqual_current_writesAndTellsListeners() throws Exception {
    Link stored = link("cas1", T0, "spring");
    get(store.create(stored));
    List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
    store.onChange(told::add);
    Link next = withTags(link("cas1", T0, "autumn"), "x");

    assertThat(get(store.replace(stored, next))).isTrue();

    assertThat(get(store.find("cas1"))).isEqualTo(next);
    assertThat(codes(new LinkQuery("autumn", null, null, 10))).containsExactly("cas1");
    assertThat(codes(new LinkQuery("spring", null, null, 10))).isEmpty();
    await().atMost(5, SECONDS).until(() -> told.contains("cas1"));
  }

  @Test
  void replaceIfEqual_stale_returnsFalse_writesNothing() throws Exception {
    Link stored = link("cas2", T0, "spring");
    get(store.create(stored));
    Link rival = link("cas2", T0, "rival");
    get(store.replace(rival));

    assertThat(get(store.replace(stored, link("cas2", T0, "mine")))).isFalse();

    assertThat(get(store.find("cas2"))).isEqualTo(rival);
    assertThat(codes(new LinkQuery("rival", null, null, 10))).containsExactly("cas2");
    assertThat(codes(new LinkQuery("mine", null, null, 10))).isEmpty();
  }

  @Test
  void replaceIfEqual_gone_returnsFalse_createsNothing() throws Exception {
    assertThat(get(store.replace(link("cas3", T0, null), link("cas3", T0, "x")))).isFalse();
    assertThat(get(store.find("cas3"))).isNull();
  }

  @Test
  void deleteIfEqual_staleKeeps_currentDeletes() throws Exception {
    Link stored = link("cas4", T0, "spring");
    get(store.create(stored));

    assertThat(get(store.delete(link("cas4", T0, "other")))).isFalse();
    assertThat(get(store.find("cas4"))).isEqualTo(stored);

    assertThat(get(store.delete(stored))).isTrue();
    assertThat(get(store.find("cas4"))).isNull();
    assertThat(codes(new LinkQuery("spring", null, null, 10))).isEmpty();
    assertThat(get(store.delete(stored))).isFalse();
  }

  @Test
  void update_concurrentPatchesOfDifferentFields_everyChangeSurvives() throws Exception {
    get(store.create(link("race", T0, null)));
    // No in-process queue here: every update races every other on the store's compare-and-set.
    dev.waymark.concurrent.OptimisticUpdate update = new dev.waymark.concurrent.OptimisticUpdate(vertx, 1_000);
    int writers = 24;
    List<Future<Link>> updates = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      String key = "k" + i;
      updates.add(update.apply(() -> store.find("race"),
          current -> Future.succeededFuture(withUtm(current, key, "v")),
          store::replace));
    }
    get(Future.all(updates));

    assertThat(get(store.find("race")).utm()).hasSize(writers);
  }

  @Test
  void update_disableRacingOtherPatches_alwaysEndsDisabled() throws Exception {
    get(store.create(link("off", T0, null)));
    dev.waymark.concurrent.OptimisticUpdate update = new dev.waymark.concurrent.OptimisticUpdate(vertx, 1_000);
    List<Future<Link>> updates = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      String key = "k" + i;
      updates.add(update.apply(() -> store.find("off"),
          current -> Future.succeededFuture(withUtm(current, key, "v")), store::replace));
      if (i == 3) {
        updates.add(update.apply(() -> store.find("off"),
            current -> Future.succeededFuture(disabled(current)), store::replace));
      }
    }
    get(Future.all(updates));

    Link after = get(store.find("off"));
    assertThat(after.enabled()).isFalse();
    assertThat(after.utm()).hasSize(16);
  }

  private static Link withUtm(Link l, String key, String value) {
    Map<String, String> utm = new java.util.HashMap<>(l.utm());
    utm.put(key, value);
    return new Link(l.code(), l.url(), l.campaign(), l.channel(), l.stage(), l.source(), l.tags(), utm, l.redirect(),
        l.expiresAt(), l.enabled(), l.createdAt(), l.updatedAt(), l.linkCode(), l.name(), l.medium(), l.notes());
  }

  private static Link disabled(Link l) {
    return new Link(l.code(), l.url(), l.campaign(), l.channel(), l.stage(), l.source(), l.tags(), l.utm(),
        l.redirect(), l.expiresAt(), false, l.createdAt(), l.updatedAt(), l.linkCode(), l.name(), l.medium(),
        l.notes());
  }

  // --- helpers ---------------------------------------------------------------------------------

  static <T> T get(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(5, SECONDS);
  }

  static Link link(String code, Instant createdAt, String campaign) {
    return new Link(code, "https://example.com/" + code, campaign, null, null, null, null, null,
        302, null, true, createdAt, createdAt);
  }

  static Link fullLink(String code) {
    return new Link(code, "https://example.com/landing?x=1", "spring-2027", "poster",
        Stage.AWARENESS, "poster-utrecht-cs", List.of("print", "nl"),
        Map.of("utm_source", "poster", "utm_medium", "offline"), 307,
        Instant.parse("2027-06-01T00:00:00.123456789Z"), true, T0, T0.plusMillis(1));
  }

  static Link withTags(Link l, String... tags) {
    return new Link(l.code(), l.url(), l.campaign(), l.channel(), l.stage(), l.source(),
        List.of(tags), l.utm(), l.redirect(), l.expiresAt(), l.enabled(), l.createdAt(),
        l.updatedAt());
  }

  /** Creates l00..l(n-1), one second apart; returns their codes newest first. */
  List<String> createNumbered(int n, String campaign) throws Exception {
    List<String> newestFirst = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String code = String.format("l%02d", i);
      get(store.create(link(code, T0.plusSeconds(i), campaign)));
      newestFirst.add(0, code);
    }
    return newestFirst;
  }

  List<String> codes(LinkQuery query) throws Exception {
    return get(store.list(query)).links().stream().map(Link::code).toList();
  }

  ConcurrentLinkedQueue<String> listen() {
    ConcurrentLinkedQueue<String> told = new ConcurrentLinkedQueue<>();
    store.onChange(code -> told.add(code == null ? "<null>" : code));
    return told;
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
