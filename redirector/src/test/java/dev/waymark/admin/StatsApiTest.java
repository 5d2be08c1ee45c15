package dev.waymark.admin;

import static dev.waymark.admin.Problems.assertInvalid;
import static dev.waymark.admin.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.waymark.admin.stats.StatsQueries;
import dev.waymark.admin.stats.StatsRoutes;
import dev.waymark.journey.Stage;
import dev.waymark.problem.ProblemHandler;
import dev.waymark.stats.Dimension;
import dev.waymark.stats.Interval;
import dev.waymark.stats.StatsQuery;
import dev.waymark.stats.StatsQuery.TrafficFilter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The stats endpoints over a fake analytics store: answers, parsed questions, refusals, limits. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StatsApiTest {

  private static final String SUMMARY = "/api/v1/stats/summary";
  private static final String SERIES = "/api/v1/stats/timeseries";
  private static final String BREAKDOWN = "/api/v1/stats/breakdown";

  static AdminServer server;

  @BeforeAll
  static void start() {
    server = new AdminServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void reset() {
    server.stats.down = false;
    server.statsAbsent = false;
    server.stats.query = null;
    server.stats.converted = FakeStatsStore.CONVERTED;
  }

  private static HttpResponse<Buffer> get(String uri) {
    return server.send(HttpMethod.GET, uri);
  }

  private static JsonObject ok(String uri) {
    HttpResponse<Buffer> r = get(uri);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
    return r.bodyAsJsonObject();
  }

  @Test
  void summary_noParameters_answersTheTotals_forHumansOfTheLast30DaysInUtc() {
    Instant before = server.clock.instant();
    JsonObject body = ok(SUMMARY);

    assertThat(body.fieldNames()).containsExactlyInAnyOrder("hits", "scans", "clicks", "visitors", "newVisitors",
        "returningVisitors", "bots", "previews", "conversions", "revenue");
    assertThat(body).isEqualTo(new JsonObject().put("hits", 120).put("scans", 70).put("clicks", 50)
        .put("visitors", 40).put("newVisitors", 30).put("returningVisitors", 10).put("bots", 7).put("previews", 3)
        .put("conversions", 4).put("revenue", new JsonObject().put("EUR", 12.5).put("USD", 100)));
    StatsQuery q = server.stats.query;
    assertThat(q.traffic()).isEqualTo(TrafficFilter.HUMAN);
    assertThat(q.zone()).isEqualTo(ZoneId.of("UTC"));
    assertThat(q.to()).isAfter(before);
    assertThat(Duration.between(q.from(), q.to())).isEqualTo(Duration.ofDays(30));
    assertThat(List.of(q.campaign() == null, q.link() == null, q.touchpoint() == null, q.channel() == null,
        q.stage() == null, q.source() == null, q.qr() == null)).containsOnly(true);
  }

  @Test
  void timeSeries_datesInAZone_fromIsItsMidnight_toIncludesItsWholeDay_bucketsCarryTheirOffset() {
    JsonObject body = ok(SERIES + "?interval=week&tz=Europe/Paris&from=2026-03-01&to=2026-03-31");

    assertThat(body.fieldNames()).containsExactlyInAnyOrder("interval", "points");
    assertThat(body.getString("interval")).isEqualTo("week");
    assertThat(body.getJsonArray("points").getJsonObject(0)).isEqualTo(new JsonObject()
        .put("t", "2026-03-01T00:00:00+01:00").put("hits", 5).put("scans", 3).put("clicks", 2).put("visitors", 2));
    assertThat(body.getJsonArray("points").getJsonObject(1).getString("t")).isEqualTo("2026-03-02T00:00:00+01:00");
    assertThat(server.stats.interval).isEqualTo(Interval.WEEK);
    StatsQuery q = server.stats.query;
    assertThat(q.zone()).isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(q.from()).isEqualTo(Instant.parse("2026-02-28T23:00:00Z"));
    // Summer time starts on 29 March: April begins at 22:00 UTC.
    assertThat(q.to()).isEqualTo(Instant.parse("2026-03-31T22:00:00Z"));
  }

  @Test
  void timeSeries_withoutInterval_isPerDay() {
    assertThat(ok(SERIES).getString("interval")).isEqualTo("day");
    assertThat(server.stats.interval).isEqualTo(Interval.DAY);
  }

  @Test
  void breakdown_everyFilter_reachesTheStore_andRowsComeWithOther() {
    JsonObject body = ok(BREAKDOWN + "?by=utm_source&limit=2&campaign=spring&link=Ab3xY9k&touchpoint=tp-1"
        + "&channel=poster&stage=awareness&source=flyer&qr=true&traffic=all"
        + "&from=2026-03-01T10:00:00Z&to=2026-03-02T10:00:00%2B02:00");

    assertThat(body.fieldNames()).containsExactlyInAnyOrder("by", "rows", "other");
    assertThat(body.getString("by")).isEqualTo("utm_source");
    assertThat(body.getJsonArray("rows").getJsonObject(0)).isEqualTo(new JsonObject().put("key", "spring")
        .put("hits", 80).put("scans", 50).put("clicks", 30).put("visitors", 25).put("conversions", 3)
        .put("revenue", new JsonObject().put("EUR", 0.000001)));
    assertThat(body.getJsonArray("rows").getJsonObject(1)).isEqualTo(new JsonObject().put("key", "")
        .put("hits", 20).put("scans", 10).put("clicks", 10).put("visitors", 9).put("conversions", 0)
        .put("revenue", new JsonObject()));
    assertThat(body.getJsonObject("other")).isEqualTo(new JsonObject().put("hits", 20).put("scans", 10)
        .put("clicks", 10).put("visitors", 8).put("conversions", 1).put("revenue", new JsonObject()));
    assertThat(server.stats.by).isEqualTo(Dimension.UTM_SOURCE);
    assertThat(server.stats.limit).isEqualTo(2);
    assertThat(server.stats.query).isEqualTo(new StatsQuery(Instant.parse("2026-03-01T10:00:00Z"),
        Instant.parse("2026-03-02T08:00:00Z"), ZoneId.of("UTC"), "spring", "Ab3xY9k", "tp-1", "poster",
        Stage.AWARENESS, "flyer", true, TrafficFilter.ALL));
  }

  @Test
  void revenue_isWrittenAsPlainNumbers_currenciesInOrder() {
    assertThat(get(SUMMARY).bodyAsString()).contains("\"conversions\":4,\"revenue\":{\"EUR\":12.5,\"USD\":100}}");
    assertThat(get(BREAKDOWN + "?by=link").bodyAsString()).contains("\"revenue\":{\"EUR\":0.000001}");
  }

  @Test
  void breakdown_withoutLimit_asksForTen_andQrFalseMeansClicks() {
    ok(BREAKDOWN + "?by=bot&qr=false&traffic=bot");
    assertThat(server.stats.by).isEqualTo(Dimension.BOT);
    assertThat(server.stats.limit).isEqualTo(10);
    assertThat(server.stats.query.qr()).isFalse();
    assertThat(server.stats.query.traffic()).isEqualTo(TrafficFilter.BOT);
  }

  static Stream<Arguments> badInput() {
    return Stream.of(
        Arguments.of(SUMMARY + "?campaign=" + "c".repeat(129), "campaign"),
        Arguments.of(SUMMARY + "?channel=" + "c".repeat(129), "channel"),
        Arguments.of(SUMMARY + "?source=" + "s".repeat(129), "source"),
        Arguments.of(SUMMARY + "?link=not%20a%20code", "link"),
        Arguments.of(SUMMARY + "?touchpoint=" + "t".repeat(65), "touchpoint"),
        Arguments.of(SUMMARY + "?stage=unknown", "stage"),
        Arguments.of(SUMMARY + "?qr=1", "qr"),
        Arguments.of(SUMMARY + "?traffic=robots", "traffic"),
        Arguments.of(SUMMARY + "?tz=Mars/Olympus_Mons", "tz"),
        Arguments.of(SUMMARY + "?tz=%2B02:00", "tz"),
        Arguments.of(SUMMARY + "?from=yesterday", "from"),
        Arguments.of(SUMMARY + "?from=2026-03-01T00:00:00", "from"),
        Arguments.of(SUMMARY + "?to=2026-13-01", "to"),
        Arguments.of(SUMMARY + "?from=2026-03-02&to=2026-03-01", "to"),
        Arguments.of(SUMMARY + "?from=2026-03-01T00:00:00Z&to=2026-03-01T00:00:00Z", "to"),
        Arguments.of(SUMMARY + "?from=2099-01-01", "from"),
        Arguments.of(SUMMARY + "?from=2025-01-01&to=2026-02-05", "from"),
        Arguments.of(SUMMARY + "?campaign=a&campaign=b", "campaign"),
        Arguments.of(SUMMARY + "?bogus=1", "bogus"),
        Arguments.of(SUMMARY + "?interval=day", "interval"),
        Arguments.of(SUMMARY + "?by=link", "by"),
        Arguments.of(SERIES + "?interval=minute", "interval"),
        Arguments.of(SERIES + "?interval=DAY", "interval"),
        Arguments.of(SERIES + "?limit=5", "limit"),
        Arguments.of(BREAKDOWN, "by"),
        Arguments.of(BREAKDOWN + "?by=city", "by"),
        Arguments.of(BREAKDOWN + "?by=UTM_SOURCE", "by"),
        Arguments.of(BREAKDOWN + "?by=link&limit=0", "limit"),
        Arguments.of(BREAKDOWN + "?by=link&limit=1001", "limit"),
        Arguments.of(BREAKDOWN + "?by=link&limit=ten", "limit"),
        Arguments.of(BREAKDOWN + "?by=link&interval=day", "interval"));
  }

  @ParameterizedTest
  @MethodSource("badInput")
  void badInput_is400NamingTheParameter_andTheStoreIsNotAsked(String uri, String parameter) {
    assertInvalid(get(uri), parameter);
    assertThat(server.stats.query).isNull();
  }

  @Test
  void range_ofExactly400Days_isAllowed() {
    ok(SUMMARY + "?from=2025-01-01T00:00:00Z&to=2026-02-05T00:00:00Z");
    assertThat(Duration.between(server.stats.query.from(), server.stats.query.to())).isEqualTo(Duration.ofDays(400));
  }

  @Test
  void keyWithoutStatsRead_is403NamingTheScope_keyWithIt_isAnswered() {
    String reader = server.createKey("stats-less", "links:read").getString("key");
    String stats = server.createKey("stats-reader", "stats:read").getString("key");
    for (String uri : List.of(SUMMARY, SERIES, BREAKDOWN + "?by=link")) {
      JsonObject problem = assertProblem(server.request(HttpMethod.GET, uri, reader).send().await(), 403);
      assertThat(problem.getString("detail")).contains("stats:read");
      assertThat(server.request(HttpMethod.GET, uri, stats).send().await().statusCode()).isEqualTo(200);
    }
  }

  @Test
  void storeThatThrows_is503NamingTheStore_withoutItsError() {
    server.stats.down = true;
    for (String uri : List.of(SUMMARY, SERIES, BREAKDOWN + "?by=link")) {
      HttpResponse<Buffer> r = get(uri);
      JsonObject problem = assertProblem(r, 503);
      assertThat(problem.getString("detail")).isEqualTo("the clickhouse analytics store is unavailable");
      assertThat(r.getHeader("Retry-After")).isEqualTo("1");
      assertThat(r.bodyAsString()).doesNotContain("connection refused");
    }
  }

  @Test
  void noStore_is503SayingWhy_butBadInputIsStill400() {
    server.statsAbsent = true;
    JsonObject problem = assertProblem(get(SUMMARY), 503);
    assertThat(problem.getString("detail")).contains("analytics store", "tracking is off");
    assertInvalid(get(BREAKDOWN), "by");
  }

  @Test
  void pastTheBound_is503_pastTheTimeout_is504_andTheSlotIsHeldUntilTheStoreReturns() throws Exception {
    Vertx vertx = Vertx.vertx();
    FakeStatsStore store = new FakeStatsStore();
    try {
      Router router = Router.router(vertx);
      new ProblemHandler(ctx -> List.of(), AdminRouter.BODY_LIMIT).install(router);
      StatsRoutes routes = new StatsRoutes(new StatsQueries(vertx, 1, Duration.ofMillis(200)), () -> store,
          Clock.fixed(AdminServer.START, ZoneOffset.UTC));
      router.get("/s").handler(routes::summary);
      int port = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await().actualPort();
      WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
          .setDefaultPort(port));

      store.gate.close();
      Future<HttpResponse<Buffer>> first = client.get("/s").send();
      awaitAsked(store);
      HttpResponse<Buffer> second = client.get("/s").send().await();
      JsonObject busy = assertProblem(second, 503);
      assertThat(busy.getString("detail")).contains("more than 1 stats questions");
      assertThat(second.getHeader("Retry-After")).isEqualTo("1");

      JsonObject late = assertProblem(first.await(), 504);
      assertThat(late.getString("type")).isEqualTo("https://waymark.dev/problems/timeout");
      assertThat(late.getString("detail")).contains("clickhouse", "200 ms");
      assertProblem(client.get("/s").send().await(), 503); // still working on the first question

      store.gate.open();
      HttpResponse<Buffer> after = null;
      for (int i = 0; i < 200 && (after == null || after.statusCode() != 200); i++) {
        Thread.sleep(10); // the slot frees when the store returns, a moment after release
        after = client.get("/s").send().await();
      }
      assertThat(after.statusCode()).as(after.bodyAsString()).isEqualTo(200);
    } finally {
      store.gate.open();
      vertx.close().await();
    }
  }

  private static void awaitAsked(FakeStatsStore store) throws InterruptedException {
    for (int i = 0; i < 500 && store.query == null; i++) {
      Thread.sleep(10);
    }
    assertThat(store.query).as("the store was asked").isNotNull();
  }

  @Test
  void wireNames_ofEveryDimension_areAccepted() {
    for (Dimension d : Dimension.values()) {
      ok(BREAKDOWN + "?by=" + d.name().toLowerCase(java.util.Locale.ROOT));
      assertThat(server.stats.by).isEqualTo(d);
    }
    assertThat(Set.of(Interval.values())).allSatisfy(i ->
        assertThat(ok(SERIES + "?interval=" + i.name().toLowerCase(java.util.Locale.ROOT)).getString("interval"))
            .isEqualTo(i.name().toLowerCase(java.util.Locale.ROOT)));
  }

  // --- funnel

  private static final String FUNNEL = "/api/v1/stats/funnel";

  @Test
  void funnel_noParameters_fiveStepsInJourneyOrder_sevenDays_allCampaigns_firstRateNull() {
    JsonObject body = ok(FUNNEL);

    assertThat(body.fieldNames()).containsExactlyInAnyOrder("window", "steps");
    assertThat(body.getString("window")).isEqualTo("7d");
    assertThat(body.getJsonArray("steps").stream().map(o -> ((JsonObject) o).getString("stage")))
        .containsExactly("awareness", "consideration", "conversion", "service", "loyalty", "converted");
    assertThat(body.getJsonArray("steps").getJsonObject(5)).isEqualTo(new JsonObject().put("stage", "converted")
        .put("visitors", 30).put("fromPrevious", 30).put("rate", 0.075));
    JsonObject first = body.getJsonArray("steps").getJsonObject(0);
    assertThat(first.fieldNames()).containsExactlyInAnyOrder("stage", "visitors", "fromPrevious", "rate");
    assertThat(first.getValue("rate")).isNull();
    assertThat(first.getLong("fromPrevious")).isEqualTo(400L);
    assertThat(body.getJsonArray("steps").getJsonObject(2)).isEqualTo(new JsonObject().put("stage", "conversion")
        .put("visitors", 40).put("fromPrevious", 35).put("rate", 0.2917));
    assertThat(body.getJsonArray("steps").getJsonObject(3).getDouble("rate")).isEqualTo(0.0);
    assertThat(server.stats.window).isEqualTo(Duration.ofDays(7));
    StatsQuery q = server.stats.query;
    assertThat(q.campaign()).isNull();
    assertThat(q.stage()).isNull();
    assertThat(q.traffic()).isEqualTo(TrafficFilter.HUMAN);
    assertThat(Duration.between(q.from(), q.to())).isEqualTo(Duration.ofDays(30));
  }

  @Test
  void funnel_ofAStoreWithoutConversions_hasNoConvertedStep() {
    server.stats.converted = null;
    assertThat(ok(FUNNEL).getJsonArray("steps").stream().map(o -> ((JsonObject) o).getString("stage")))
        .containsExactly("awareness", "consideration", "conversion", "service", "loyalty");
  }

  @Test
  void funnel_windowInHoursOrDays_andFilters_reachTheStore() {
    JsonObject body = ok(FUNNEL + "?window=36h&campaign=spring&link=Ab3xY9k&touchpoint=tp-1&channel=poster"
        + "&source=flyer&qr=false&traffic=all&tz=Europe/Paris&from=2026-03-01&to=2026-03-31");
    assertThat(body.getString("window")).isEqualTo("36h");
    assertThat(server.stats.window).isEqualTo(Duration.ofHours(36));
    assertThat(server.stats.query).isEqualTo(new StatsQuery(Instant.parse("2026-02-28T23:00:00Z"),
        Instant.parse("2026-03-31T22:00:00Z"), ZoneId.of("Europe/Paris"), "spring", "Ab3xY9k", "tp-1", "poster",
        null, "flyer", false, TrafficFilter.ALL));

    assertThat(ok(FUNNEL + "?window=1h").getString("window")).isEqualTo("1h");
    assertThat(server.stats.window).isEqualTo(Duration.ofHours(1));
    assertThat(ok(FUNNEL + "?window=48h").getString("window")).isEqualTo("2d");
    assertThat(ok(FUNNEL + "?window=90d").getString("window")).isEqualTo("90d");
    assertThat(server.stats.window).isEqualTo(Duration.ofDays(90));
    assertThat(ok(FUNNEL + "?window=2160h").getString("window")).isEqualTo("90d");
  }

  static Stream<Arguments> funnelBadInput() {
    return Stream.of(
        Arguments.of(FUNNEL + "?window=0h", "window"),
        Arguments.of(FUNNEL + "?window=91d", "window"),
        Arguments.of(FUNNEL + "?window=2161h", "window"),
        Arguments.of(FUNNEL + "?window=30m", "window"),
        Arguments.of(FUNNEL + "?window=7", "window"),
        Arguments.of(FUNNEL + "?window=7D", "window"),
        Arguments.of(FUNNEL + "?window=-1d", "window"),
        Arguments.of(FUNNEL + "?window=P7D", "window"),
        Arguments.of(FUNNEL + "?window=99999d", "window"),
        Arguments.of(FUNNEL + "?window=1d&window=2d", "window"),
        Arguments.of(FUNNEL + "?stage=awareness", "stage"),
        Arguments.of(FUNNEL + "?interval=day", "interval"),
        Arguments.of(FUNNEL + "?tz=Mars/Olympus_Mons", "tz"),
        Arguments.of(SUMMARY + "?window=7d", "window"));
  }

  @ParameterizedTest
  @MethodSource("funnelBadInput")
  void funnel_badInput_is400NamingTheParameter_andTheStoreIsNotAsked(String uri, String parameter) {
    assertInvalid(get(uri), parameter);
    assertThat(server.stats.query).isNull();
  }

  // --- export

  private static final String EXPORT = "/api/v1/stats/export";

  /** A raw client that can pause, read a little, and hang up; small buffers so back-pressure shows soon. */
  private static io.vertx.core.http.HttpClientResponse openExport(String query) throws Exception {
    io.vertx.core.http.HttpClient raw = server.vertx.createHttpClient(new io.vertx.core.http.HttpClientOptions()
        .setDefaultHost("127.0.0.1").setDefaultPort(server.server.actualPort()).setReceiveBufferSize(8192));
    return raw.request(HttpMethod.GET, EXPORT + query).compose(req -> req
        .putHeader("Authorization", "Bearer " + AdminServer.KEY).send()).await(5, TimeUnit.SECONDS);
  }

  @Test
  void export_csv_attachmentWithHeaderRowAndQuotedValues() {
    server.stats.exportRows = 3;
    server.stats.failAfter = -1;
    HttpResponse<Buffer> r = get(EXPORT + "?format=csv&from=2026-03-01&to=2026-03-31&campaign=x");

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(r.getHeader("Content-Type")).isEqualTo("text/csv; charset=utf-8");
    assertThat(r.getHeader("Content-Disposition"))
        .isEqualTo("attachment; filename=\"hits-20260301T000000Z-20260401T000000Z.csv\"");
    assertThat(r.getHeader("Transfer-Encoding")).isEqualTo("chunked");
    String body = r.bodyAsString();
    assertThat(body).startsWith("ts,hit_id,batch_id,code,link_code,touchpoint_code,campaign,channel,stage,");
    String row0 = "2026-03-01T10:00:00Z,00000000-0000-0190-0000-000000000000,"
        + "00000000-0000-0190-0000-000000000000,code-0,link_code-0,touchpoint_code-0,"
        + "\"o'brien \"\"cafe\"\", a\\b\r\nline\tt\u00e9 \ud83d\ude42\",channel-0,stage-0,source-0,1,variant-0,302,"
        + "device-0,os-0,os_version-0,browser-0,browser_version-0,traffic-0,bot_name-0,country-0,referrer_host-0,"
        + "utm_source-0,utm_medium-0,utm_campaign-0,utm_term-0,utm_content-0,language-0,18446744073709551615,0,"
        + "2026-03-01T10:00:00Z,rule-0\r\n";
    String header = body.substring(0, body.indexOf("\r\n") + 2);
    assertThat(header).isEqualTo(String.join(",", dev.waymark.stats.ExportColumn.ALL.stream()
        .map(dev.waymark.stats.ExportColumn::name).toList()) + "\r\n");
    assertThat(body.substring(header.length())).startsWith(row0).endsWith(",2,2026-03-01T10:00:02Z,rule-2\r\n");
    assertThat(body.split("\r\n2026-03-01T10:00:0", -1)).hasSize(4); // 3 rows, each starting with ts
    assertThat(server.stats.query.campaign()).isEqualTo("x");
  }

  @Test
  void export_ndjson_oneObjectPerLine_keysAreColumns_numbersAreNumbers() {
    server.stats.exportRows = 3;
    server.stats.failAfter = -1;
    HttpResponse<Buffer> r = get(EXPORT + "?format=ndjson&from=2026-03-01T00:00:00Z&to=2026-03-02T00:00:00Z");

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/x-ndjson");
    assertThat(r.getHeader("Content-Disposition"))
        .isEqualTo("attachment; filename=\"hits-20260301T000000Z-20260302T000000Z.ndjson\"");
    String[] lines = r.bodyAsString().split("\n", -1);
    assertThat(lines).hasSize(4);
    assertThat(lines[3]).isEmpty();
    JsonObject first = new JsonObject(lines[0]);
    assertThat(List.copyOf(first.fieldNames())).containsExactlyElementsOf(
        dev.waymark.stats.ExportColumn.ALL.stream().map(dev.waymark.stats.ExportColumn::name).toList());
    assertThat(first.getString("campaign")).isEqualTo(FakeStatsStore.NASTY);
    assertThat(first.getValue("is_qr")).isEqualTo(1);
    assertThat(first.getValue("status")).isEqualTo(302);
    assertThat(first.getValue("visitor")).isInstanceOf(Number.class).hasToString("18446744073709551615");
    assertThat(new JsonObject(lines[2]).getString("ts")).isEqualTo("2026-03-01T10:00:02Z");
  }

  @Test
  void export_badOrMissingFormat_is400NamingIt_andTheStoreIsNotAsked() {
    assertInvalid(get(EXPORT + "?format=xml"), "format");
    assertInvalid(get(EXPORT), "format");
    assertInvalid(get(EXPORT + "?format=csv&by=link"), "by");
    assertThat(server.stats.query).isNull();
  }

  @Test
  void funnel_stageGiven_saysItIsNoFilterHere() {
    JsonObject problem = assertInvalid(get(FUNNEL + "?stage=awareness"), "stage");
    assertThat(problem.encode()).contains("every stage");
  }

  @Test
  void funnel_needsStatsRead_andAStoreThatThrowsIs503() {
    String reader = server.createKey("funnel-less", "links:read").getString("key");
    assertThat(assertProblem(server.request(HttpMethod.GET, FUNNEL, reader).send().await(), 403)
        .getString("detail")).contains("stats:read");
    server.stats.down = true;
    assertThat(assertProblem(get(FUNNEL), 503).getString("detail"))
        .isEqualTo("the clickhouse analytics store is unavailable");
  }

  @Test
  void export_storeDownBeforeTheFirstByte_is503Problem() {
    server.stats.down = true;
    assertProblem(get(EXPORT + "?format=csv"), 503);
  }

  @Test
  void export_storeFailsMidStream_connectionIsCutSoTheDownloadIsTruncated() throws Exception {
    server.stats.exportRows = 100_000;
    server.stats.failAfter = 2_000; // well past the first 32 KiB chunk
    try {
      io.vertx.core.http.HttpClientResponse r = openExport("?format=csv");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body().toCompletionStage().toCompletableFuture())
          .failsWithin(5, TimeUnit.SECONDS);
    } finally {
      server.stats.failAfter = -1;
    }
  }

  @Test
  void export_slowReader_storeIsHeldBack_thenDisconnect_stopsTheStoresLoop() throws Exception {
    server.stats.exportRows = 10_000_000; // ~5 GB of CSV if nothing held the store back
    server.stats.failAfter = -1;
    io.vertx.core.http.HttpClientResponse r = openExport("?format=csv");
    r.pause();
    assertThat(r.statusCode()).isEqualTo(200);
    Thread.sleep(1_500);
    // Rows are ~450 bytes: what fits in the socket buffers, Netty's queue and one chunk, no more
    // (without back-pressure the fake store hands over millions of rows in this time).
    assertThat(server.stats.pulled.get()).isLessThan(20_000);
    r.request().connection().close();
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> server.stats.exportStopped);
    assertThat(server.stats.exportFinished).isFalse();
  }
}
