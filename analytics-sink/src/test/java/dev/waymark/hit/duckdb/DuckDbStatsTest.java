package dev.waymark.hit.duckdb;

import dev.waymark.conversion.ConversionStore;
import dev.waymark.hit.HitStore;
import dev.waymark.stats.StatsStore;
import dev.waymark.stats.StatsStoreContract;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;

class DuckDbStatsTest extends StatsStoreContract {

  @TempDir static Path dir;
  DuckDbStore store;
  DuckDbStats stats;

  @Override
  protected HitStore hitStore() throws Exception {
    store = DuckDbStore.open(dir.resolve("hits.duckdb"));
    store.migrate();
    stats = new DuckDbStats(store);
    return store;
  }

  @Override
  protected StatsStore stats() {
    return stats;
  }

  @Override
  protected ConversionStore conversionStore() {
    return new DuckDbConversions(store, Clock.systemUTC(), Instant::now);
  }

  @Override
  protected StatsStore sampling(long exactVisitors) {
    return new DuckDbStats(store, exactVisitors);
  }

  @AfterAll
  void close() throws Exception {
    store.close();
  }
}
