package dev.waymark.hit.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waymark.hit.Device;
import dev.waymark.hit.HitIds;
import dev.waymark.hit.HitRow;
import dev.waymark.hit.TestHits;
import dev.waymark.hit.Traffic;
import dev.waymark.journey.Stage;
import dev.waymark.stats.Breakdown;
import dev.waymark.stats.Dimension;
import dev.waymark.stats.Interval;
import dev.waymark.stats.StatsQuery;
import dev.waymark.stats.StatsQuery.TrafficFilter;
import dev.waymark.stats.Summary;
import dev.waymark.stats.TimeSeries;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The stats of a question too big to count every visitor read their hits and scans from
 * {@code hits_counts} for its whole days and from {@code hits} for the rest: every figure equals
 * the one counted from the hits themselves (here in Java), whatever the edges, zone or filters,
 * and the days before {@code hits_counts_since} are never read from the rollup.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClickHouseDailyCountsIT {

  private static final Instant FROM = Instant.parse("2025-07-01T05:30:00Z");
  private static final Instant TO = Instant.parse("2025-07-04T17:00:00Z");
  /** In the sample table (vm % 16 = 0) and not: a limit of 1 samples every question at K >= 16. */
  private static final long[] VISITORS = {16, 32, 48, 5, 7};

  ClickHouseConfig config;
  ClickHouseHttp http;
  final List<HitRow> hits = new ArrayList<>();

  @BeforeAll
  void seed() throws Exception {
    config = TestClickHouse.freshDatabase("dailycounts");
    http = new ClickHouseHttp(config);
    ClickHouseWriter writer = new ClickHouseWriter(http);
    writer.migrate();
    UUID batch = UUID.randomUUID();
    String[] times = {"00:00:00", "05:29:59", "05:30:00", "11:15:00", "17:00:00", "23:59:59"};
    int n = 0;
    for (int day = 1; day <= 5; day++) {
      for (String time : times) {
        for (int i = 0; i < 3; i++, n++) {
          Traffic traffic = n % 7 == 0 ? Traffic.BOT : n % 11 == 0 ? Traffic.PREVIEW : Traffic.HUMAN;
          long t = Instant.parse("2025-07-0" + day + "T" + time + "Z").getEpochSecond();
          String touchpoint = "T" + (n % 3 + (day == 3 ? 1 : 0));
          hits.add(new HitRow(t, HitIds.next(t * 1000 + n), batch, touchpoint, "L", touchpoint, "c",
              n % 2 == 0 ? "poster" : "mail", Stage.AWARENESS, "", n % 3 != 1, "", 302, Device.MOBILE,
              "iOS", "17.1", "Safari", "17.1", traffic, traffic == Traffic.HUMAN ? "" : "some-bot", "NL", "",
              "", "", "", "", "", "nl", 100L + n, VISITORS[n % VISITORS.length], t));
        }
      }
    }
    TestHits.deliver(writer, hits, batch, 0);
  }

  @AfterAll
  void drop() throws Exception {
    TestClickHouse.drop(config);
  }

  @Test
  void summary_partDaysAtBothEnds_countsEveryHitOnce() throws Exception {
    Summary s = sampled().summary(query(ZoneOffset.UTC, null));
    assertThat(new long[] {s.hits(), s.scans(), s.bots(), s.previews()}).containsExactly(
        count(human(), false), count(human(), true), count(h -> h.traffic() == Traffic.BOT, false),
        count(h -> h.traffic() == Traffic.PREVIEW, false));
    assertThat(s.hits()).as("the seed reaches every part of the question").isGreaterThan(40);
  }

  @Test
  void summary_filtered_countsTheMatchingHits() throws Exception {
    Summary s = sampled().summary(query(ZoneOffset.UTC, "mail"));
    assertThat(new long[] {s.hits(), s.scans()}).containsExactly(
        count(human().and(h -> h.channel().equals("mail")), false), count(human().and(h -> h.channel().equals("mail")), true));
  }

  @Test
  void breakdown_byTouchpoint_rowsAsCountedFromTheHits() throws Exception {
    Breakdown b = sampled().breakdown(query(ZoneOffset.UTC, null), Dimension.TOUCHPOINT, 10);
    Map<String, long[]> expected = new TreeMap<>();
    for (HitRow h : inRange(human())) {
      long[] c = expected.computeIfAbsent(h.touchpointCode(), k -> new long[2]);
      c[0]++;
      c[1] += h.qr() ? 1 : 0;
    }
    Map<String, long[]> got = new TreeMap<>();
    for (Breakdown.Row row : b.rows()) {
      got.put(row.key(), new long[] {row.hits(), row.scans()});
    }
    assertThat(got).usingRecursiveComparison().isEqualTo(expected);
  }

  @Test
  void series_utcDaysAndAmsterdamDays_bothAsCountedFromTheHits() throws Exception {
    for (ZoneId zone : List.of(ZoneOffset.UTC, ZoneId.of("Europe/Amsterdam"))) {
      TimeSeries series = sampled().timeSeries(query(zone, null), Interval.DAY);
      Map<LocalDate, Long> expected = new TreeMap<>();
      for (HitRow h : inRange(human())) {
        expected.merge(LocalDate.ofInstant(Instant.ofEpochSecond(h.ts()), zone), 1L, Long::sum);
      }
      Map<LocalDate, Long> got = new TreeMap<>();
      series.points().stream().filter(p -> p.hits() > 0).forEach(p -> got.put(p.t().toLocalDate(), p.hits()));
      assertThat(got).as(zone.toString()).isEqualTo(expected);
    }
  }

  /**
   * A row that no hit backs, put into the rollup on July 2nd, shows in a question over that day
   * (the rollup is read), and stops showing once {@code hits_counts_since} says the rollup holds
   * all hits only from the 3rd (the days before are read from {@code hits}).
   */
  @Test
  void since_daysBeforeItAreCountedFromTheHits() throws Exception {
    StatsQuery q = query(ZoneOffset.UTC, null);
    long exact = count(human(), false);
    http.execute("INSERT INTO " + config.database() + ".hits_counts (day, campaign, link_code, touchpoint_code,"
        + " channel, stage, source, is_qr, traffic, hits) VALUES ('2025-07-02', 'c', 'L', 'T1', 'poster',"
        + " 'awareness', '', 0, 'human', 1000)");
    assertThat(sampled().summary(q).hits()).isEqualTo(exact + 1000);
    // The other tests' answers hold either way: they are exact with or without the rollup.
    http.execute("INSERT INTO " + config.database() + ".hits_counts_since VALUES ('2025-07-03')");
    assertThat(sampled().summary(q).hits()).isEqualTo(exact);
    assertThat(sampled().breakdown(q, Dimension.TOUCHPOINT, 10).rows().stream().mapToLong(Breakdown.Row::hits).sum())
        .isEqualTo(exact);
  }

  /** A new store each time: it reads {@code hits_counts_since} once. */
  private ClickHouseStats sampled() {
    return new ClickHouseStats(config, 1);
  }

  private static StatsQuery query(ZoneId zone, String channel) {
    return new StatsQuery(FROM, TO, zone, "c", null, null, channel, null, null, null, TrafficFilter.HUMAN);
  }

  private static Predicate<HitRow> human() {
    return h -> h.traffic() == Traffic.HUMAN;
  }

  private List<HitRow> inRange(Predicate<HitRow> p) {
    return hits.stream().filter(h -> h.ts() >= FROM.getEpochSecond() && h.ts() < TO.getEpochSecond())
        .filter(p).toList();
  }

  private long count(Predicate<HitRow> p, boolean scans) {
    return inRange(p).stream().filter(h -> !scans || h.qr()).count();
  }
}
