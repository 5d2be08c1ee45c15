package dev.waymark.hit.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waymark.hit.EncodedBatch;
import dev.waymark.hit.TestHits;
import dev.waymark.hit.clickhouse.ClickHouseConfig;
import dev.waymark.hit.spool.Spool;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalyticsSinkTest {

  @TempDir Path dataDir;

  private static AnalyticsSinkConfig unreachable() {
    // Port 1 on loopback refuses at once: ClickHouse "down", no network needed.
    return AnalyticsSinkConfig.defaults(new ClickHouseConfig(URI.create("http://127.0.0.1:1"),
            "waymark", "default", "", Duration.ofSeconds(1)))
        .withSpool(null, 1L << 30, 64 * 1024, SpoolFsync.EVERY_BATCH)
        .withBatches(100, Duration.ofMillis(5))
        .withMaxBackoff(Duration.ofMillis(200));
  }

  @Test
  void sink_clickHouseDown_spoolsEveryHitWithoutTheIpAndClosesInTime() throws Exception {
    AnalyticsSink sink = AnalyticsSink.clickHouse(unreachable(), dataDir).start();
    HitQueue queue = sink.newQueue(4096).start();
    for (int i = 0; i < 1000; i++) {
      queue.offer(TestHits.event(i));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> queue.delivered() == 1000);
    queue.close();
    assertThat(sink.stats().spoolPendingBytes()).isPositive();
    assertThat(sink.stats().rowsWritten()).isZero();
    assertThat(sink.stats().storeAvailable()).isFalse();
    long start = System.nanoTime();
    sink.close(Duration.ofMillis(500));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));

    int rows = 0;
    try (Spool spool = Spool.open(dataDir.resolve("spool"), 64 * 1024, 1L << 30, SpoolFsync.NEVER.intervalNanos())) {
      for (EncodedBatch b = spool.peek(); b != null; b = spool.peek()) {
        rows += b.rows();
        String body;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(b.body()))) {
          body = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        assertThat(body).contains("www.example.com").doesNotContain("203.0.113.");
        spool.ack();
      }
    }
    assertThat(rows).isEqualTo(1000);
    try (var files = Files.walk(dataDir)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).doesNotContain("203.0.113.");
      }
    }
  }

  @Test
  void conversions_pendingSince_reachesBackBeforeTheOldestUndeliveredRecord() {
    long now = TestHits.T0;
    Instant floor = Instant.ofEpochMilli(now).minus(AnalyticsSink.PENDING_MARGIN);
    assertThat(AnalyticsSink.pendingSince(now, 0, false)).isEqualTo(floor);
    assertThat(AnalyticsSink.pendingSince(now, 7_200_000, false)).isEqualTo(floor.minus(Duration.ofHours(2)));
    assertThat(AnalyticsSink.pendingSince(now, 0, true)).isEqualTo(Instant.EPOCH);
  }

  @Test
  void conversions_clickHouseDownFromTheStart_spooledHitsOfUnknownAgeKeepEveryClickPending() throws Exception {
    AnalyticsSink sink = AnalyticsSink.clickHouse(unreachable(), dataDir).start();
    try {
      assertThat(sink.conversionStore().kind()).isEqualTo("clickhouse");
      assertThat(sink.pendingSince()).isAfter(Instant.now().minus(AnalyticsSink.PENDING_MARGIN).minusSeconds(5));
      sink.write(java.util.stream.IntStream.range(0, 10).mapToObj(TestHits::event).toList());
      sink.flush();
      // Migrations fail before the spool is read, so the batch there is never dated.
      await().atMost(Duration.ofSeconds(10)).until(() -> sink.stats().spoolPendingBytes() > 0);
      assertThat(sink.stats().oldestUnsentAgeMillis()).isZero();
      assertThat(sink.pendingSince()).isEqualTo(Instant.EPOCH);
    } finally {
      sink.close(Duration.ofMillis(500));
    }
  }

  @Test
  void spilledHits_waitWhileTheStoreIsDown_andCountInTheLag() throws Exception {
    AnalyticsSink sink = AnalyticsSink.clickHouse(unreachable(), dataDir).start();
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> !sink.stats().storeAvailable());
      sink.spill(java.util.stream.IntStream.range(0, 500).mapToObj(TestHits::event).toList());
      Thread.sleep(20);
      sink.catchUp();
      assertThat(sink.stats().spoolPendingBytes()).isPositive();
      assertThat(sink.stats().oldestUnsentAgeMillis()).isPositive();
      assertThat(sink.stats().batchesSpooled()).isZero(); // not enriched into the other spool meanwhile
    } finally {
      sink.close(Duration.ofMillis(500));
    }
  }
}
