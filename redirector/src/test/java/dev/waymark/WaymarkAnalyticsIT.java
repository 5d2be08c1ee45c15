package dev.waymark;

import static dev.waymark.WaymarkJarIT.KEY;
import static dev.waymark.WaymarkJarIT.createLink;
import static dev.waymark.WaymarkJarIT.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Hits through the running jar land in the analytics store, once each, with their enrichment. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WaymarkAnalyticsIT {

  static final String IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
      + "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
  static final String DESKTOP = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
      + "(KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
  static final String WHATSAPP = "WhatsApp/2.24.6.77 A";
  static final String CURL = "curl/8.5.0";

  @TempDir
  Path tmp;

  private final String database = "waymark_it_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);

  static String clickHouseUrl() {
    String url = System.getenv("WAYMARK_TEST_CLICKHOUSE_URL");
    if (url == null || url.isBlank()) {
      throw new IllegalStateException("WAYMARK_TEST_CLICKHOUSE_URL is not set: run the ITs with "
          + "scripts/test.sh, or eval \"$(scripts/services.sh start)\" and export it");
    }
    return url;
  }

  static String query(String sql) throws Exception {
    HttpResponse<String> r = WaymarkProcess.HTTP.send(HttpRequest.newBuilder(
            URI.create(clickHouseUrl() + "/?query=" + URLEncoder.encode(sql, StandardCharsets.UTF_8)))
        .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("ClickHouse said " + r.statusCode() + ": " + r.body());
    }
    return r.body().trim();
  }

  @AfterEach
  void dropDatabase() throws Exception {
    if (System.getenv("WAYMARK_TEST_CLICKHOUSE_URL") != null) {
      query("DROP DATABASE IF EXISTS " + database);
    }
  }

  /** Sends a fixed mix: 40 iPhone scans, 30 desktop clicks, 20 WhatsApp previews, 10 curl. */
  private static int sendMix(WaymarkProcess w) throws Exception {
    int sent = 0;
    String[][] mix = {{IPHONE, "?qr=1", "40"}, {DESKTOP, "?utm_source=newsletter", "30"},
        {WHATSAPP, "", "20"}, {CURL, "", "10"}};
    for (String[] m : mix) {
      for (int i = 0; i < Integer.parseInt(m[2]); i++) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(w.pub("/spring" + m[1]))
            .header("User-Agent", m[0]).header("Referer", "https://news.example.org/p?id=" + i));
        assertThat(r.statusCode()).isEqualTo(302);
        sent++;
      }
    }
    return sent;
  }

  private static void createSpring(WaymarkProcess w) throws Exception {
    assertThat(createLink(w, KEY, "{\"url\":\"https://example.com/spring\",\"slug\":\"spring\","
        + "\"campaign\":\"spring-2026\",\"channel\":\"poster\",\"stage\":\"awareness\","
        + "\"source\":\"utrecht-cs\",\"utm\":{\"source\":\"poster\",\"medium\":\"offline\"}}").statusCode())
        .isEqualTo(201);
  }

  @Test
  void clickHouse_everyRequestIsOneEnrichedRow() throws Exception {
    Map<String, String> env = Map.of("WAYMARK_ADMIN_API_KEY", KEY,
        "WAYMARK_CLICKHOUSE_URL", clickHouseUrl(), "WAYMARK_CLICKHOUSE_DATABASE", database);
    int sent;
    try (WaymarkProcess w = WaymarkProcess.start(tmp.resolve("data"), env).awaitReady()) {
      createSpring(w);
      sent = sendMix(w);
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().untilAsserted(() ->
          assertThat(query("SELECT count() FROM " + database + ".hits")).isEqualTo(Integer.toString(sent)));
      assertStatsOfMix(w);
      assertThat(w.terminate(Duration.ofSeconds(10))).isZero();
      assertThat(w.output()).doesNotContain("Exception");
    }
    String t = database + ".hits";
    assertThat(query("SELECT uniqExact(hit_id) FROM " + t)).isEqualTo(Integer.toString(sent));
    assertThat(query("SELECT sum(is_qr) FROM " + t)).isEqualTo("40");
    assertThat(query("SELECT count() FROM " + t + " WHERE device = 'mobile' AND traffic = 'human' AND os = 'iOS'"))
        .isEqualTo("40");
    assertThat(query("SELECT count() FROM " + t + " WHERE traffic = 'preview'")).isEqualTo("20");
    assertThat(query("SELECT count() FROM " + t + " WHERE traffic = 'bot'")).isEqualTo("10");
    assertThat(query("SELECT DISTINCT concat(link_code, '|', campaign, '|', channel, '|', toString(stage), '|', source) FROM " + t))
        .isEqualTo("spring|spring-2026|poster|awareness|utrecht-cs");
    assertThat(query("SELECT DISTINCT referrer_host FROM " + t)).isEqualTo("news.example.org");
    assertThat(query("SELECT count() FROM " + t + " WHERE utm_source = 'newsletter' AND utm_medium = 'offline'"))
        .isEqualTo("30");
    assertThat(query("SELECT count() FROM " + t + " WHERE utm_source = 'poster'")).isEqualTo("70");
    assertThat(query("SELECT uniqExact(visitor) FROM " + t)).isEqualTo("4");
    // The rollup is kept in step by ClickHouse itself.
    assertThat(query("SELECT countMerge(hits) FROM " + database + ".hits_daily")).isEqualTo(Integer.toString(sent));
  }

  @Test
  void clickHouse_conversionRoundTrip() throws Exception {
    try (WaymarkProcess w = WaymarkProcess.start(tmp.resolve("data"), Map.of("WAYMARK_ADMIN_API_KEY", KEY,
        "WAYMARK_CLICKHOUSE_URL", clickHouseUrl(), "WAYMARK_CLICKHOUSE_DATABASE", database)).awaitReady()) {
      assertConversionRoundTrip(w);
      assertThat(w.terminate(Duration.ofSeconds(10))).isZero();
      assertThat(w.output()).doesNotContain("Exception");
    }
    assertThat(query("SELECT count() FROM " + database + ".conversions")).isEqualTo("1");
  }

  @Test
  void embedded_conversionRoundTrip() throws Exception {
    try (WaymarkProcess w = WaymarkProcess.start(tmp.resolve("data"), Map.of("WAYMARK_ADMIN_API_KEY", KEY))
        .awaitReady()) {
      assertConversionRoundTrip(w);
      assertThat(w.terminate(Duration.ofSeconds(10))).isZero();
    }
  }

  @Test
  void trackingOff_redirectsAndRecordsNothing() throws Exception {
    Path data = tmp.resolve("data");
    try (WaymarkProcess w = WaymarkProcess.start(data,
        Map.of("WAYMARK_ADMIN_API_KEY", KEY, "WAYMARK_TRACKING", "off")).awaitReady()) {
      createSpring(w);
      assertThat(sendMix(w)).isEqualTo(100);
      String ready = send(WaymarkJarIT.authed(w.admin("/health/ready"), KEY)).body();
      assertThat(ready).contains("\"analytics\":{\"store\":\"off\",\"status\":\"OFF\"}")
          .doesNotContain("\"hits\"").contains("\"status\":\"UP\"");
      assertThat(send(WaymarkJarIT.authed(w.admin("/metrics"), KEY)).body()).doesNotContain("waymark_hits_offered");
      HttpResponse<String> stats = send(WaymarkJarIT.authed(w.admin("/api/v1/stats/summary"), KEY));
      assertThat(stats.statusCode()).isEqualTo(503);
      assertThat(stats.body()).contains("tracking is off");
      Thread.sleep(1_500); // past the delay after which a tracking service opens its analytics store
      assertThat(w.terminate(Duration.ofSeconds(10))).isZero();
      assertThat(w.output()).contains("analytics=off").doesNotContain("Exception");
    }
    for (String made : new String[] {"hits.duckdb", "salts", "spool"}) {
      assertThat(data.resolve(made)).as(made).doesNotExist();
    }
  }

  @Test
  void migrateSubcommand_createsTheSchemaAndIsIdempotent() throws Exception {
    for (int run = 0; run < 2; run++) {
      ProcessBuilder builder = new ProcessBuilder(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
          WaymarkProcess.jar().toString(), "migrate").redirectErrorStream(true);
      builder.environment().keySet().removeIf(k -> k.startsWith("WAYMARK_"));
      builder.environment().put("WAYMARK_CLICKHOUSE_URL", clickHouseUrl());
      builder.environment().put("WAYMARK_CLICKHOUSE_DATABASE", database);
      Process p = builder.start();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String output = new String(p.getInputStream().readAllBytes());
      assertThat(p.exitValue()).as(output).isZero();
      assertThat(output).contains(run == 0 ? "applied migrations" : "is up to date");
    }
    assertThat(query("EXISTS TABLE " + database + ".hits")).isEqualTo("1");
  }

  @Test
  void embedded_everyRequestIsOneRowInDuckDb() throws Exception {
    Path data = tmp.resolve("data");
    int sent;
    try (WaymarkProcess w = WaymarkProcess.start(data, Map.of("WAYMARK_ADMIN_API_KEY", KEY)).awaitReady()) {
      createSpring(w);
      sent = sendMix(w);
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> metric(w,
          "waymark_analytics_rows_written_total") == sent);
      assertThat(metric(w, "waymark_hits_spilled_total")).isZero(); // the sink kept up
      assertStatsOfMix(w);
      assertThat(w.terminate(Duration.ofSeconds(10))).isZero();
    }
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:" + data.resolve("hits.duckdb"));
        ResultSet rs = db.createStatement().executeQuery(
            "SELECT count(*), count(DISTINCT hit_id), sum(is_qr), count(*) FILTER (WHERE traffic = 'preview') FROM hits")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getLong(1)).isEqualTo(sent);
      assertThat(rs.getLong(2)).isEqualTo(sent);
      assertThat(rs.getLong(3)).isEqualTo(40);
      assertThat(rs.getLong(4)).isEqualTo(20);
    }
  }

  /**
   * The stats API's answers on {@link #sendMix}, the same from either store: 70 people (40 iPhone
   * scans, 30 desktop clicks, one device each), 20 previews and 10 bots, all on one day.
   */
  private static void assertStatsOfMix(WaymarkProcess w) throws Exception {
    ObjectMapper json = new ObjectMapper();
    HttpResponse<String> summary = send(WaymarkJarIT.authed(w.admin("/api/v1/stats/summary?campaign=spring-2026"), KEY));
    assertThat(summary.statusCode()).as(summary.body()).isEqualTo(200);
    assertThat(json.readTree(summary.body())).isEqualTo(json.readTree(
        "{\"hits\":70,\"scans\":40,\"clicks\":30,\"visitors\":2,\"newVisitors\":2,\"returningVisitors\":0,"
            + "\"bots\":10,\"previews\":20,\"conversions\":0,\"revenue\":{}}"));
    HttpResponse<String> byTraffic = send(WaymarkJarIT.authed(
        w.admin("/api/v1/stats/breakdown?by=traffic&traffic=all&link=spring"), KEY));
    assertThat(byTraffic.statusCode()).as(byTraffic.body()).isEqualTo(200);
    assertThat(json.readTree(byTraffic.body())).isEqualTo(json.readTree("{\"by\":\"traffic\",\"rows\":["
        + "{\"key\":\"human\",\"hits\":70,\"scans\":40,\"clicks\":30,\"visitors\":2,\"conversions\":0,\"revenue\":{}},"
        + "{\"key\":\"preview\",\"hits\":20,\"scans\":0,\"clicks\":20,\"visitors\":1,\"conversions\":0,\"revenue\":{}},"
        + "{\"key\":\"bot\",\"hits\":10,\"scans\":0,\"clicks\":10,\"visitors\":1,\"conversions\":0,\"revenue\":{}}],"
        + "\"other\":{\"hits\":0,\"scans\":0,\"clicks\":0,\"visitors\":0,\"conversions\":0,\"revenue\":{}}}"));
    // Every hit, people or not, comes out of the export once, in either format.
    HttpResponse<String> csv = send(WaymarkJarIT.authed(w.admin("/api/v1/stats/export?format=csv&traffic=all"), KEY));
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.body().split("\r\n")).hasSize(1 + 100); // the header row, then one row a hit
    HttpResponse<String> ndjson = send(WaymarkJarIT.authed(
        w.admin("/api/v1/stats/export?format=ndjson&traffic=all"), KEY));
    assertThat(ndjson.statusCode()).isEqualTo(200);
    assertThat(ndjson.body().split("\n")).hasSize(100)
        .allSatisfy(line -> assertThat(json.readTree(line).path("link_code").asText()).isEqualTo("spring"));
  }

  /**
   * A shop's round trip on a link with conversions: the redirect hands the hit's id on as
   * {@code wm_click}, the shop reports a sale for it (pending until the hit is stored, then
   * stored once however often it is sent), and the stats count it on that link only.
   */
  static void assertConversionRoundTrip(WaymarkProcess w) throws Exception {
    assertThat(createLink(w, KEY, "{\"url\":\"https://shop.example/checkout?ref=poster#top\",\"slug\":\"buy\","
        + "\"campaign\":\"spring-2026\",\"stage\":\"conversion\",\"conversions\":true}").statusCode())
        .isEqualTo(201);
    HttpResponse<String> redirect = send(HttpRequest.newBuilder(w.pub("/buy?qr=1")).header("User-Agent", IPHONE));
    assertThat(redirect.statusCode()).isEqualTo(302);
    String location = redirect.headers().firstValue("Location").orElseThrow();
    assertThat(location).matches("https://shop\\.example/checkout\\?ref=poster&wm_click=[0-9a-f-]{36}#top");
    String click = location.substring(location.indexOf("wm_click=") + 9, location.indexOf('#'));
    String sale = "{\"click\":\"" + click + "\",\"type\":\"sale\",\"value\":12.50,\"currency\":\"EUR\","
        + "\"id\":\"order-1\"}";
    int[] status = new int[1];
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
      status[0] = postConversion(w, sale).statusCode();
      // Pending until the hit lands; 503 while the analytics store is still opening after start.
      assertThat(status[0]).isIn(201, 202, 503);
      return status[0] == 201;
    });
    HttpResponse<String> again = postConversion(w, sale);
    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    assertThat(again.body()).contains("\"status\":\"duplicate\"");
    // A click id no hit can still arrive for (made a year ago) is refused, naming it.
    HttpResponse<String> unknown = postConversion(w, "{\"click\":\"" + new java.util.UUID(
        ((System.currentTimeMillis() - 365L * 86_400_000L) << 16) | 0x7000L, 0x8000_0000_0000_0001L)
        + "\",\"type\":\"lead\"}");
    assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(422);
    assertThat(unknown.body()).contains("click");

    ObjectMapper json = new ObjectMapper();
    HttpResponse<String> summary = send(WaymarkJarIT.authed(w.admin("/api/v1/stats/summary?link=buy"), KEY));
    assertThat(json.readTree(summary.body())).as(summary.body()).isEqualTo(json.readTree(
        "{\"hits\":1,\"scans\":1,\"clicks\":0,\"visitors\":1,\"newVisitors\":1,\"returningVisitors\":0,"
            + "\"bots\":0,\"previews\":0,\"conversions\":1,\"revenue\":{\"EUR\":12.5}}"));
    HttpResponse<String> funnel = send(WaymarkJarIT.authed(w.admin("/api/v1/stats/funnel?campaign=spring-2026"), KEY));
    JsonNode steps = json.readTree(funnel.body()).path("steps");
    JsonNode converted = steps.get(steps.size() - 1);
    assertThat(converted.path("stage").asText()).as(funnel.body()).isEqualTo("converted");
    assertThat(converted.path("visitors").asLong()).isEqualTo(1);
  }

  private static HttpResponse<String> postConversion(WaymarkProcess w, String body) throws Exception {
    return send(WaymarkJarIT.authed(w.admin("/api/v1/conversions"), KEY).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private static double metric(WaymarkProcess w, String series) throws Exception {
    return WaymarkJarIT.metric(send(WaymarkJarIT.authed(w.admin("/metrics"), KEY)).body(), series);
  }
}
