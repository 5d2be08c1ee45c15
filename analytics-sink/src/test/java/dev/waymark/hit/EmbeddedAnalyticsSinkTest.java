package dev.waymark.hit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waymark.hit.duckdb.DuckDbStore;
import dev.waymark.hit.spool.SpoolFsync;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedAnalyticsSinkTest {

  @TempDir Path dataDir;

  @Test
  void embeddedSink_hitsThroughQueue_landInDuckDbExactlyOnce() throws Exception {
    AnalyticsSinkConfig config = AnalyticsSinkConfig.defaults(null)
        .withSpool(null, 1L << 30, 64 * 1024, SpoolFsync.NEVER)
        .withBatches(200, Duration.ofMillis(5));
    try (AnalyticsSink sink = AnalyticsSink.embedded(config, dataDir).start()) {
      HitQueue queue = sink.newQueue(8192).start();
      for (int i = 0; i < 2000; i++) {
        queue.offer(TestHits.event(i));
      }
      queue.close();
      await().atMost(Duration.ofSeconds(20)).until(() -> sink.rowsWritten() == 2000);
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
}
