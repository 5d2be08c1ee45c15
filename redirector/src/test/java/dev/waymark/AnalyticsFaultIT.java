package dev.waymark;

import static dev.waymark.WaymarkAnalyticsIT.DESKTOP;
import static dev.waymark.WaymarkAnalyticsIT.IPHONE;
import static dev.waymark.WaymarkJarIT.KEY;
import static dev.waymark.WaymarkJarIT.authed;
import static dev.waymark.WaymarkJarIT.createLink;
import static dev.waymark.WaymarkJarIT.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hits survive ClickHouse going away and the process being killed: every redirect answers 302 at
 * once whatever ClickHouse does, and every hit ends up in {@code hits} exactly once. ClickHouse is
 * "stopped" by a proxy of our own between the jar and the shared test server.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class AnalyticsFaultIT {

  /** A redirect slower than this would be ClickHouse's trouble leaking into the hot path. */
  private static final Duration SLOW_REDIRECT = Duration.ofSeconds(1);

  @TempDir
  Path tmp;

  private final String database = "waymark_fault_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
  private TcpProxy proxy;

  @BeforeEach
  void startProxy() throws Exception {
    URI clickHouse = URI.create(ClickHouseSql.url());
    proxy = new TcpProxy(clickHouse.getHost(), clickHouse.getPort()).start();
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (proxy != null) {
      proxy.close();
    }
    if (System.getenv("WAYMARK_TEST_CLICKHOUSE_URL") != null) {
      ClickHouseSql.query("DROP DATABASE IF EXISTS " + database);
    }
  }

  @Test
  void clickHouseUnreachableDuringLoad_everyHitArrivesOnce_redirectsNeverWait() throws Exception {
    int n = 300;
    try (WaymarkProcess w = startWaymark(tmp.resolve("data"))) {
      createPoster(w);
      proxy.stop();
      // About 30 s of traffic while ClickHouse cannot be reached.
      List<String> slowOrFailed = sendHits(w, n, Duration.ofMillis(100));
      assertThat(slowOrFailed).as("redirects while ClickHouse was unreachable").isEmpty();
      assertThat(rows()).as("nothing can have reached ClickHouse yet").isEqualTo("0");

      proxy.start();
      awaitExactlyOnce(n);
      assertThat(w.terminate(Duration.ofSeconds(15))).isZero();
    }
  }

  @Test
  void killedWithHitsOnlyInTheSpool_restartReplaysThemOnce() throws Exception {
    int n = 60;
    Path data = tmp.resolve("data");
    try (WaymarkProcess w = startWaymark(data)) {
      createPoster(w);
      proxy.stop();
      assertThat(sendHits(w, n, Duration.ZERO)).isEmpty();
      // Every hit left the queue, the sink closed its batch (after the flush interval) and, with
      // ClickHouse unreachable, spooled it: nothing is left in memory.
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() ->
          metric(w, "waymark_hits_delivered_total") == n && metric(w, "waymark_analytics_handoff_hits") == 0
              && metric(w, "waymark_analytics_spool_pending_bytes") > 0);
      assertThat(rows()).isEqualTo("0");
      w.kill();
      assertThat(w.isAlive()).isFalse();
    }

    proxy.start();
    try (WaymarkProcess again = startWaymark(data)) {
      awaitExactlyOnce(n);
      assertThat(again.terminate(Duration.ofSeconds(15))).isZero();
    }
  }

  private WaymarkProcess startWaymark(Path data) throws Exception {
    WaymarkProcess w = WaymarkProcess.start(data, Map.of("WAYMARK_ADMIN_API_KEY", KEY,
        "WAYMARK_CLICKHOUSE_URL", "http://127.0.0.1:" + proxy.port, "WAYMARK_CLICKHOUSE_DATABASE", database,
        // Retry often, so recovery is seen within seconds of ClickHouse coming back.
        "WAYMARK_HIT_RETRY_MAX_BACKOFF", "1s"));
    try {
      w.awaitReady();
      // The schema is made through the proxy at start-up; wait for it before cutting the proxy.
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().untilAsserted(() ->
          assertThat(ClickHouseSql.query("EXISTS TABLE " + database + ".hits")).isEqualTo("1"));
      return w;
    } catch (Exception | AssertionError e) {
      w.close();
      throw e;
    }
  }

  private static void createPoster(WaymarkProcess w) throws Exception {
    HttpResponse<String> r = createLink(w, KEY, "{\"url\":\"https://example.com/spring\",\"slug\":\"spring\","
        + "\"campaign\":\"spring-2026\",\"channel\":\"poster\",\"stage\":\"awareness\",\"source\":\"utrecht-cs\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }

  /** Sends {@code n} redirects {@code pause} apart; returns a line for each that was not a quick 302. */
  private static List<String> sendHits(WaymarkProcess w, int n, Duration pause) throws Exception {
    List<String> bad = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long start = System.nanoTime();
      HttpResponse<String> r = send(HttpRequest.newBuilder(w.pub("/spring" + (i % 2 == 0 ? "?qr=1" : "")))
          .header("User-Agent", i % 2 == 0 ? IPHONE : DESKTOP));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      if (r.statusCode() != 302 || took.compareTo(SLOW_REDIRECT) > 0) {
        bad.add("hit " + i + ": " + r.statusCode() + " in " + took.toMillis() + " ms");
      }
      if (!pause.isZero()) {
        TimeUnit.MILLISECONDS.sleep(pause.toMillis());
      }
    }
    return bad;
  }

  private void awaitExactlyOnce(int n) {
    // The spool replays with backoff (up to 30 s between tries), so allow for one long wait.
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().untilAsserted(() ->
        assertThat(rows()).isEqualTo(Integer.toString(n)));
    assertThat(uncheckedQuery("SELECT concat(toString(count()), ' ', toString(uniqExact(hit_id)), ' ', "
        + "toString(sum(is_qr))) FROM " + database + ".hits")).isEqualTo(n + " " + n + " " + n / 2);
  }

  private String rows() throws Exception {
    return ClickHouseSql.query("SELECT count() FROM " + database + ".hits");
  }

  private static String uncheckedQuery(String sql) {
    try {
      return ClickHouseSql.query(sql);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static double metric(WaymarkProcess w, String series) throws Exception {
    return WaymarkJarIT.metric(send(authed(w.admin("/metrics"), KEY)).body(), series);
  }
}
