package dev.waymark;

import dev.waymark.admin.AdminRouter;
import dev.waymark.admin.ApiKey;
import dev.waymark.admin.AuthThrottle;
import dev.waymark.admin.link.ShortUrlHosts;
import dev.waymark.audit.AuditIds;
import dev.waymark.audit.AuditLog;
import dev.waymark.audit.AuditRecorder;
import dev.waymark.audit.AuditRetention;
import dev.waymark.audit.EmbeddedAuditLog;
import dev.waymark.audit.RedisAuditLog;
import dev.waymark.brand.BrandStore;
import dev.waymark.brand.EmbeddedBrandStore;
import dev.waymark.brand.RedisBrandStore;
import dev.waymark.campaign.CampaignDefaults;
import dev.waymark.campaign.CampaignStore;
import dev.waymark.campaign.EmbeddedCampaignStore;
import dev.waymark.campaign.RedisCampaignStore;
import dev.waymark.config.WaymarkConfig;
import dev.waymark.geo.CountryDatabase;
import dev.waymark.health.Health;
import dev.waymark.hit.enrich.MonthlyVisitorIds;
import dev.waymark.hit.enrich.SaltStore;
import dev.waymark.hit.sink.HitQueue;
import dev.waymark.hit.sink.LazyAnalyticsSink;
import dev.waymark.key.EmbeddedKeyStore;
import dev.waymark.key.KeyStore;
import dev.waymark.key.RedisKeyStore;
import dev.waymark.link.CachePrimer;
import dev.waymark.link.EmbeddedLinkStore;
import dev.waymark.link.LinkCache;
import dev.waymark.link.LinkStore;
import dev.waymark.link.RedisLinkStore;
import dev.waymark.metrics.Metrics;
import dev.waymark.redirect.RedirectHandler;
import dev.waymark.redirect.VisitSources;
import dev.waymark.routing.EmbeddedHitCaps;
import dev.waymark.routing.HitCaps;
import dev.waymark.routing.RedisHitCaps;
import dev.waymark.storage.RedisKeyMigration;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Waymark: link store, cache, hit queue, the public and admin listeners. {@link
 * #start} brings them up in dependency order; {@link #stop} takes them down in reverse, finishing
 * in-flight requests and handing every queued hit to the sink.
 */
public final class Service {

  private static final Logger LOG = LoggerFactory.getLogger(Service.class);
  /** In-flight requests get this long at shutdown; with the hit drain it stays within 10 s. */
  static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(4);
  /** The first second after start belongs to redirects, not to loading the UA parser's rules. */
  static final Duration ANALYTICS_DELAY = Duration.ofSeconds(1);
  private static final Duration VISITOR_KEY_REFRESH = Duration.ofMinutes(1);

  private final WaymarkConfig config;
  private final ApiKey apiKey;
  private final Vertx vertx;
  private final Metrics metrics = new Metrics();
  private LinkStore store;
  private BrandStore brands;
  private CampaignStore campaigns;
  private CampaignDefaults campaignDefaults;
  private KeyStore keys;
  private AuditLog auditLog;
  private AuditRetention auditRetention;
  private HitQueue hits;
  private HitCaps hitCaps;
  private Supplier<Future<Void>> closeHitCaps;
  private SaltStore salts;
  private CountryDatabase countries;
  private MonthlyVisitorIds visitorIds;
  private long visitorKeyRefresh = -1;
  private LazyAnalyticsSink analytics;
  private Health health;
  private final AtomicInteger httpPort = new AtomicInteger();
  private final AtomicInteger adminPort = new AtomicInteger();

  private Service(WaymarkConfig config, ApiKey apiKey, Vertx vertx) {
    this.config = config;
    this.apiKey = apiKey;
    this.vertx = vertx;
  }

  /** Starts a service; the future fails with a message fit for an operator when a part cannot start. */
  public static Future<Service> start(WaymarkConfig config, ApiKey apiKey, Vertx vertx) {
    Service service = new Service(config, apiKey, vertx);
    // Each store is kept as it opens, so one that cannot open closes those opened before it.
    Future<Void> opened = service.migrateRedisKeys()
        .compose(v -> service.openStore()).map(store -> service.store = store)
        .compose(store -> service.openBrands()).map(brands -> service.brands = brands)
        .compose(brands -> service.openCampaigns()).map(campaigns -> service.campaigns = campaigns)
        .compose(campaigns -> CampaignDefaults.load(vertx, campaigns, config.cache().refreshAfter()))
        .map(defaults -> service.campaignDefaults = defaults)
        .compose(defaults -> service.openKeys()).map(keys -> service.keys = keys)
        .compose(keys -> service.openAudit()).map(audit -> service.auditLog = audit)
        .compose(audit -> service.openHitCaps())
        .compose(v -> service.openVisitorSources())
        .mapEmpty();
    return opened
        .onFailure(e -> service.closeOpenedStores())
        .compose(v -> service.startWith())
        .map(v -> service);
  }

  /** The counts of links with {@code maxHits}: shared through Redis, or exact in-process and in their own file. */
  private Future<Void> openHitCaps() {
    if (config.redis().enabled()) {
      return RedisHitCaps.connect(vertx, config.redis().url()).map(caps -> keepHitCaps(caps, caps::close));
    }
    return EmbeddedHitCaps.open(vertx, config.data().dir().resolve("hit-caps.mv"))
        .map(caps -> keepHitCaps(caps, caps::close));
  }

  private Void keepHitCaps(HitCaps caps, Supplier<Future<Void>> close) {
    hitCaps = caps;
    closeHitCaps = close;
    return null;
  }

  /**
   * What the redirect learns of a visitor before the first request, and the sink later: the
   * country database and the visitor salts (A/B variants assign by the monthly id). One of each
   * for both, so both see the same country and make the same ids.
   */
  private Future<Void> openVisitorSources() {
    return vertx.executeBlocking(() -> {
      // Read into memory once (~85 ms for the CC BY one), for rules on the loops and for the sink.
      if (config.hits().geoIpDb() != null) {
        countries = CountryDatabase.open(config.hits().geoIpDb());
      }
      // With tracking off no visitor is identified, not even by a salted hash: no salts are
      // made, and variants are not assigned (a test nobody can measure is no test).
      if (config.hits().tracking()) {
        salts = LazyAnalyticsSink.salts(config.data().dir(), config.redis().enabled() ? config.redis().url() : null);
        visitorIds = new MonthlyVisitorIds(salts);
        visitorIds.refresh(System.currentTimeMillis());
      }
      return null;
    }, false);
  }

  /** Closes, without waiting, the stores a failed start had opened. */
  private void closeOpenedStores() {
    closeSalts();
    if (closeHitCaps != null) {
      closeHitCaps.get();
    }
    if (auditLog != null) {
      auditLog.close();
    }
    if (keys != null) {
      keys.close();
    }
    if (brands != null) {
      brands.close();
    }
    if (campaigns != null) {
      campaigns.close();
    }
    if (store != null) {
      store.close();
    }
  }

  /**
   * Before any Redis store opens: keys that versions before cluster support wrote get their
   * hash-tagged names ({@link RedisKeyMigration}); a Redis already migrated costs one GET.
   */
  private Future<Void> migrateRedisKeys() {
    if (!config.redis().enabled()) {
      return Future.succeededFuture();
    }
    return vertx.<RedisKeyMigration.Result>executeBlocking(() -> RedisKeyMigration.onStart(config.redis().url()), false)
        .recover(e -> Future.failedFuture(new IllegalStateException(
            "Redis key migration failed: " + e.getMessage() + " (check WAYMARK_REDIS_URL and that Redis is running)", e)))
        .mapEmpty();
  }

  /** Named API keys live where links do: on the same Redis, or in their own file beside links.mv. */
  private Future<KeyStore> openKeys() {
    if (config.redis().enabled()) {
      return RedisKeyStore.connect(vertx, config.redis().url()).map(s -> (KeyStore) s);
    }
    return EmbeddedKeyStore.open(vertx, config.data().dir().resolve("keys.mv")).map(s -> (KeyStore) s);
  }

  /** The audit log lives where links do: on the same Redis, or in its own file beside links.mv. */
  private Future<AuditLog> openAudit() {
    if (config.redis().enabled()) {
      return RedisAuditLog.connect(vertx, config.redis().url()).map(s -> (AuditLog) s);
    }
    return EmbeddedAuditLog.open(vertx, config.data().dir().resolve("audit.mv")).map(s -> (AuditLog) s);
  }

  /** Brands live where links do: on the same Redis, or in their own file beside links.mv. */
  private Future<BrandStore> openBrands() {
    if (config.redis().enabled()) {
      return RedisBrandStore.connect(vertx, config.redis().url()).map(s -> (BrandStore) s);
    }
    return EmbeddedBrandStore.open(vertx, config.data().dir().resolve("brands.mv")).map(s -> (BrandStore) s);
  }

  /** Campaign settings live where links do: on the same Redis, or in their own file beside links.mv. */
  private Future<CampaignStore> openCampaigns() {
    if (config.redis().enabled()) {
      return RedisCampaignStore.connect(vertx, config.redis().url()).map(s -> (CampaignStore) s);
    }
    return EmbeddedCampaignStore.open(vertx, config.data().dir().resolve("campaigns.mv")).map(s -> (CampaignStore) s);
  }

  private Future<LinkStore> openStore() {
    if (config.redis().enabled()) {
      return RedisLinkStore.connect(vertx, config.redis().url()).map(s -> (LinkStore) s);
    }
    return EmbeddedLinkStore.open(vertx, config.data().dir().resolve("links.mv")).map(s -> (LinkStore) s);
  }

  private Future<Void> startWith() {
    LinkCache cache = new LinkCache(store, config.cache(), campaignDefaults::conversions);
    campaignDefaults.onChange(cache::campaignsChanged);
    metrics.bindLinkCache(cache);
    WaymarkConfig.Hits hitConfig = config.hits();
    if (hitConfig.tracking()) {
      analytics = LazyAnalyticsSink.open(config.sink(), config.data().dir(), salts, countries);
      // The queue hands hits over in small, frequent drains; the sink makes the batches (size, age).
      hits = new HitQueue(hitConfig.queueCapacity(), HitQueue.DRAIN_MAX, HitQueue.DRAIN_INTERVAL, analytics).start();
      metrics.bindHitQueue(hits);
      metrics.bindAnalytics(analytics::now);
    }
    LazyAnalyticsSink sink = analytics;
    health = new Health(store, config.redis().enabled() ? "redis" : "embedded", hits,
        sink == null ? () -> null : sink::now, sink == null ? "off" : sink.kind());

    // The month's visitor key is read ahead of need (the next month's a day early), off the loops.
    if (visitorIds != null) {
      MonthlyVisitorIds ids = visitorIds;
      visitorKeyRefresh = vertx.setPeriodic(VISITOR_KEY_REFRESH.toMillis(), t -> vertx.executeBlocking(() -> {
        ids.refresh(System.currentTimeMillis());
        return null;
      }, false));
    }
    RedirectHandler redirects = new RedirectHandler(cache, hits, Clock.systemUTC(), metrics.registry(),
        VisitSources.of(config.proxies(), hitConfig.countryHeader(), countries == null ? null : countries::country,
            visitorIds),
        new dev.waymark.routing.Router(hitCaps));
    Clock adminClock = Clock.tickMillis(ZoneOffset.UTC);
    SecureRandom random = new SecureRandom();
    AuditRecorder audit = new AuditRecorder(auditLog, new AuditIds(adminClock, random), metrics.registry());
    auditRetention = new AuditRetention(auditLog, config.audit().retention(), adminClock);
    AdminRouter.Deps deps = new AdminRouter.Deps(store, brands, campaigns, keys, apiKey, config.http().publicBaseUrl(),
        adminClock, random, health.liveness(), health.readiness(),
        metrics.scrapeHandler(), metrics.registry(),
        ShortUrlHosts.of(config.http().publicBaseUrl(), config.http().shortDomains())
            .withDestinationHosts(config.destinations()),
        auditLog, audit, sink == null ? () -> null : sink::statsStore, // null: tracking off, or still opening
        sink == null ? () -> null : sink::conversionStore);

    // Built here, not in the verticle: it reads the OpenAPI document, which is file IO.
    AuthThrottle authThrottle = new AuthThrottle(Clock.systemUTC());
    metrics.bindAuthThrottle(authThrottle);
    Router adminRouter = AdminRouter.create(vertx, deps, authThrottle);

    // One public server per event loop: Vert.x spreads connections across them on one port.
    int loops = Math.max(1, Runtime.getRuntime().availableProcessors());
    WaymarkConfig.Connections connections = config.connections();
    int idleMillis = (int) Math.min(Integer.MAX_VALUE, connections.idleTimeout().toMillis());
    PortGuard publicGuard = new PortGuard("public", connections.httpMax(), connections.headerTimeout(),
        metrics.registry());
    PortGuard adminGuard = new PortGuard("admin", connections.adminMax(), connections.headerTimeout(),
        metrics.registry());
    HttpServerOptions publicOptions = new HttpServerOptions()
        .setHost(config.http().host()).setPort(config.http().port())
        .setMaxInitialLineLength(4096).setMaxHeaderSize(8192)
        .setIdleTimeout(idleMillis).setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        // Cleartext HTTP/2 makes Vert.x wait for a connection's first bytes before it tells anyone
        // of the connection, and a connection nobody knows of escapes the caps and deadlines.
        .setHttp2ClearTextEnabled(false)
        // Every request is answered on the loop that read it (lookups resume there too), so Vert.x
        // may skip the cross-thread hand-offs it otherwise keeps for handlers that answer elsewhere.
        .setStrictThreadMode(true)
        .setUseProxyProtocol(config.proxies().proxyProtocol());
    HttpServerOptions adminOptions = new HttpServerOptions()
        .setHost(config.admin().host()).setPort(config.admin().port())
        .setMaxInitialLineLength(8192).setMaxHeaderSize(16384)
        .setIdleTimeout(idleMillis).setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        .setHttp2ClearTextEnabled(false);

    return vertx.deployVerticle(() -> new HttpListener(publicOptions, redirects, SHUTDOWN_GRACE, httpPort, publicGuard),
            new DeploymentOptions().setInstances(loops))
        .compose(id -> vertx.deployVerticle(
            new HttpListener(adminOptions, adminRouter, SHUTDOWN_GRACE, adminPort, adminGuard)))
        // Ready only once warm: a balancer sends nothing to a process whose cache is still empty.
        .compose(id -> new CachePrimer(store, cache).prime(config.cache().prime()))
        .map(primed -> {
          health.serving(true);
          auditRetention.start(vertx);
          // Queued hits wait for the sink meanwhile (it takes seconds to open anyway).
          if (sink != null) {
            vertx.setTimer(ANALYTICS_DELAY.toMillis(), t -> sink.start());
          }
          return null;
        });
  }

  /** The public port actually bound (differs from the configured one when that was 0). */
  public int httpPort() {
    return httpPort.get();
  }

  /** The admin port actually bound. */
  public int adminPort() {
    return adminPort.get();
  }

  /**
   * Stops accepting, lets in-flight requests finish, hands every queued hit to the sink, closes
   * the store and Vert.x. Blocks until done, so it must not run on a Vert.x thread (it runs on the
   * signal or test thread). Never throws: problems are logged.
   */
  public void stop() {
    if (Context.isOnVertxThread()) {
      throw new IllegalStateException("stop() blocks; call it off Vert.x threads");
    }
    if (health != null) {
      health.serving(false);
      drain(config.shutdownDrain());
    }
    // Servers first, so no new hit is offered while the queue drains.
    awaitQuietly("servers", Future.join(vertx.deploymentIDs().stream().map(vertx::undeploy).toList()),
        SHUTDOWN_GRACE.plusSeconds(1));
    if (hits != null) {
      if (analytics != null) {
        analytics.start(); // when stopped within ANALYTICS_DELAY, queued hits still need a sink
      }
      hits.close(Duration.ofSeconds(2));
    }
    if (analytics != null) {
      // Whatever ClickHouse does not take in time stays in the spool for the next start.
      analytics.close(Duration.ofSeconds(2));
    }
    if (closeHitCaps != null) {
      // With Redis down, the last sync and the removal of this process's fields take ~1.5 s each.
      awaitQuietly("hit_caps", closeHitCaps.get(), Duration.ofSeconds(3));
    }
    if (visitorKeyRefresh >= 0) {
      vertx.cancelTimer(visitorKeyRefresh);
    }
    closeSalts();
    if (keys != null) {
      awaitQuietly("key_store", keys.close(), Duration.ofSeconds(2));
    }
    if (auditRetention != null) {
      auditRetention.stop(vertx);
    }
    if (auditLog != null) {
      awaitQuietly("audit_log", auditLog.close(), Duration.ofSeconds(2));
    }
    if (brands != null) {
      awaitQuietly("brand_store", brands.close(), Duration.ofSeconds(2));
    }
    if (campaigns != null) {
      awaitQuietly("campaign_store", campaigns.close(), Duration.ofSeconds(2));
    }
    if (store != null) {
      awaitQuietly("link_store", store.close(), Duration.ofSeconds(2));
    }
    awaitQuietly("vertx", vertx.close(), Duration.ofSeconds(2));
    metrics.close();
  }

  private void closeSalts() {
    if (countries != null) {
      try {
        countries.close();
      } catch (IOException e) {
        LOG.warn("event=geoip_close_failed error=\"{}\"", e.toString());
      }
    }
    if (salts instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.warn("event=salt_store_close_failed error=\"{}\"", e.toString());
      }
    }
  }

  /** Keeps serving, unready, so a balancer that polls readiness stops sending before the ports close. */
  private static void drain(Duration drain) {
    if (drain.isZero()) {
      return;
    }
    LOG.info("event=draining seconds={}", drain.toMillis() / 1000.0);
    try {
      Thread.sleep(drain.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void awaitQuietly(String part, Future<?> future, Duration timeout) {
    try {
      future.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.warn("event=shutdown_problem part={} error=\"{}\"", part, e.toString());
    }
  }
}
