package dev.waymark.redirect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waymark.config.WaymarkConfig;
import dev.waymark.hit.HitEvent;
import dev.waymark.hit.sink.HitQueue;
import dev.waymark.journey.Stage;
import dev.waymark.link.Link;
import dev.waymark.link.LinkCache;
import dev.waymark.link.LinkPage;
import dev.waymark.link.LinkQuery;
import dev.waymark.link.LinkStore;
import dev.waymark.link.Medium;
import dev.waymark.proxy.ForwardedHeader;
import dev.waymark.proxy.FrontProxies;
import dev.waymark.proxy.TrustedProxies;
import dev.waymark.touchpoint.Touchpoint;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TouchpointRedirectTest {

  static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

  final Map<String, Link> links = new ConcurrentHashMap<>();
  final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
  final List<HitEvent> recorded = new CopyOnWriteArrayList<>();
  Vertx vertx;
  HitQueue hits;
  WebClient client;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    LinkCache cache = new LinkCache(new MapStore(), new WaymarkConfig.Cache(1000, Duration.ofMillis(1), Duration.ofMinutes(5)));
    hits = new HitQueue(1000, 100, Duration.ofMillis(5), recorded::addAll).start();
    RedirectHandler handler = new RedirectHandler(cache, hits, Clock.fixed(NOW, ZoneOffset.UTC),
        new SimpleMeterRegistry(), "CF-IPCountry",
        new FrontProxies(TrustedProxies.parse("127.0.0.1"), ForwardedHeader.X_FORWARDED_FOR, false));
    HttpServer server = vertx.createHttpServer().requestHandler(handler).listen(0, "127.0.0.1").await();
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(server.actualPort()).setFollowRedirects(false));
    put(new Link("spring", "https://shop.example/spring?a=1", "spring-2027", "social", Stage.CONSIDERATION,
        "instagram", List.of(), Map.of("source", "ig"), 307, null, true, NOW, NOW));
    put(new Touchpoint("tp-poster", "spring", "Poster Utrecht CS", "poster", null, "utrecht-cs", Medium.QR,
        null, true, NOW, NOW).toStored());
  }

  @AfterEach
  void stop() {
    hits.close(Duration.ofSeconds(1));
    vertx.close().await();
  }

  void put(Link link) {
    links.put(link.code(), link);
    listeners.forEach(l -> l.accept(link.code()));
  }

  HttpResponse<Buffer> get(String uri) {
    return client.get(uri).send().await();
  }

  HitEvent lastHit() {
    await().atMost(Duration.ofSeconds(2)).until(() -> !recorded.isEmpty());
    return recorded.get(recorded.size() - 1);
  }

  @Test
  void redirect_touchpoint_goesToItsLinksDestinationWithTheLinksStatus() {
    HttpResponse<Buffer> r = get("/tp-poster?qr=1&x=2");
    assertThat(r.statusCode()).isEqualTo(307);
    assertThat(r.getHeader("Location")).isEqualTo("https://shop.example/spring?a=1&x=2");
  }

  @Test
  void redirect_touchpoint_hitCarriesBothCodesAndTheTouchpointsCampaignData() {
    get("/tp-poster?qr=1");
    HitEvent hit = lastHit();
    assertThat(hit.code()).isEqualTo("tp-poster");
    assertThat(hit.linkCode()).isEqualTo("spring");
    assertThat(hit.touchpointCode()).isEqualTo("tp-poster");
    assertThat(hit.channel()).isEqualTo("poster");
    assertThat(hit.source()).isEqualTo("utrecht-cs");
    assertThat(hit.stage()).as("falls back to the link's").isEqualTo("consideration");
    assertThat(hit.campaign()).isEqualTo("spring-2027");
    assertThat(hit.linkUtm()).isEqualTo(Map.of("source", "ig"));
    assertThat(hit.qr()).isTrue();
    assertThat(hit.status()).isEqualTo(307);
  }

  @Test
  void redirect_headAndQrValues_hitSaysHeadAndOnlyQrEqualsOneIsAScan() {
    client.head("/spring?qr=1").send().await();
    HitEvent head = lastHit();
    assertThat(head.head()).isTrue();
    assertThat(head.qr()).isTrue();
    recorded.clear();
    get("/spring?qr=0");
    HitEvent get = lastHit();
    assertThat(get.head()).isFalse();
    assertThat(get.qr()).isFalse();
    recorded.clear();
    get("/spring?qr");
    assertThat(lastHit().qr()).isFalse();
  }

  @Test
  void redirect_countryFromTheConfiguredHeaderOnly() {
    client.get("/spring").putHeader("CF-IPCountry", "nl").send().await();
    assertThat(lastHit().country()).isEqualTo("nl"); // the sink checks and upper-cases it
    client.get("/spring").putHeader("X-Country", "DE").send().await();
    assertThat(lastHit().country()).isEmpty();
  }

  @Test
  void redirect_link_hitHasNoTouchpoint() {
    get("/spring");
    HitEvent hit = lastHit();
    assertThat(hit.linkCode()).isEqualTo("spring");
    assertThat(hit.touchpointCode()).isEmpty();
    assertThat(hit.channel()).isEqualTo("social");
  }

  @Test
  void redirect_touchpointOfDisabledLink_returns410AndRecordsBothCodes() {
    Link link = links.get("spring");
    put(new Link(link.code(), link.url(), link.campaign(), link.channel(), link.stage(), link.source(), link.tags(),
        link.utm(), link.redirect(), link.expiresAt(), false, link.createdAt(), NOW));
    assertThat(get("/tp-poster").statusCode()).isEqualTo(410);
    HitEvent hit = lastHit();
    assertThat(hit.status()).isEqualTo(410);
    assertThat(hit.linkCode()).isEqualTo("spring");
    assertThat(hit.touchpointCode()).isEqualTo("tp-poster");
  }

  @Test
  void redirect_disabledTouchpoint_returns410_whileItsLinkAndSiblingsStillRedirect() {
    put(new Touchpoint("tp-flyer", "spring", "Flyer", "flyer", null, null, Medium.QR, null, true, NOW, NOW).toStored());
    Link tp = links.get("tp-poster");
    put(new Link(tp.code(), tp.url(), tp.campaign(), tp.channel(), tp.stage(), tp.source(), tp.tags(), tp.utm(),
        tp.redirect(), tp.expiresAt(), false, tp.createdAt(), NOW, tp.linkCode(), tp.name(), tp.medium(), tp.notes()));

    assertThat(get("/tp-poster?qr=1").statusCode()).isEqualTo(410);
    HitEvent hit = lastHit();
    assertThat(hit.status()).isEqualTo(410);
    assertThat(hit.linkCode()).isEqualTo("spring");
    assertThat(hit.touchpointCode()).isEqualTo("tp-poster");
    assertThat(get("/spring").statusCode()).isEqualTo(307);
    assertThat(get("/tp-flyer").statusCode()).isEqualTo(307);
  }

  @Test
  void redirect_touchpointOfExpiredLink_returns410() {
    Link link = links.get("spring");
    put(new Link(link.code(), link.url(), link.campaign(), link.channel(), link.stage(), link.source(), link.tags(),
        link.utm(), link.redirect(), NOW.minusSeconds(1), true, link.createdAt(), NOW));
    assertThat(get("/tp-poster").statusCode()).isEqualTo(410);
  }

  @Test
  void redirect_touchpointOfDeletedLink_returns410() {
    links.remove("spring");
    listeners.forEach(l -> l.accept("spring"));
    assertThat(get("/tp-poster").statusCode()).isEqualTo(410);
    assertThat(lastHit().touchpointCode()).isEqualTo("tp-poster");
  }

  @Test
  void redirect_touchpointUnderTouchpoint_returns410NeverLoops() {
    put(new Touchpoint("tp-inner", "tp-poster", "inner", "flyer", null, null, null, null, true, NOW, NOW).toStored());
    assertThat(get("/tp-inner").statusCode()).isEqualTo(410);
  }

  /** Answers finds from the map on another thread, as Lettuce would; nothing else is needed here. */
  final class MapStore implements LinkStore {
    @Override public Future<Link> find(String code) {
      return vertx.executeBlocking(() -> links.get(code));
    }
    @Override public Future<Boolean> create(Link link) { throw new UnsupportedOperationException(); }
    @Override public Future<Boolean> replace(Link link) { throw new UnsupportedOperationException(); }
    @Override public Future<Boolean> delete(String code) { throw new UnsupportedOperationException(); }
    @Override public Future<LinkPage> list(LinkQuery query) { throw new UnsupportedOperationException(); }
    @Override public Future<Void> ping() { return Future.succeededFuture(); }
    @Override public void onChange(Consumer<String> listener) { listeners.add(listener); }
    @Override public Future<Void> close() { return Future.succeededFuture(); }
  }
}
