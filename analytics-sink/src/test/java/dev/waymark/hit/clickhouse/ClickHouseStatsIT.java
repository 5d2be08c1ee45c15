package dev.waymark.hit.clickhouse;

import dev.waymark.hit.HitStore;
import dev.waymark.stats.StatsStore;
import dev.waymark.stats.StatsStoreContract;
import org.junit.jupiter.api.AfterAll;

class ClickHouseStatsIT extends StatsStoreContract {

  ClickHouseConfig config;
  ClickHouseStats stats;

  @Override
  protected HitStore hitStore() throws Exception {
    config = TestClickHouse.freshDatabase("stats");
    ClickHouseWriter writer = new ClickHouseWriter(new ClickHouseHttp(config));
    writer.migrate();
    stats = new ClickHouseStats(config);
    return writer;
  }

  @Override
  protected StatsStore stats() {
    return stats;
  }

  @Override
  protected StatsStore sampling(long exactVisitors) {
    return new ClickHouseStats(config, exactVisitors);
  }

  @AfterAll
  void drop() throws Exception {
    TestClickHouse.drop(config);
  }
}
