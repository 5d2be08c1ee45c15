package dev.waymark.hit.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waymark.hit.HitEvent;
import dev.waymark.hit.HitIds;
import dev.waymark.hit.TestHits;
import dev.waymark.hit.duckdb.DuckDbStore;
import dev.waymark.hit.enrich.FileSaltStore;
import dev.waymark.hit.enrich.SaltStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spilling (queue filling faster than the sink enriches) against the real embedded store. */
class SpillTest {

  @TempDir Path dir;

  private static AnalyticsSinkConfig config() {
    return AnalyticsSinkConfig.defaults(null)
        .withSpool(null, 1L << 30, 64 * 1024, SpoolFsync.NEVER)
        .withBatches(100_000, Duration.ofHours(1));
  }

  private AnalyticsSink sink(Path dataDir, SaltStore salts) throws Exception {
    return AnalyticsSink.embedded(config(), dataDir, salts, Clock.systemUTC()).start();
  }

  /** Hits of today: the sink deletes the salts of past days, and with them their visitor ids. */
  private static List<HitEvent> events(int n) {
    long now = System.currentTimeMillis();
    List<HitEvent> events = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      HitEvent e = TestHits.event(i);
      // Every field set, so that every one must survive the spill.
      events.add(new HitEvent(HitIds.next(now + i), now + i, e.code(), "link" + (i % 3), "tp" + (i % 5),
          e.campaign(), e.channel(), e.stage(), e.source(), e.qr(), e.status(),
          i % 4 == 0 ? "curl/8.5.0" : e.userAgent() + " caf\u00e9", e.referrer(), e.acceptLanguage(),
          "utm_term=t" + i + "&utm_content=\u00fcber", Map.of("source", "poster", "campaign", "spring"),
          e.clientIp(), "B", "NL", i % 6 == 1, i % 3 == 0 ? "" : "rule-" + i % 3));
    }
    return events;
  }

  @Test
  void spill_thenCatchUp_storesTheRowsWriteWouldHave() throws Exception {
    SaltStore salts = new FileSaltStore(dir.resolve("salts"));
    List<HitEvent> events = events(3_000);
    try (AnalyticsSink written = sink(dir.resolve("written"), salts)) {
      written.write(events);
      written.flush();
      await().atMost(Duration.ofSeconds(20)).until(() -> written.stats().rowsWritten() == 3_000);
    }
    try (AnalyticsSink spilled = sink(dir.resolve("spilled"), salts)) {
      spilled.spill(events.subList(0, 1_000));
      spilled.spill(events.subList(1_000, 3_000));
      assertThat(spilled.stats().spilledHits()).isEqualTo(3_000);
      assertThat(spilled.stats().rowsWritten()).isZero();
      spilled.catchUp();
      await().atMost(Duration.ofSeconds(20)).until(() -> spilled.stats().rowsWritten() == 3_000);
    }
    List<Map<String, Object>> expected = rows(dir.resolve("written"));
    assertThat(expected).hasSize(3_000);
    List<Map<String, Object>> actual = rows(dir.resolve("spilled"));
    assertThat(actual).hasSize(3_000);
    for (int i = 0; i < expected.size(); i++) {
      assertThat(actual.get(i)).as("row %d", i).isEqualTo(expected.get(i));
    }
  }

  /**
   * An upgrade with both spools holding what the version before the rule column wrote: its
   * batches are delivered and its spilled hits caught up, each with an empty rule.
   */
  @Test
  void start_spoolsOfTheVersionBeforeRule_storeEveryHitWithAnEmptyRule() throws Exception {
    Path dataDir = dir.resolve("data");
    TestHits.copySpoolOfTheVersionBeforeRule(dataDir.resolve("spool"));
    try (AnalyticsSink sink = sink(dataDir, new FileSaltStore(dir.resolve("salts")))) {
      await().atMost(Duration.ofSeconds(20)).until(() -> sink.stats().rowsWritten() == 5);
      sink.catchUp();
      await().atMost(Duration.ofSeconds(20)).until(() -> sink.stats().rowsWritten() == 8);
      assertThat(sink.stats().corruptSpoolRecords()).isZero();
    }
    assertThat(count(dataDir, "count(*) FILTER (WHERE rule = '')")).isEqualTo(8);
    assertThat(count(dataDir, "count(*) FILTER (WHERE variant = 'b' AND country = 'DE'"
        + " AND visitor BETWEEN 1000 AND 1002 AND visitor_month BETWEEN 2000 AND 2002)"))
        .as("the spilled hits, each field where it was").isEqualTo(3);
    assertThat(count(dataDir, "count(*) FILTER (WHERE traffic <> 'human')")).as("the spilled HEAD request").isEqualTo(1);
  }

  @Test
  void spill_closedBeforeCatchUp_keepsNoIpOnDisk_andTheNextStartStoresThem() throws Exception {
    Path dataDir = dir.resolve("data");
    SaltStore salts = new FileSaltStore(dir.resolve("salts"));
    try (AnalyticsSink sink = sink(dataDir, salts)) {
      sink.spill(events(2_000));
    } // closing writes the open spill record
    try (Stream<Path> files = Files.walk(dataDir)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1))
            .as(f.toString()).doesNotContain("203.0.113.");
      }
    }
    try (AnalyticsSink sink = sink(dataDir, salts)) {
      assertThat(sink.stats().spoolPendingBytes()).isPositive();
      sink.catchUp();
      await().atMost(Duration.ofSeconds(20)).until(() -> sink.stats().rowsWritten() == 2_000);
      assertThat(sink.stats().spoolPendingBytes()).isZero();
    }
    assertThat(count(dataDir, "count(*)")).isEqualTo(2_000);
  }

  @Test
  void catchUp_recordReadAgainAfterACrash_isStoredOnce() throws Exception {
    Path dataDir = dir.resolve("data");
    SaltStore salts = new FileSaltStore(dir.resolve("salts"));
    Path spilledDir = dataDir.resolve("spool").resolve("spilled");
    Path before = dir.resolve("spilled-before-ack");
    try (AnalyticsSink sink = sink(dataDir, salts)) {
      sink.spill(events(1_500));
      sink.flush();
      copy(spilledDir, before); // the spill spool as a crash before its ack would leave it
      sink.catchUp();
      await().atMost(Duration.ofSeconds(20)).until(() -> sink.stats().rowsWritten() == 1_500);
    }
    delete(spilledDir);
    copy(before, spilledDir);
    try (AnalyticsSink sink = sink(dataDir, salts)) {
      assertThat(sink.stats().spoolPendingBytes()).isPositive(); // the record is back
      sink.catchUp();
      await().atMost(Duration.ofSeconds(20)).until(() -> sink.stats().spoolPendingBytes() == 0 && sink.stats().handoffHits() == 0);
      sink.flush();
    }
    assertThat(count(dataDir, "count(*)")).isEqualTo(1_500);
    assertThat(count(dataDir, "count(DISTINCT batch_id)")).isEqualTo(1);
  }

  @Test
  void queue_burstFasterThanTheSink_spillsThenCatchesUp_nothingLost() throws Exception {
    try (AnalyticsSink sink = AnalyticsSink.embedded(
        config().withBatches(500, Duration.ofMillis(5)), dir.resolve("data")).start()) {
      HitQueue queue = sink.newQueue(1024).start();
      List<HitEvent> events = events(20_000);
      for (HitEvent e : events) {
        while (!queue.offer(e)) {
          Thread.onSpinWait(); // a full queue: this producer waits, a redirect would not
        }
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> sink.stats().rowsWritten() == 20_000);
      assertThat(queue.spilled()).isPositive();
      assertThat(sink.stats().spilledHits()).isEqualTo(queue.spilled());
      queue.close();
    }
    assertThat(count(dir.resolve("data"), "count(DISTINCT hit_id)")).isEqualTo(20_000);
    assertThat(count(dir.resolve("data"), "count(*)")).isEqualTo(20_000);
  }

  private static List<Map<String, Object>> rows(Path dataDir) throws Exception {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (DuckDbStore store = DuckDbStore.open(dataDir.resolve("hits.duckdb"));
         Connection c = store.newReadConnection();
         ResultSet rs = c.createStatement().executeQuery(
             "SELECT * EXCLUDE (batch_id, received_at) FROM hits ORDER BY hit_id")) {
      ResultSetMetaData meta = rs.getMetaData();
      while (rs.next()) {
        Map<String, Object> row = new HashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.put(meta.getColumnName(i), rs.getObject(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private static long count(Path dataDir, String what) throws Exception {
    try (DuckDbStore store = DuckDbStore.open(dataDir.resolve("hits.duckdb"));
         Connection c = store.newReadConnection();
         ResultSet rs = c.createStatement().executeQuery("SELECT " + what + " FROM hits")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void copy(Path from, Path to) throws Exception {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  private static void delete(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.delete(f);
      }
    }
  }
}
