package dev.waymark.hit.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waymark.conversion.Conversion;
import dev.waymark.conversion.ConversionStore;
import dev.waymark.hit.HitEvent;
import dev.waymark.hit.HitIds;
import dev.waymark.hit.TestHits;
import dev.waymark.hit.duckdb.DuckDbStore;
import dev.waymark.hit.enrich.FileSaltStore;
import dev.waymark.stats.StatsQuery;
import dev.waymark.stats.StatsStore;
import dev.waymark.stats.Summary;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedAnalyticsSinkTest {

  @TempDir Path dataDir;

  @Test
  void embeddedSink_hitsThroughQueue_landInDuckDbExactlyOnce() throws Exception {
    AnalyticsSinkConfig config = config(200, Duration.ofMillis(5));
    try (AnalyticsSink sink = AnalyticsSink.embedded(config, dataDir).start()) {
      HitQueue queue = sink.newQueue(8192).start();
      for (int i = 0; i < 2000; i++) {
        queue.offer(TestHits.event(i));
      }
      queue.close();
      await().atMost(Duration.ofSeconds(20)).until(() -> sink.stats().rowsWritten() == 2000);
    }
    try (DuckDbStore store = DuckDbStore.open(dataDir.resolve("hits.duckdb"));
         Connection c = store.newReadConnection();
         ResultSet rs = c.createStatement().executeQuery(
             "SELECT count(*), count(DISTINCT hit_id), min(device), max(traffic) FROM hits")) {
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(2000);
      assertThat(rs.getLong(2)).isEqualTo(2000);
      assertThat(rs.getString(3)).isEqualTo("mobile");
      assertThat(rs.getString(4)).isEqualTo("human");
    }
  }

  @Test
  void headHits_landInDuckDbAsBots_neverAsHumans() throws Exception {
    AnalyticsSinkConfig config = config(200, Duration.ofMillis(5));
    try (AnalyticsSink sink = AnalyticsSink.embedded(config, dataDir).start()) {
      HitQueue queue = sink.newQueue(8192).start();
      for (int i = 0; i < 30; i++) {
        queue.offer(TestHits.event(i));
      }
      for (int i = 30; i < 50; i++) {
        queue.offer(TestHits.head(i, TestHits.event(i).userAgent()));
      }
      for (int i = 50; i < 55; i++) {
        queue.offer(TestHits.head(i, "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)"));
      }
      queue.close();
      await().atMost(Duration.ofSeconds(20)).until(() -> sink.stats().rowsWritten() == 55);
    }
    Map<String, Long> byKind = new LinkedHashMap<>();
    try (DuckDbStore store = DuckDbStore.open(dataDir.resolve("hits.duckdb"));
         Connection c = store.newReadConnection();
         ResultSet rs = c.createStatement().executeQuery(
             "SELECT traffic || '/' || bot_name || '/' || device AS kind, count(*) FROM hits GROUP BY kind ORDER BY kind")) {
      while (rs.next()) {
        byKind.put(rs.getString(1), rs.getLong(2));
      }
    }
    assertThat(byKind).containsOnly(
        Map.entry("human//mobile", 30L),
        Map.entry("bot/HEAD link check/bot", 20L),
        Map.entry("preview/Slack/bot", 5L));
  }

  @Test
  void write_smallChunks_gatherIntoOneBatchPerBatchSize_andFlushSendsTheRest() throws Exception {
    AnalyticsSinkConfig config = config(500, Duration.ofHours(1));
    try (AnalyticsSink sink = AnalyticsSink.embedded(config, dataDir).start()) {
      for (int chunk = 0; chunk < 12; chunk++) {
        sink.write(events(chunk * 100, 100));
        sink.flushIfDue(); // an hour is far off: only a full batch is handed over
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> sink.stats().rowsWritten() == 1000);
      assertThat(sink.stats().handoffHits()).isEqualTo(200); // still gathering
      sink.flush();
      await().atMost(Duration.ofSeconds(20)).until(() -> sink.stats().rowsWritten() == 1200);
      assertThat(sink.stats().batchesWritten()).isEqualTo(3);
    }
    assertThat(rowsPerBatch()).containsExactly(500L, 500L, 200L);
  }

  @Test
  void flushIfDue_handsTheOpenBatchOverOnceItIsAsOldAsTheFlushInterval() throws Exception {
    AtomicLong now = new AtomicLong(TestHits.T0);
    Clock clock = new Clock() {
      @Override public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override public Instant instant() {
        return Instant.ofEpochMilli(now.get());
      }
    };
    AnalyticsSinkConfig config = config(100_000, Duration.ofSeconds(1));
    try (AnalyticsSink sink = AnalyticsSink.embedded(config, dataDir,
        new FileSaltStore(dataDir.resolve("salts")), clock).start()) {
      sink.write(events(0, 10));
      now.addAndGet(999);
      sink.write(events(10, 10));
      sink.flushIfDue();
      assertThat(sink.stats().handoffHits()).isEqualTo(20);
      now.addAndGet(1);
      sink.flushIfDue();
      await().atMost(Duration.ofSeconds(20)).until(() -> sink.stats().rowsWritten() == 20);
      sink.write(events(20, 5)); // a new batch opens with the next hit
      sink.close();
      assertThat(sink.stats().rowsWritten()).isEqualTo(25);
    }
    assertThat(rowsPerBatch()).containsExactly(20L, 5L);
  }

  @Test
  void conversions_hitNotDeliveredYet_isPending_thenStored_andAnOldUnknownClickIsUnknown() throws Exception {
    Clock clock = Clock.fixed(Instant.ofEpochMilli(TestHits.T0).plus(Duration.ofMinutes(1)), ZoneOffset.UTC);
    AnalyticsSinkConfig config = config(100_000, Duration.ofHours(1));
    FileSaltStore salts = new FileSaltStore(dataDir.resolve("salts"));
    try (AnalyticsSink sink = AnalyticsSink.embedded(config, dataDir, salts, clock).start()) {
      ConversionStore conversions = sink.conversionStore();
      assertThat(conversions.kind()).isEqualTo("duckdb");
      HitEvent hit = TestHits.event(0);
      sink.write(List.of(hit));
      Conversion lead = new Conversion(hit.hitId(), "lead", null, null, "");
      assertThat(conversions.record(List.of(lead))).containsExactly(ConversionStore.Status.PENDING);
      sink.flush();
      await().atMost(Duration.ofSeconds(20)).until(() -> sink.stats().rowsWritten() == 1);
      assertThat(conversions.record(List.of(lead))).containsExactly(ConversionStore.Status.STORED);
      UUID old = HitIds.next(TestHits.T0 - Duration.ofMinutes(20).toMillis());
      assertThat(conversions.record(List.of(new Conversion(old, "lead", null, null, ""))))
          .containsExactly(ConversionStore.Status.UNKNOWN_CLICK);
    }
  }

  @Test
  void lazySink_statsStore_nullUntilOpenThenReadsWhatTheSinkWrote() throws Exception {
    LazyAnalyticsSink lazy = LazyAnalyticsSink.open(config(200, Duration.ofMillis(5)), dataDir,
        LazyAnalyticsSink.salts(dataDir, null), null);
    assertThat(lazy.statsStore()).isNull();
    assertThat(lazy.conversionStore()).isNull();
    lazy.start();
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> lazy.statsStore() != null);
      assertThat(lazy.conversionStore().kind()).isEqualTo("duckdb");
      StatsStore stats = lazy.statsStore();
      assertThat(stats.kind()).isEqualTo("duckdb");
      lazy.write(events(0, 10));
      lazy.flush();
      // The hits of TestHits.event: 2025-11-23 08:00Z on, people, every even one a scan.
      StatsQuery day = new StatsQuery(Instant.parse("2025-11-23T00:00:00Z"), Instant.parse("2025-11-24T00:00:00Z"),
          ZoneOffset.UTC, null, null, null, null, null, null, null, StatsQuery.TrafficFilter.ALL);
      await().atMost(Duration.ofSeconds(20)).until(() -> stats.summary(day).hits() == 10);
      Summary summary = stats.summary(day);
      assertThat(summary.scans()).isEqualTo(5);
      assertThat(summary.bots() + summary.previews()).isZero();
    } finally {
      lazy.close(Duration.ofSeconds(2));
    }
  }

  private static AnalyticsSinkConfig config(int batchSize, Duration flushInterval) {
    return AnalyticsSinkConfig.defaults(null)
        .withSpool(null, 1L << 30, 64 * 1024, SpoolFsync.NEVER)
        .withBatches(batchSize, flushInterval);
  }

  private static List<HitEvent> events(int from, int n) {
    List<HitEvent> events = new ArrayList<>(n);
    for (int i = from; i < from + n; i++) {
      events.add(TestHits.event(i));
    }
    return events;
  }

  /** Rows of each batch id, in the order the batches were made. */
  private List<Long> rowsPerBatch() throws Exception {
    Map<String, Long> counts = new LinkedHashMap<>();
    try (DuckDbStore store = DuckDbStore.open(dataDir.resolve("hits.duckdb"));
         Connection c = store.newReadConnection();
         ResultSet rs = c.createStatement().executeQuery(
             "SELECT batch_id, count(*) FROM hits GROUP BY batch_id ORDER BY min(ts), count(*) DESC")) {
      while (rs.next()) {
        counts.put(rs.getString(1), rs.getLong(2));
      }
    }
    return new ArrayList<>(counts.values());
  }
}
