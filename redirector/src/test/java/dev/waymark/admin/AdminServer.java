package dev.waymark.admin;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.waymark.admin.link.ShortUrlHosts;
import dev.waymark.audit.AuditIds;
import dev.waymark.audit.AuditLog;
import dev.waymark.audit.AuditRecorder;
import dev.waymark.audit.EmbeddedAuditLog;
import dev.waymark.brand.InMemoryBrandStore;
import dev.waymark.campaign.EmbeddedCampaignStore;
import dev.waymark.campaign.SwitchableCampaignStore;
import dev.waymark.key.InMemoryKeyStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.LoggerFactory;

/**
 * The admin router on a real HTTP server (port 0) over an in-memory store, with a client; the
 * event loop is watched at a tight limit and {@link #close()} fails the test if it was ever blocked.
 */
final class AdminServer implements AutoCloseable {

  static final String KEY = "wmk_test-key-for-the-admin-api";
  static final Instant START = Instant.parse("2026-11-24T10:00:00Z");
  static final URI PUBLIC_BASE = URI.create("https://wmk.example");

  final Vertx vertx;
  final InMemoryLinkStore store = new InMemoryLinkStore();
  final InMemoryBrandStore brands = new InMemoryBrandStore();
  final InMemoryKeyStore keys = new InMemoryKeyStore();
  /** The analytics store stats are asked of; {@link #statsAbsent} hides it, as when tracking is off. */
  final FakeStatsStore stats = new FakeStatsStore();
  volatile boolean statsAbsent;
  /** Where conversions are recorded; {@link #conversionsAbsent} hides it, as when tracking is off. */
  final FakeConversionStore conversions = new FakeConversionStore();
  volatile boolean conversionsAbsent;
  /** Every reading moves time on by one second, so links made one after another sort apart. */
  final TestClock clock = new TestClock(START, Duration.ofSeconds(1));
  /** The admin's own meters, such as its contended-write counters. */
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  /**
   * The audit log's own clock (a millisecond per reading from START) and random source, so that
   * recording leaves the times and codes other tests expect exactly as they were.
   */
  final TestClock auditClock = new TestClock(START, Duration.ofMillis(1));
  /** The audit log the admin writes to: a real MVStore file in a fresh temporary directory, unless a test passes its own. */
  final AuditLog audit;
  private final Path auditDir;
  /** Campaign settings: a real MVStore file in a temporary directory of its own, switchable to down. */
  final SwitchableCampaignStore campaigns;
  private final Path campaignDir;
  final io.vertx.ext.web.Router router;
  final HttpServer server;
  final WebClient client;
  private final ListAppender<ILoggingEvent> blocked = new ListAppender<>();
  private final Logger checker = (Logger) LoggerFactory.getLogger("io.vertx.core.impl.BlockedThreadChecker");

  AdminServer() {
    this(RandomGenerator.of("L64X128MixRandom"));
  }

  AdminServer(RandomGenerator random) {
    this(random, null, ShortUrlHosts.of(PUBLIC_BASE, List.of()), null);
  }

  /** With {@code throttle} limiting failed authentications; {@code null} for one that never refuses. */
  AdminServer(RandomGenerator random, AuthThrottle throttle) {
    this(random, throttle, ShortUrlHosts.of(PUBLIC_BASE, List.of()), null);
  }

  /** With {@code hosts} (and the destination rules they carry) checked on every new destination. */
  AdminServer(ShortUrlHosts hosts) {
    this(RandomGenerator.of("L64X128MixRandom"), null, hosts, null);
  }

  /** With {@code auditLog} as the audit log. */
  AdminServer(RandomGenerator random, AuditLog auditLog) {
    this(random, null, ShortUrlHosts.of(PUBLIC_BASE, List.of()), auditLog);
  }

  /** {@code auditLog} {@code null} = a fresh embedded one. */
  private AdminServer(RandomGenerator random, AuthThrottle throttle, ShortUrlHosts hosts, AuditLog auditLog) {
    vertx = Vertx.vertx(new VertxOptions()
        .setBlockedThreadCheckInterval(20).setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
        .setMaxEventLoopExecuteTime(300).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS));
    if (auditLog == null) {
      try {
        auditDir = Files.createTempDirectory("waymark-audit");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      audit = EmbeddedAuditLog.open(vertx, auditDir.resolve("audit.mv")).await();
    } else {
      auditDir = null;
      audit = auditLog;
    }
    try {
      campaignDir = Files.createTempDirectory("waymark-campaigns");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    campaigns = new SwitchableCampaignStore(
        EmbeddedCampaignStore.open(vertx, campaignDir.resolve("campaigns.mv")).await());
    AdminRouter.Deps deps = new AdminRouter.Deps(store, brands, campaigns, keys, ApiKey.of(KEY), PUBLIC_BASE, clock, random,
        ctx -> ctx.json(new JsonObject().put("status", "UP")),
        ctx -> ctx.json(new JsonObject().put("status", "UP")),
        ctx -> ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4").end("waymark_up 1\n"),
        registry, hosts, audit,
        new AuditRecorder(audit, new AuditIds(auditClock, RandomGenerator.of("L64X128MixRandom")), registry),
        () -> statsAbsent ? null : stats, () -> conversionsAbsent ? null : conversions);
    // Many tests here fail auth on purpose; the limit on that has tests of its own.
    router = AdminRouter.create(vertx, deps,
        throttle != null ? throttle : new AuthThrottle(clock, 1_000_000, Duration.ofMillis(1)));
    server = vertx.createHttpServer()
        .requestHandler(router)
        .listen(0, "127.0.0.1").await();
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(server.actualPort()));
    warmUp();
    blocked.start();
    checker.addAppender(blocked);
  }

  /** Loads the classes of every path once, so the blocked-loop check measures work, not class loading. */
  private void warmUp() {
    String code = new JsonObject(createOk(new JsonObject().put("url", "https://warm.example")).bodyAsString())
        .getString("code");
    send(HttpMethod.GET, "/api/v1/links/" + code);
    sendJson(HttpMethod.PATCH, "/api/v1/links/" + code, "{\"campaign\":\"warm\"}");
    send(HttpMethod.GET, "/api/v1/links");
    // Both bounds given: stats read the clock only for a missing one, and other tests count its readings.
    send(HttpMethod.GET, "/api/v1/stats/breakdown?by=link&tz=Europe/Paris&from=2026-03-01&to=2026-03-31");
    send(HttpMethod.GET, "/api/v1/stats/timeseries?interval=week&from=2026-03-01T00:00:00Z&to=2026-03-02");
    sendJson(HttpMethod.POST, "/api/v1/links", "{\"url\": 1, \"x\": }");
    send(HttpMethod.DELETE, "/api/v1/links/" + code);
    send(HttpMethod.PUT, "/nope");
  }

  /** A request with the valid key. */
  HttpRequest<Buffer> request(HttpMethod method, String uri) {
    return client.request(method, uri).putHeader("Authorization", "Bearer " + KEY);
  }

  /** A request with {@code key} as the bearer key. */
  HttpRequest<Buffer> request(HttpMethod method, String uri, String key) {
    return client.request(method, uri).putHeader("Authorization", "Bearer " + key);
  }

  /** Creates a named key with {@code scopes} through the API (with the bootstrap key); returns its answer. */
  JsonObject createKey(String name, String... scopes) {
    JsonObject body = new JsonObject().put("name", name).put("scopes", new io.vertx.core.json.JsonArray(java.util.List.of(scopes)));
    HttpResponse<Buffer> r = sendJson(HttpMethod.POST, "/api/v1/keys", body.encode());
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    return r.bodyAsJsonObject();
  }

  /** A request without any Authorization header. */
  HttpRequest<Buffer> anonymous(HttpMethod method, String uri) {
    return client.request(method, uri);
  }

  HttpResponse<Buffer> send(HttpMethod method, String uri) {
    return request(method, uri).send().await();
  }

  /** {@code body} as {@code application/json}. */
  HttpResponse<Buffer> sendJson(HttpMethod method, String uri, String body) {
    return request(method, uri).putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body)).await();
  }

  HttpResponse<Buffer> create(JsonObject body) {
    return sendJson(HttpMethod.POST, "/api/v1/links", body.encode());
  }

  HttpResponse<Buffer> createOk(JsonObject body) {
    HttpResponse<Buffer> response = create(body);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    return response;
  }

  @Override
  public void close() {
    try {
      client.close();
      audit.close().await();
      campaigns.close().await();
      vertx.close().await();
    } finally {
      checker.detachAppender(blocked);
      deleteQuietly(auditDir);
      deleteQuietly(campaignDir);
    }
    assertThat(blocked.list).as("event loop blocked").isEmpty();
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind harms no test
    }
  }
}
