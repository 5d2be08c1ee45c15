package dev.waymark.hit.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waymark.conversion.ConversionStore;
import dev.waymark.hit.HitStore;
import dev.waymark.stats.StatsStore;
import dev.waymark.stats.StatsStoreContract;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

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
  protected ConversionStore conversionStore() {
    return new ClickHouseConversions(config, Clock.systemUTC(), Instant::now);
  }

  /**
   * Every conversion stored twice, unmerged, as two retries racing each other's check leave them:
   * the contract's numbers must not move. Runs after the contract's seeding (superclass first).
   */
  @BeforeAll
  void doubleEveryConversion() throws Exception {
    ClickHouseHttp http = new ClickHouseHttp(config);
    String table = config.database() + ".conversions";
    http.execute("SYSTEM STOP MERGES " + table);
    http.execute("INSERT INTO " + table + " SELECT * FROM " + table);
    assertThat(http.queryValue("SELECT count() FROM " + table)).isEqualTo(Integer.toString(2 * CONVERSIONS.size()));
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
