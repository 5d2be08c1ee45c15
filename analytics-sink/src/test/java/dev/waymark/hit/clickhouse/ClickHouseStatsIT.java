package dev.waymark.hit.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waymark.hit.Device;
import dev.waymark.hit.HitRow;
import dev.waymark.hit.TestHits;
import dev.waymark.hit.Traffic;
import dev.waymark.journey.Stage;
import dev.waymark.stats.Breakdown;
import dev.waymark.stats.Dimension;
import dev.waymark.stats.Funnel;
import dev.waymark.stats.Interval;
import dev.waymark.stats.StatsQuery;
import dev.waymark.stats.StatsQuery.TrafficFilter;
import dev.waymark.stats.Summary;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

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
  ClickHouseWriter writer;

  @Override
  protected HitStore hitStore() throws Exception {
    config = TestClickHouse.freshDatabase("stats");
    writer = new ClickHouseWriter(new ClickHouseHttp(config));
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

  /**
   * A question whose sample table alone holds more visitors than the limit reads the sample table:
   * four visitors of July 2025 (outside the contract's ranges), all with {@code visitor_month % 16
   * = 0}, one of them ({@code 64}) also in the 1-in-64 draw. With a limit of 1 the sample table's
   * estimate is 4 × 16 = 64 visitors, so K = 64, and every per-visitor figure comes from vm64.
   */
  @Test
  void sampleTable_aQuestionTooBigForTheLimit_readsIt() throws Exception {
    UUID batch = UUID.randomUUID();
    List<HitRow> july = new ArrayList<>();
    long[] visitors = {16, 32, 48, 64};
    for (int i = 0; i < visitors.length; i++) {
      // vm64 comes back on a second day: returning.
      july.add(h(batch, 200 + i, "2025-07-0" + (i + 1) + "T10:00:00Z", "J1", "", "july", "poster", Stage.AWARENESS,
          "", i % 2 == 0, Traffic.HUMAN, visitors[i], Device.MOBILE));
    }
    july.add(h(batch, 210, "2025-07-09T10:00:00Z", "J1", "", "july", "poster", Stage.CONSIDERATION, "", false,
        Traffic.HUMAN, 64, Device.MOBILE));
    TestHits.deliver(writer, july, batch, 0);
    StatsQuery q = new StatsQuery(Instant.parse("2025-07-01T00:00:00Z"), Instant.parse("2025-08-01T00:00:00Z"),
        ZoneId.of("UTC"), "july", null, null, null, null, null, null, TrafficFilter.HUMAN);
    StatsStore sampled = sampling(1);
    // Hits and scans exact; 64 visitors estimated, all of them returning as vm64 is.
    assertThat(sampled.summary(q)).isEqualTo(new Summary(5, 2, 3, 64, 0, 64, 0, 0));
    // Each row's visitors: 64 × its sampled visitors, never more than its hits.
    assertThat(sampled.breakdown(q, Dimension.STAGE, 10).rows()).containsExactly(
        new Breakdown.Row("awareness", 4, 2, 2, 4), new Breakdown.Row("consideration", 1, 0, 1, 1));
    assertThat(sampled.timeSeries(q, Interval.MONTH).points().get(0).visitors()).isEqualTo(5);
    Funnel funnel = sampled.funnel(q, Duration.ofDays(30));
    assertThat(funnel.steps().get(0).visitors()).as("awareness: 4 sampled × 16").isEqualTo(64);
    assertThat(funnel.steps().get(1).visitors()).as("consideration: 1 sampled × 16").isEqualTo(16);
    assertThat(funnel.steps().get(1).fromPrevious()).as("vm64 followed: all 64 of the drawn share").isEqualTo(64);
    // The same question counted exactly, for contrast.
    assertThat(stats().summary(q)).isEqualTo(new Summary(5, 2, 3, 4, 3, 1, 0, 0));
  }

  @AfterAll
  void drop() throws Exception {
    TestClickHouse.drop(config);
  }
}
