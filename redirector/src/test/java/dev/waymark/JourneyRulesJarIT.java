package dev.waymark;

import static dev.waymark.WaymarkJarIT.KEY;
import static dev.waymark.WaymarkJarIT.authed;
import static dev.waymark.WaymarkJarIT.createLink;
import static dev.waymark.WaymarkJarIT.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Journey rules through the running jar, on the embedded store and on Redis: A/B variants over
 * 10,000 simulated visitors (distribution, stickiness across requests, restarts and redirectors),
 * every {@code when} key, the window and the hit limit with their fallback, previews, and the
 * variant and rule on every stored hit (DuckDB and ClickHouse).
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class JourneyRulesJarIT {

  static final String IPHONE = WaymarkAnalyticsIT.IPHONE;
  static final String DESKTOP = WaymarkAnalyticsIT.DESKTOP;
  static final String ANDROID_TABLET = "Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 "
      + "(KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
  static final String MAC_FIREFOX = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.4; rv:125.0) Gecko/20100101 Firefox/125.0";
  static final String WHATSAPP = WaymarkAnalyticsIT.WHATSAPP;
  static final String GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
  static final int VISITORS = 10_000;

  @TempDir
  Path tmp;

  private final String database = "waymark_it_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);

  @AfterEach
  void dropDatabase() throws Exception {
    if (System.getenv("WAYMARK_TEST_CLICKHOUSE_URL") != null) {
      WaymarkAnalyticsIT.query("DROP DATABASE IF EXISTS " + database);
    }
  }

  /** Behind a trusted proxy, so each simulated visitor can come from an address of its own. */
  private static Map<String, String> env(Map<String, String> more) {
    Map<String, String> env = new HashMap<>(Map.of("WAYMARK_ADMIN_API_KEY", KEY,
        "WAYMARK_TRUSTED_PROXIES", "127.0.0.1", "WAYMARK_COUNTRY_HEADER", "CF-IPCountry"));
    env.putAll(more);
    return env;
  }

  @Test
  void embedded_variants_followTheWeights_stickToTheVisitor_acrossARestart_andAreStored() throws Exception {
    Path data = tmp.resolve("data");
    Map<String, String> first;
    try (WaymarkProcess w = WaymarkProcess.start(data, env(Map.of())).awaitReady()) {
      create(w, "{\"url\":\"https://shop.example/default\",\"slug\":\"ab\",\"variants\":["
          + "{\"id\":\"a\",\"url\":\"https://shop.example/a\",\"weight\":50},"
          + "{\"id\":\"b\",\"url\":\"https://shop.example/b\",\"weight\":30},"
          + "{\"id\":\"c\",\"url\":\"https://shop.example/c\",\"weight\":20}]}");
      first = locationsByVisitor(w, "/ab", VISITORS);
      Map<String, Integer> counts = count(first.values());
      assertThat(counts.keySet()).containsExactlyInAnyOrder("https://shop.example/a", "https://shop.example/b",
          "https://shop.example/c");
      assertShare(counts.get("https://shop.example/a"), 0.50);
      assertShare(counts.get("https://shop.example/b"), 0.30);
      assertShare(counts.get("https://shop.example/c"), 0.20);
      assertThat(locationsByVisitor(w, "/ab", 1_000)).as("the same visitors again")
          .isEqualTo(first.entrySet().stream().filter(e -> Integer.parseInt(e.getKey()) < 1_000)
              .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
      // A bot and an unfurler get the default URL, never a variant.
      assertThat(location(w, "/ab", Map.of("User-Agent", GOOGLEBOT))).isEqualTo("https://shop.example/default");
      assertThat(location(w, "/ab", Map.of("User-Agent", WHATSAPP))).isEqualTo("https://shop.example/default");
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
          metric(w, "waymark_analytics_rows_written_total") == VISITORS + 1_000 + 2);
      assertThat(w.terminate(Duration.ofSeconds(10))).isZero();
    }
    try (WaymarkProcess w = WaymarkProcess.start(data, env(Map.of())).awaitReady()) {
      Map<String, String> again = locationsByVisitor(w, "/ab", 1_000);
      again.forEach((visitor, location) -> assertThat(location).as(visitor).isEqualTo(first.get(visitor)));
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
          metric(w, "waymark_analytics_rows_written_total") == 1_000);
      assertThat(w.terminate(Duration.ofSeconds(10))).isZero();
    }
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:" + data.resolve("hits.duckdb"));
        ResultSet rs = db.createStatement().executeQuery(
            "SELECT variant, rule, traffic, count(*) FROM hits GROUP BY ALL ORDER BY ALL")) {
      Map<String, Long> rows = new LinkedHashMap<>();
      while (rs.next()) {
        rows.put(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3), rs.getLong(4));
      }
      Map<String, Integer> counts = count(first.values());
      assertThat(rows.get("a||human")).isGreaterThanOrEqualTo(counts.get("https://shop.example/a"));
      assertThat(rows.get("||bot")).isEqualTo(1);
      assertThat(rows.get("||preview")).isEqualTo(1);
      assertThat(rows.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(VISITORS + 2_000 + 2);
    }
  }

  @Test
  void redis_twoRedirectors_agreeOnVariants_andShareTheHitLimit() throws Exception {
    try (RedisProcess redis = RedisProcess.start();
        WaymarkProcess a = WaymarkProcess.start(tmp.resolve("a"), env(Map.of("WAYMARK_REDIS_URL", redis.url())))
            .awaitReady();
        WaymarkProcess b = WaymarkProcess.start(tmp.resolve("b"), env(Map.of("WAYMARK_REDIS_URL", redis.url())))
            .awaitReady()) {
      create(a, "{\"url\":\"https://shop.example/default\",\"slug\":\"ab\",\"variants\":["
          + "{\"id\":\"a\",\"url\":\"https://shop.example/a\",\"weight\":1},"
          + "{\"id\":\"b\",\"url\":\"https://shop.example/b\",\"weight\":1}]}");
      Map<String, String> onA = locationsByVisitor(a, "/ab", 2_000);
      assertThat(count(onA.values()).keySet()).hasSize(2);
      assertThat(locationsByVisitor(b, "/ab", 2_000)).as("the other redirector").isEqualTo(onA);

      int max = 300;
      create(a, "{\"url\":\"https://shop.example/prize\",\"slug\":\"prize\",\"maxHits\":" + max
          + ",\"fallbackUrl\":\"https://shop.example/sold-out\"}");
      List<CompletableFuture<String>> answers = new ArrayList<>();
      Semaphore inFlight = new Semaphore(32);
      for (int i = 0; i < 2 * max; i++) {
        WaymarkProcess w = i % 2 == 0 ? a : b;
        inFlight.acquire();
        answers.add(WaymarkProcess.HTTP.sendAsync(request(w, "/prize", visitorHeaders(i)).build(),
            HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> inFlight.release())
            .thenApply(r -> r.statusCode() + " " + r.headers().firstValue("Location").orElse("")));
      }
      Map<String, Integer> outcomes = count(answers.stream().map(CompletableFuture::join).toList());
      int prizes = outcomes.getOrDefault("302 https://shop.example/prize", 0);
      int soldOut = outcomes.getOrDefault("302 https://shop.example/sold-out", 0);
      assertThat(prizes + soldOut).as(outcomes.toString()).isEqualTo(2 * max);
      // The limit is shared: never fewer than max reach the prize; the overshoot is the hits each
      // redirector takes between two syncs of the shared count (docs/hit-limits.md).
      assertThat(prizes).as(outcomes.toString()).isBetween(max, max + 2 * 50);
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
        assertThat(location(a, "/prize", visitorHeaders(1))).isEqualTo("https://shop.example/sold-out");
        assertThat(location(b, "/prize", visitorHeaders(2))).isEqualTo("https://shop.example/sold-out");
      });
    }
  }

  @Test
  void embedded_eachWhenKey_decides_andTheHitSaysWhichRule() throws Exception {
    Path data = tmp.resolve("data");
    LocalTime now = LocalTime.now(ZoneOffset.UTC);
    DateTimeFormatter hhmm = DateTimeFormatter.ofPattern("HH:mm");
    // Windows far from now either way, so the minute the test runs in never matters.
    String around = "{\"from\":\"" + now.minusHours(2).format(hhmm) + "\",\"to\":\"" + now.plusHours(2).format(hhmm)
        + "\",\"tz\":\"UTC\"}";
    String later = "{\"from\":\"" + now.plusHours(4).format(hhmm) + "\",\"to\":\"" + now.plusHours(6).format(hhmm)
        + "\",\"tz\":\"Europe/Amsterdam\"}";
    try (WaymarkProcess w = WaymarkProcess.start(data, env(geoIp())).awaitReady()) {
      create(w, "{\"url\":\"https://shop.example/default\",\"slug\":\"rules\",\"rules\":["
          + "{\"id\":\"later\",\"when\":{\"time\":" + later + "},\"url\":\"https://shop.example/never\"},"
          + "{\"id\":\"promo\",\"when\":{\"query\":{\"promo\":\"spring\"}},\"url\":\"https://shop.example/promo\"},"
          + "{\"id\":\"scan\",\"when\":{\"qr\":true,\"device\":[\"mobile\"]},\"url\":\"https://shop.example/scan\"},"
          + "{\"when\":{\"device\":[\"tablet\"]},\"url\":\"https://shop.example/tablet\"},"
          + "{\"id\":\"firefox\",\"when\":{\"browser\":[\"firefox\"]},\"url\":\"https://shop.example/firefox\"},"
          + "{\"id\":\"dutch\",\"when\":{\"language\":[\"nl\"]},\"url\":\"https://shop.example/nl\"},"
          + "{\"id\":\"belgium\",\"when\":{\"country\":[\"BE\"]},\"url\":\"https://shop.example/be\"},"
          + "{\"id\":\"us\",\"when\":{\"country\":[\"US\"]},\"url\":\"https://shop.example/us\"},"
          + "{\"id\":\"windows\",\"when\":{\"os\":[\"windows\"],\"time\":" + around + "},"
          + "\"url\":\"https://shop.example/windows-now\"}],"
          + "\"ios\":\"https://apps.apple.com/app/id1\",\"android\":\"https://play.google.com/store/apps/details?id=x\"}");
      assertThat(location(w, "/rules?promo=spring", Map.of("User-Agent", DESKTOP)))
          .isEqualTo("https://shop.example/promo?promo=spring");
      assertThat(location(w, "/rules?qr=1", Map.of("User-Agent", IPHONE))).isEqualTo("https://shop.example/scan");
      assertThat(location(w, "/rules", Map.of("User-Agent", IPHONE))).as("not a scan: the ios shortcut")
          .isEqualTo("https://apps.apple.com/app/id1");
      assertThat(location(w, "/rules", Map.of("User-Agent", ANDROID_TABLET))).isEqualTo("https://shop.example/tablet");
      assertThat(location(w, "/rules", Map.of("User-Agent", MAC_FIREFOX))).isEqualTo("https://shop.example/firefox");
      String mac = MAC_FIREFOX.replace("Firefox/125.0", "Safari/605.1.15").replace("; rv:125.0) Gecko/20100101", ")");
      assertThat(location(w, "/rules", Map.of("User-Agent", mac, "Accept-Language", "nl-BE,nl;q=0.9,en;q=0.5")))
          .isEqualTo("https://shop.example/nl");
      assertThat(location(w, "/rules", Map.of("User-Agent", mac, "Accept-Language", "en-GB,nl;q=0.9")))
          .as("Dutch is not the first choice").isEqualTo("https://shop.example/default");
      assertThat(location(w, "/rules", Map.of("User-Agent", mac, "CF-IPCountry", "be")))
          .isEqualTo("https://shop.example/be");
      if (geoIp().containsKey("WAYMARK_GEOIP_DB")) {
        assertThat(location(w, "/rules", Map.of("User-Agent", mac, "X-Forwarded-For", "8.8.8.8")))
            .as("country from the GeoIP database").isEqualTo("https://shop.example/us");
      }
      assertThat(location(w, "/rules", Map.of("User-Agent", DESKTOP))).isEqualTo("https://shop.example/windows-now");
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
          metric(w, "waymark_analytics_rows_written_total") >= (geoIp().isEmpty() ? 9 : 10));
      assertThat(w.terminate(Duration.ofSeconds(10))).isZero();
    }
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:" + data.resolve("hits.duckdb"));
        ResultSet rs = db.createStatement().executeQuery("SELECT rule FROM hits ORDER BY ts, hit_id")) {
      List<String> rules = new ArrayList<>();
      while (rs.next()) {
        rules.add(rs.getString(1));
      }
      List<String> expected = new ArrayList<>(List.of("promo", "scan", "ios", "3", "firefox", "dutch", "", "belgium"));
      if (geoIp().containsKey("WAYMARK_GEOIP_DB")) {
        expected.add("us");
      }
      expected.add("windows");
      // Each request was checked in order above; rows of one millisecond have no order of their own.
      assertThat(rules).containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  @Test
  void embedded_window_sendsToTheFallbackBeforeAndAfter_and410WithoutOne() throws Exception {
    try (WaymarkProcess w = WaymarkProcess.start(tmp.resolve("data"), env(Map.of())).awaitReady()) {
      Instant soon = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
      create(w, "{\"url\":\"https://shop.example/sale\",\"slug\":\"sale\",\"activeFrom\":\"" + soon.plusSeconds(1)
          + "\",\"fallbackUrl\":\"https://shop.example/soon\"}");
      create(w, "{\"url\":\"https://shop.example/flash\",\"slug\":\"flash\",\"expiresAt\":\"" + soon
          + "\",\"fallbackUrl\":\"https://shop.example/ended\"}");
      create(w, "{\"url\":\"https://shop.example/gone\",\"slug\":\"gone\",\"expiresAt\":\"" + soon
          + "\",\"preview\":{\"title\":\"Gone soon\"}}");
      HttpResponse<String> before = send(request(w, "/sale", Map.of("User-Agent", IPHONE)));
      assertThat(before.statusCode()).isEqualTo(302);
      assertThat(before.headers().firstValue("Location")).hasValue("https://shop.example/soon");
      assertThat(before.headers().firstValue("Cache-Control")).hasValue("private, max-age=0");
      assertThat(location(w, "/flash", Map.of("User-Agent", IPHONE))).isEqualTo("https://shop.example/flash");
      assertThat(location(w, "/gone", Map.of("User-Agent", IPHONE))).isEqualTo("https://shop.example/gone");

      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
          assertThat(location(w, "/sale", Map.of("User-Agent", IPHONE))).isEqualTo("https://shop.example/sale"));
      assertThat(location(w, "/flash", Map.of("User-Agent", IPHONE))).isEqualTo("https://shop.example/ended");
      HttpResponse<String> gone = send(request(w, "/gone", Map.of("User-Agent", IPHONE)));
      assertThat(gone.statusCode()).as("no fallback: 410 as before").isEqualTo(410);
    }
  }

  @Test
  void clickHouse_previews_getTheCard_andRowsCarryVariantAndRule() throws Exception {
    Map<String, String> env = env(Map.of("WAYMARK_CLICKHOUSE_URL", WaymarkAnalyticsIT.clickHouseUrl(),
        "WAYMARK_CLICKHOUSE_DATABASE", database));
    try (WaymarkProcess w = WaymarkProcess.start(tmp.resolve("data"), env).awaitReady()) {
      create(w, "{\"url\":\"https://shop.example/default\",\"slug\":\"card\","
          + "\"preview\":{\"title\":\"Spring <sale>\",\"description\":\"20% off\","
          + "\"image\":\"https://cdn.example/spring.png\"},"
          + "\"rules\":[{\"id\":\"phones\",\"when\":{\"os\":[\"ios\",\"android\"]},\"variants\":["
          + "{\"id\":\"app\",\"url\":\"https://shop.example/app\",\"weight\":1},"
          + "{\"id\":\"web\",\"url\":\"https://shop.example/web\",\"weight\":1}]}]}");
      HttpResponse<String> card = send(request(w, "/card", Map.of("User-Agent", WHATSAPP)));
      assertThat(card.statusCode()).isEqualTo(200);
      assertThat(card.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
      assertThat(card.body()).contains("<meta property=\"og:title\" content=\"Spring &lt;sale&gt;\">")
          .contains("og:image\" content=\"https://cdn.example/spring.png\"");
      Map<String, String> phones = new HashMap<>();
      for (int i = 0; i < 200; i++) {
        Map<String, String> headers = new HashMap<>(visitorHeaders(i));
        phones.put(Integer.toString(i), location(w, "/card", headers));
      }
      assertThat(count(phones.values()).keySet())
          .containsExactlyInAnyOrder("https://shop.example/app", "https://shop.example/web");
      assertThat(location(w, "/card", Map.of("User-Agent", DESKTOP))).isEqualTo("https://shop.example/default");
      String t = database + ".hits";
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().untilAsserted(() ->
          assertThat(WaymarkAnalyticsIT.query("SELECT count() FROM " + t)).isEqualTo("202"));
      long app = count(phones.values()).get("https://shop.example/app");
      assertThat(WaymarkAnalyticsIT.query("SELECT count() FROM " + t + " WHERE variant = 'app' AND rule = 'phones'"))
          .isEqualTo(Long.toString(app));
      assertThat(WaymarkAnalyticsIT.query("SELECT count() FROM " + t + " WHERE variant = 'web' AND rule = 'phones'"))
          .isEqualTo(Long.toString(200 - app));
      assertThat(WaymarkAnalyticsIT.query("SELECT concat(variant, '|', rule, '|', toString(traffic), '|', "
          + "toString(status)) FROM " + t + " WHERE traffic = 'preview'")).isEqualTo("|preview|preview|200");
      assertThat(WaymarkAnalyticsIT.query("SELECT concat(variant, '|', rule) FROM " + t
          + " WHERE status = 302 AND os != 'iOS'")).isEqualTo("|");
    }
  }

  /** The GeoIP database the test scripts fetched, when they did. */
  private static Map<String, String> geoIp() {
    String db = System.getenv("WAYMARK_TEST_GEOIP_DB");
    return db == null || db.isBlank() ? Map.of() : Map.of("WAYMARK_GEOIP_DB", db);
  }

  /** Visitor {@code i}: an iPhone at an address of its own. */
  private static Map<String, String> visitorHeaders(int i) {
    return Map.of("User-Agent", IPHONE, "X-Forwarded-For", "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255));
  }

  /** Where each of the first {@code visitors} simulated visitors is sent, by visitor number. */
  private static Map<String, String> locationsByVisitor(WaymarkProcess w, String path, int visitors) throws Exception {
    Map<String, CompletableFuture<HttpResponse<Void>>> pending = new LinkedHashMap<>();
    Semaphore inFlight = new Semaphore(32);
    for (int i = 0; i < visitors; i++) {
      inFlight.acquire();
      pending.put(Integer.toString(i), WaymarkProcess.HTTP.sendAsync(request(w, path, visitorHeaders(i)).build(),
          HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> inFlight.release()));
    }
    Map<String, String> locations = new HashMap<>();
    for (Map.Entry<String, CompletableFuture<HttpResponse<Void>>> e : pending.entrySet()) {
      HttpResponse<Void> r = e.getValue().join();
      assertThat(r.statusCode()).isEqualTo(302);
      locations.put(e.getKey(), r.headers().firstValue("Location").orElseThrow());
    }
    return locations;
  }

  private static double metric(WaymarkProcess w, String series) throws Exception {
    return WaymarkJarIT.metric(send(authed(w.admin("/metrics"), KEY)).body(), series);
  }

  private static void assertShare(int count, double weight) {
    assertThat((double) count / VISITORS).as("share of weight " + weight).isBetween(weight - 0.02, weight + 0.02);
  }

  private static Map<String, Integer> count(Iterable<String> values) {
    Map<String, Integer> counts = new HashMap<>();
    values.forEach(v -> counts.merge(v, 1, Integer::sum));
    return counts;
  }

  private static HttpRequest.Builder request(WaymarkProcess w, String path, Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(w.pub(path));
    headers.forEach(b::header);
    return b;
  }

  private static String location(WaymarkProcess w, String path, Map<String, String> headers) throws Exception {
    HttpResponse<String> r = send(request(w, path, headers));
    assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(302);
    return r.headers().firstValue("Location").orElseThrow();
  }

  private static void create(WaymarkProcess w, String json) throws Exception {
    HttpResponse<String> r = createLink(w, KEY, json);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }
}
