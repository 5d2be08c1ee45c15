package dev.waymark.hit.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.waymark.hit.HitEvent;
import dev.waymark.hit.TestHits;
import dev.waymark.hit.clickhouse.ClickHouseConfig;
import dev.waymark.hit.clickhouse.ClickHouseHttp;
import dev.waymark.hit.clickhouse.CuttingProxy;
import dev.waymark.hit.clickhouse.TestClickHouse;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalyticsSinkIT {

  static ClickHouseConfig config;
  static ClickHouseHttp direct;
  static CuttingProxy proxy;
  @TempDir Path dataDir;

  @BeforeAll
  static void setUp() throws Exception {
    config = TestClickHouse.freshDatabase("sink");
    direct = new ClickHouseHttp(config);
    proxy = new CuttingProxy(config.url().getPort());
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (proxy != null) {
      proxy.close();
    }
    TestClickHouse.drop(config);
  }

  private AnalyticsSinkConfig sinkConfig(ClickHouseConfig ch) {
    return AnalyticsSinkConfig.defaults(ch)
        .withSpool(null, 1L << 30, 256 * 1024, SpoolFsync.NEVER)
        .withBatches(500, Duration.ofMillis(5))
        .withMaxBackoff(Duration.ofMillis(400));
  }

  private static ClickHouseConfig viaProxy() {
    return new ClickHouseConfig(URI.create("http://127.0.0.1:" + proxy.port()), config.database(),
        "default", "", Duration.ofSeconds(5));
  }

  private static long count(String where) throws Exception {
    return Long.parseLong(direct.queryValue("SELECT count() FROM " + config.database() + ".hits WHERE " + where));
  }

  private static List<HitEvent> hits(int from, int n, String code) {
    return java.util.stream.IntStream.range(from, from + n).mapToObj(i -> {
      HitEvent e = TestHits.event(i);
      return new HitEvent(e.hitId(), e.timeMillis(), code, code, "", e.campaign(), e.channel(),
          e.stage(), e.source(), e.qr(), e.status(), e.userAgent(), e.referrer(), e.acceptLanguage(),
          e.query(), e.linkUtm(), e.clientIp());
    }).toList();
  }

  @Test
  void sink_hitsThroughQueue_landExactlyOnceAndWithoutIp() throws Exception {
    try (AnalyticsSink sink = AnalyticsSink.clickHouse(sinkConfig(config), dataDir).start()) {
      HitQueue queue = sink.newQueue(1 << 16).start();
      for (HitEvent h : hits(0, 20_000, "q1")) {
        assertThat(queue.offer(h)).isTrue();
      }
      queue.close();
      await().atMost(Duration.ofSeconds(30)).until(() -> sink.stats().rowsWritten() == 20_000);
      assertThat(sink.stats().oldestUnsentAgeMillis()).isZero();
    }
    assertThat(count("code = 'q1'")).isEqualTo(20_000);
    assertThat(direct.queryValue("SELECT uniqExact(hit_id) FROM " + config.database()
        + ".hits WHERE code = 'q1'")).isEqualTo("20000");
    assertThat(direct.queryValue("SELECT count() FROM " + config.database() + ".hits WHERE code = 'q1'"
        + " AND (device != 'mobile' OR os != 'iOS' OR language != 'nl' OR referrer_host != 'www.example.com'"
        + " OR utm_source != 'poster' OR utm_medium != 'print' OR visitor = 0)")).isEqualTo("0");
    String anyIp = direct.execute("SELECT * FROM " + config.database() + ".hits WHERE code = 'q1' LIMIT 2000 FORMAT TabSeparated");
    assertThat(anyIp).doesNotContain("203.0.113.");
  }

  @Test
  void sink_clickHouseDownThenUp_spoolReplaysInOrderExactlyOnce() throws Exception {
    proxy.setDown(true);
    try (AnalyticsSink sink = AnalyticsSink.clickHouse(sinkConfig(viaProxy()), dataDir).start()) {
      HitQueue queue = sink.newQueue(1 << 16).start();
      for (HitEvent h : hits(0, 5_000, "down1")) {
        queue.offer(h);
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> queue.delivered() == 5_000);
      await().atMost(Duration.ofSeconds(10)).until(() -> sink.stats().retries() >= 2);
      assertThat(sink.stats().storeAvailable()).isFalse();
      assertThat(sink.stats().spoolBytes()).isPositive();
      assertThat(sink.stats().rowsWritten()).isZero();

      proxy.cutNext(CuttingProxy.Cut.AFTER_REQUEST); // and the first insert after recovery is cut
      proxy.setDown(false);
      await().atMost(Duration.ofSeconds(30)).until(() -> sink.stats().rowsWritten() == 5_000);
      queue.close();
      assertThat(sink.stats().duplicateChecks()).isPositive();
    }
    assertThat(count("code = 'down1'")).isEqualTo(5_000);
    assertThat(direct.queryValue("SELECT uniqExact(hit_id) FROM " + config.database()
        + ".hits WHERE code = 'down1'")).isEqualTo("5000");
  }

  /**
   * The ClickHouse process stopped (SIGSTOP) for longer than the request timeout while hits keep
   * coming: the insert in flight times out with its outcome unknown, the batches behind it go to
   * the spool ahead of it, and the stalled insert is committed once the server resumes. Every hit
   * is still stored once, in {@code hits} and in the daily rollup. Needs the server's pid
   * ({@code WAYMARK_TEST_CLICKHOUSE_PID}, exported by scripts/test.sh); skipped without it.
   */
  @Test
  void sink_clickHousePausedPastTheTimeoutUnderSteadyLoad_storesEveryHitOnce() throws Exception {
    String pid = System.getenv("WAYMARK_TEST_CLICKHOUSE_PID");
    assumeTrue(pid != null && pid.matches("\\d+"), "WAYMARK_TEST_CLICKHOUSE_PID is not set: run through scripts/test.sh");
    ClickHouseConfig shortTimeout = new ClickHouseConfig(config.url(), config.database(), "default", "",
        Duration.ofSeconds(1));
    int total = 20_000;
    try (AnalyticsSink sink = AnalyticsSink.clickHouse(sinkConfig(shortTimeout), dataDir).start()) {
      HitQueue queue = sink.newQueue(1 << 16).start();
      List<HitEvent> all = hits(0, total, "paused1");
      Thread feeder = new Thread(() -> {
        for (int i = 0; i < total; i++) {
          queue.offer(all.get(i));
          if (i % 200 == 199) {
            sleepQuietly(40); // about 5,000 hits a second for four seconds
          }
        }
      });
      feeder.start();
      Thread.sleep(1_000);
      signal(pid, "STOP");
      try {
        Thread.sleep(2_500);
      } finally {
        signal(pid, "CONT");
      }
      feeder.join();
      await().atMost(Duration.ofSeconds(60)).until(() -> queue.delivered() == total
          && sink.stats().spoolPendingBytes() == 0 && sink.stats().handoffHits() == 0);
      queue.close();
      assertThat(sink.stats().retries()).as("the pause made an insert time out").isPositive();
    }
    Thread.sleep(1_000); // a stalled copy still arriving would show now
    assertThat(count("code = 'paused1'")).isEqualTo(total);
    assertThat(direct.queryValue("SELECT uniqExact(hit_id) FROM " + config.database()
        + ".hits WHERE code = 'paused1'")).isEqualTo(String.valueOf(total));
    assertThat(direct.queryValue("SELECT countMerge(hits) FROM " + config.database()
        + ".hits_daily WHERE link_code = 'paused1'")).isEqualTo(String.valueOf(total));
  }

  private static void signal(String pid, String name) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, pid).inheritIO().start();
    assertThat(kill.waitFor(5, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).as("kill -%s %s", name, pid).isZero();
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void sink_queueFillingFasterThanItEnriches_spillsAndStoresEveryHitOnce() throws Exception {
    int n = 100_000;
    try (AnalyticsSink sink = AnalyticsSink.clickHouse(sinkConfig(config), dataDir).start()) {
      // A small queue and a producer that only waits when it is full: far more hits a second
      // than the sink can enrich, which is what a burst on many event loops looks like.
      HitQueue queue = sink.newQueue(4096).start();
      for (HitEvent h : hits(0, n, "burst")) {
        while (!queue.offer(h)) {
          Thread.onSpinWait();
        }
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> sink.stats().rowsWritten() == n);
      assertThat(queue.spilled()).isPositive();
      assertThat(sink.stats().droppedHits()).isZero();
      assertThat(sink.stats().spoolPendingBytes()).isZero();
      queue.close();
    }
    assertThat(count("code = 'burst'")).isEqualTo(n);
    assertThat(direct.queryValue("SELECT uniqExact(hit_id) FROM " + config.database()
        + ".hits WHERE code = 'burst'")).isEqualTo(String.valueOf(n));
    assertThat(direct.queryValue("SELECT count() FROM " + config.database() + ".hits WHERE code = 'burst'"
        + " AND (device != 'mobile' OR os != 'iOS' OR language != 'nl' OR referrer_host != 'www.example.com'"
        + " OR utm_source != 'poster' OR utm_medium != 'print' OR visitor = 0)")).isEqualTo("0");
  }

  @Test
  void sink_killedWithMinus9_nextStartReplaysTheSpool() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        KilledSinkMain.class.getName(), dataDir.toString(), "3000", config.database())
        .redirectErrorStream(true).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
      String line;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      do {
        line = out.readLine();
      } while (line != null && !line.startsWith("SPOOLED") && System.nanoTime() < deadline);
      assertThat(line).startsWith("SPOOLED 3000");
    } finally {
      child.destroyForcibly(); // SIGKILL: no shutdown hook, no close()
      child.waitFor(10, TimeUnit.SECONDS);
    }
    try (AnalyticsSink sink = AnalyticsSink.clickHouse(sinkConfig(config), dataDir).start()) {
      await().atMost(Duration.ofSeconds(30)).until(() -> sink.stats().rowsWritten() == 3_000);
    }
    assertThat(count("code LIKE 'c%' AND toUnixTimestamp(ts) < " + (TestHits.T0 / 1000 + 10)))
        .isEqualTo(3_000);
  }
}
