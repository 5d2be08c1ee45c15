package dev.waymark.redirect;

import static org.awaitility.Awaitility.await;

import dev.waymark.config.WaymarkConfig;
import dev.waymark.hit.HitEvent;
import dev.waymark.hit.sink.HitQueue;
import dev.waymark.link.Link;
import dev.waymark.link.LinkCache;
import dev.waymark.link.LinkPage;
import dev.waymark.link.LinkQuery;
import dev.waymark.link.LinkStore;
import dev.waymark.proxy.ForwardedHeader;
import dev.waymark.hit.enrich.MonthlyVisitorIds;
import dev.waymark.proxy.FrontProxies;
import dev.waymark.routing.HitCaps;
import dev.waymark.routing.Router;
import dev.waymark.proxy.TrustedProxies;
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
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;

/**
 * Redirect tests' base: the real {@link RedirectHandler} on an HTTP server (port 0) over a map of
 * links, its hits collected in {@link #recorded}, and a client that does not follow redirects.
 */
abstract class RedirectServer {

  static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

  final Map<String, Link> links = new ConcurrentHashMap<>();
  final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
  final List<HitEvent> recorded = new CopyOnWriteArrayList<>();
  Vertx vertx;
  HitQueue hits;
  /** What the journey rules see; set before {@link #start}. */
  Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  HitCaps caps = HitCaps.NONE;
  UnaryOperator<String> geoIp;
  MonthlyVisitorIds visitorIds;
  WebClient client;

  /** Starts the server; with {@code tracking} false there is no hit queue, as with {@code WAYMARK_TRACKING=off}. */
  void start(boolean tracking) {
    vertx = Vertx.vertx();
    LinkCache cache = new LinkCache(new MapStore(), new WaymarkConfig.Cache(1000, Duration.ofMillis(1), Duration.ofMinutes(5)));
    hits = tracking ? new HitQueue(1000, 100, Duration.ofMillis(5), recorded::addAll).start() : null;
    RedirectHandler handler = new RedirectHandler(cache, hits, clock, new SimpleMeterRegistry(),
        VisitSources.of(new FrontProxies(TrustedProxies.parse("127.0.0.1"), ForwardedHeader.X_FORWARDED_FOR, false),
            "CF-IPCountry", geoIp, visitorIds),
        new Router(caps));
    HttpServer server = vertx.createHttpServer().requestHandler(handler).listen(0, "127.0.0.1").await();
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(server.actualPort()).setFollowRedirects(false));
  }

  @AfterEach
  void stop() {
    if (hits != null) {
      hits.close(Duration.ofSeconds(1));
    }
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
