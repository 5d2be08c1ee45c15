package dev.waymark.stats;

import static dev.waymark.hit.Device.DESKTOP;
import static dev.waymark.hit.Device.MOBILE;
import static dev.waymark.hit.Device.TABLET;
import static dev.waymark.hit.Device.UNKNOWN;
import static dev.waymark.hit.Traffic.BOT;
import static dev.waymark.hit.Traffic.HUMAN;
import static dev.waymark.hit.Traffic.PREVIEW;
import static dev.waymark.journey.Stage.AWARENESS;
import static dev.waymark.journey.Stage.CONSIDERATION;
import static dev.waymark.journey.Stage.CONVERSION;
import static dev.waymark.journey.Stage.LOYALTY;
import static dev.waymark.journey.Stage.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waymark.conversion.Conversion;
import dev.waymark.conversion.ConversionStore;
import dev.waymark.hit.Device;
import dev.waymark.hit.HitIds;
import dev.waymark.hit.HitRow;
import dev.waymark.hit.HitStore;
import dev.waymark.hit.TestHits;
import dev.waymark.hit.Traffic;
import dev.waymark.journey.Stage;
import dev.waymark.stats.StatsQuery.TrafficFilter;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every {@link StatsStore} answers on the same seeded hits; each store runs it (ClickHouse as
 * an IT), so equal expectations mean identical answers. Every expected number below was counted by
 * hand from the table in {@link #HITS}, not by any code under test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class StatsStoreContract {

  static final UUID BATCH = UUID.randomUUID();
  static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");
  static final String CAFE = "o'brien\\cafe"; // a stored value with a quote and a backslash

  /**
   * The seeded hits. Amsterdam left summer time on 2025-10-26 at 01:00Z (03:00 CEST became 02:00
   * CET). vm = visitor_month, one visitor. As the sink's monthly salt makes them, a device's vm in
   * November differs from its vm in October (vm1 in October is vm11 in November, vm2 is vm12, the bot
   * vm50 is vm51). Row n is hit n in the counts.
   */
  static final List<HitRow> HITS = List.of(
      //  n  ts (UTC)                link  tp     campaign  channel   stage          source       qr     traffic  vm  device
      h(0, "2025-10-24T21:59:59Z", "L1", "", "spring", "poster", AWARENESS, "", false, HUMAN, 9, MOBILE), // before from
      h(1, "2025-10-25T10:00:00Z", "L1", "T1a", "spring", "poster", AWARENESS, "utrecht", true, HUMAN, 1, MOBILE),
      h(2, "2025-10-25T22:30:00Z", "L1", "T1a", "spring", "poster", AWARENESS, "utrecht", true, HUMAN, 2, MOBILE), // 10-26 00:30 CEST
      h(3, "2025-10-26T00:30:00Z", "L1", "", "spring", "poster", AWARENESS, "", false, HUMAN, 1, MOBILE), // 02:30 CEST
      h(4, "2025-10-26T01:30:00Z", "L1", "", "spring", "poster", AWARENESS, "", false, HUMAN, 3, MOBILE), // 02:30 CET
      h(5, "2025-10-26T09:00:00Z", "L2", "", "spring", "flyer", CONSIDERATION, "leiden", false, HUMAN, 1, MOBILE),
      h(6, "2025-10-26T09:05:00Z", "L2", "", "spring", "flyer", CONSIDERATION, "leiden", false, BOT, 50, Device.BOT),
      h(7, "2025-10-27T12:00:00Z", "L3", "", "autumn", "email", CONVERSION, "newsletter", false, HUMAN, 4, UNKNOWN),
      h(8, "2025-10-31T23:30:00Z", "L3", "", "autumn", "email", CONVERSION, "newsletter", false, HUMAN, 4, MOBILE), // 11-01 00:30 CET
      h(9, "2025-11-01T08:00:00Z", "L1", "T1b", "spring", "poster", AWARENESS, "amsterdam", true, HUMAN, 11, MOBILE),
      h(10, "2025-11-01T08:10:00Z", "L1", "T1b", "spring", "poster", AWARENESS, "amsterdam", true, HUMAN, 11, MOBILE),
      h(11, "2025-11-01T09:00:00Z", "L1", "T1b", "spring", "poster", AWARENESS, "amsterdam", true, PREVIEW, 60, MOBILE),
      h(12, "2025-11-03T10:00:00Z", "L2", "", "spring", "flyer", CONSIDERATION, "leiden", false, HUMAN, 5, DESKTOP),
      h(13, "2025-11-04T10:00:00Z", "L2", "", "spring", "flyer", CONSIDERATION, "leiden", true, HUMAN, 5, MOBILE),
      h(14, "2025-11-04T11:00:00Z", "L3", "", "autumn", "email", CONVERSION, "newsletter", false, HUMAN, 5, MOBILE),
      h(15, "2025-11-05T12:00:00Z", "L3", "", "autumn", "email", CONVERSION, "newsletter", false, BOT, 51, Device.BOT),
      h(16, "2025-11-05T12:30:00Z", "L1", "T1a", "spring", "poster", AWARENESS, "utrecht", true, HUMAN, 12, MOBILE),
      h(17, "2025-11-05T13:00:00Z", "L1", "T1a", "spring", "poster", AWARENESS, "utrecht", true, PREVIEW, 61, MOBILE),
      h(18, "2025-11-05T23:00:00Z", "L1", "", "spring", "poster", AWARENESS, "", false, HUMAN, 19, MOBILE), // at to
      h(19, "2025-11-05T14:00:00Z", "L2", "", "spring", "flyer", CONSIDERATION, CAFE, false, HUMAN, 7, TABLET),
      // Journeys in September 2025, before every range above; campaign "journey" unless said.
      // vm21 goes through every stage; loyalty 15 days after service.
      h(20, "2025-09-01T10:00:00Z", "J1", "", "journey", "poster", AWARENESS, "", true, HUMAN, 21, MOBILE),
      h(21, "2025-09-01T12:00:00Z", "J2", "", "journey", "search", CONSIDERATION, "", false, HUMAN, 21, MOBILE),
      h(22, "2025-09-02T10:00:00Z", "J3", "", "journey", "email", CONVERSION, "", false, HUMAN, 21, MOBILE),
      h(23, "2025-09-05T10:00:00Z", "J4", "", "journey", "packaging", SERVICE, "", true, HUMAN, 21, MOBILE),
      h(24, "2025-09-20T10:00:00Z", "J5", "", "journey", "email", LOYALTY, "", false, HUMAN, 21, MOBILE),
      // vm22 skips consideration.
      h(25, "2025-09-03T10:00:00Z", "J1", "", "journey", "poster", AWARENESS, "", true, HUMAN, 22, MOBILE),
      h(26, "2025-09-04T10:00:00Z", "J3", "", "journey", "email", CONVERSION, "", false, HUMAN, 22, MOBILE),
      // vm23 considers the day before it is made aware.
      h(27, "2025-09-10T10:00:00Z", "J2", "", "journey", "search", CONSIDERATION, "", false, HUMAN, 23, MOBILE),
      h(28, "2025-09-11T10:00:00Z", "J1", "", "journey", "poster", AWARENESS, "", true, HUMAN, 23, MOBILE),
      // vm24 considers 7 days and 1 second after awareness, vm25 exactly 7 days after.
      h(29, "2025-09-02T10:00:00Z", "J1", "", "journey", "poster", AWARENESS, "", true, HUMAN, 24, MOBILE),
      h(30, "2025-09-09T10:00:01Z", "J2", "", "journey", "search", CONSIDERATION, "", false, HUMAN, 24, MOBILE),
      h(31, "2025-09-02T10:00:00Z", "J1", "", "journey", "poster", AWARENESS, "", true, HUMAN, 25, MOBILE),
      h(32, "2025-09-09T10:00:00Z", "J2", "", "journey", "search", CONSIDERATION, "", false, HUMAN, 25, MOBILE),
      // vm26: a day after its second awareness hit, but 15 days after its first.
      h(33, "2025-09-01T08:00:00Z", "J1", "", "journey", "poster", AWARENESS, "", true, HUMAN, 26, MOBILE),
      h(34, "2025-09-15T08:00:00Z", "J1", "", "journey", "poster", AWARENESS, "", true, HUMAN, 26, MOBILE),
      h(35, "2025-09-16T08:00:00Z", "J2", "", "journey", "search", CONSIDERATION, "", false, HUMAN, 26, MOBILE),
      // vm27 is a bot going from awareness to consideration.
      h(36, "2025-09-01T09:00:00Z", "J1", "", "journey", "poster", AWARENESS, "", false, BOT, 27, Device.BOT),
      h(37, "2025-09-01T09:30:00Z", "J2", "", "journey", "search", CONSIDERATION, "", false, BOT, 27, Device.BOT),
      // vm28 in campaign "other", 30 minutes apart; vm29 moves from "journey" to "other" after 1 hour.
      h(38, "2025-09-03T10:00:00Z", "O1", "", "other", "flyer", AWARENESS, "", true, HUMAN, 28, MOBILE),
      h(39, "2025-09-03T10:30:00Z", "O2", "", "other", "search", CONSIDERATION, "", false, HUMAN, 28, MOBILE),
      h(40, "2025-09-04T10:00:00Z", "J1", "", "journey", "poster", AWARENESS, "", true, HUMAN, 29, MOBILE),
      h(41, "2025-09-04T11:00:00Z", "O2", "", "other", "search", CONSIDERATION, "", false, HUMAN, 29, MOBILE));

  /** Amsterdam's 2025-10-25 00:00 (CEST) up to 2025-11-06 00:00 (CET): rows 1 to 17 and 19. */
  static final Instant FROM = Instant.parse("2025-10-24T22:00:00Z");
  static final Instant TO = Instant.parse("2025-11-05T23:00:00Z");

  /** Strings that would break naive splicing; none is stored, so each must match nothing. */
  static final List<String> HOSTILE = List.of("spring' OR '1'='1", "spring\\' OR 1=1 --", "L1\\", "'",
      "\\", "''", "spring'); DROP TABLE hits; --", "T1a\n", "L1\u0000", "\\N", "utrecht\\", "%", "L_");

  /**
   * The seeded conversions, each on hit n of {@link #HITS} (by its column values: hit 1 is an L1/T1a
   * awareness scan of Oct vm1, hit 5 an L2 consideration click of Oct vm1, hit 6 a bot's, hit 14
   * an L3 conversion-stage click of Nov vm5, hit 0 is before the range; 22, 38 and 36 are September
   * journeys of vm21, vm28 and the bot vm27).
   */
  protected static final List<Conversion> CONVERSIONS = List.of(
      c(1, "sale", "o-1", "12.50", "EUR"),
      c(1, "lead", "", null, null),
      c(5, "sale", "o-2", "100", "USD"),
      c(6, "sale", "o-3", "7", "EUR"),
      c(14, "sale", "o-4", "0.000001", "EUR"),
      c(0, "sale", "o-0", "1", "EUR"),
      c(22, "sale", "j-1", "50", "EUR"),
      c(38, "lead", "", null, null),
      c(36, "lead", "", null, null));

  /** A migrated, empty store to seed; called once. */
  protected abstract HitStore hitStore() throws Exception;

  /** The stats of the store {@link #hitStore()} returned. */
  protected abstract StatsStore stats();

  /** Where conversions of the store {@link #hitStore()} returned are recorded. */
  protected abstract ConversionStore conversionStore();

  /**
   * The stats of the same store, sampling visitors of questions with more than {@code exactVisitors}
   * of them, as ClickHouse does above {@link SqlStatsStore#EXACT_VISITORS}.
   */
  protected abstract StatsStore sampling(long exactVisitors);

  @BeforeAll
  void seed() throws Exception {
    HitStore store = hitStore();
    TestHits.deliver(store, HITS, BATCH, 0);
    TestHits.deliver(store, List.of(HOSTILE_ROW), HOSTILE_BATCH, 0);
    assertThat(conversionStore().record(CONVERSIONS)).containsOnly(ConversionStore.Status.STORED);
  }

  private static Conversion c(int hit, String type, String id, String value, String currency) {
    return new Conversion(HITS.get(hit).hitId(), type, value == null ? null : new BigDecimal(value), currency, id);
  }

  /** Conversions and their amounts: currency, amount, currency, amount... */
  static Revenue rev(long conversions, String... amounts) {
    Map<String, BigDecimal> byCurrency = new java.util.TreeMap<>();
    for (int i = 0; i < amounts.length; i += 2) {
      byCurrency.put(amounts[i], new BigDecimal(amounts[i + 1]));
    }
    return new Revenue(conversions, byCurrency);
  }

  private static HitRow h(int n, String ts, String link, String touchpoint, String campaign, String channel,
      Stage stage, String source, boolean qr, Traffic traffic, long visitorMonth, Device device) {
    return h(BATCH, n, ts, link, touchpoint, campaign, channel, stage, source, qr, traffic, visitorMonth, device);
  }

  /** A hit of batch {@code batch}, for a store's own tests beside the contract's seeding. */
  protected static HitRow h(UUID batch, int n, String ts, String link, String touchpoint, String campaign,
      String channel, Stage stage, String source, boolean qr, Traffic traffic, long visitorMonth, Device device) {
    long t = Instant.parse(ts).getEpochSecond();
    return new HitRow(t, HitIds.next(t * 1000 + n), batch, touchpoint.isEmpty() ? link : touchpoint, link,
        touchpoint, campaign, channel, stage, source, qr, "", 302, device, "iOS", "17.1", "Safari", "17.1",
        traffic, traffic == HUMAN ? "" : "some-bot", "NL", "", "", "", "", "", "", "nl", 100L + n,
        visitorMonth, t);
  }

  static StatsQuery query() {
    return new StatsQuery(FROM, TO, AMSTERDAM, null, null, null, null, null, null, null, TrafficFilter.HUMAN);
  }

  static StatsQuery with(TrafficFilter traffic) {
    return new StatsQuery(FROM, TO, AMSTERDAM, null, null, null, null, null, null, null, traffic);
  }

  static StatsQuery where(String campaign, String link, String touchpoint, String channel, Stage stage,
      String source, Boolean qr) {
    return new StatsQuery(FROM, TO, AMSTERDAM, campaign, link, touchpoint, channel, stage, source, qr,
        TrafficFilter.HUMAN);
  }

  static OffsetDateTime at(String t) {
    return OffsetDateTime.parse(t);
  }

  static TimeSeries.Point p(String t, long hits, long scans, long clicks, long visitors) {
    return new TimeSeries.Point(at(t), hits, scans, clicks, visitors);
  }

  // --- summary: traffic

  @Test
  void summary_people_countsHitsScansClicksAndNewAndReturningVisitors() throws Exception {
    // Visitors: Oct vm1 (days 25, 26: returning), vm2, vm3, vm4 (27, 31: returning);
    // Nov vm11 (one day), vm5 (3, 4: returning), vm12, vm7. Conversions on hits 1 (two), 5 and 14;
    // not the bot's (6) nor the one before the range (0).
    assertThat(stats().summary(query())).isEqualTo(new Summary(14, 6, 8, 8, 5, 3, 2, 2,
        rev(4, "EUR", "12.500001", "USD", "100")));
  }

  @Test
  void summary_bots_countsOnlyBots() throws Exception {
    assertThat(stats().summary(with(TrafficFilter.BOT)))
        .isEqualTo(new Summary(2, 0, 2, 2, 2, 0, 2, 2, rev(1, "EUR", "7")));
  }

  @Test
  void summary_previews_countsOnlyPreviews() throws Exception {
    assertThat(stats().summary(with(TrafficFilter.PREVIEW))).isEqualTo(new Summary(2, 2, 0, 2, 2, 0, 2, 2));
  }

  @Test
  void summary_allTraffic_countsEveryHitInRange() throws Exception {
    assertThat(stats().summary(with(TrafficFilter.ALL))).isEqualTo(new Summary(18, 8, 10, 12, 9, 3, 2, 2,
        rev(5, "EUR", "19.500001", "USD", "100")));
  }

  // --- summary: filters

  @Test
  void summary_campaign_keepsItsHits() throws Exception {
    // Rows 7, 8 (Oct vm4, returning), 14 (Nov vm5, one day within this campaign); bot row 15.
    assertThat(stats().summary(where("autumn", null, null, null, null, null, null)))
        .isEqualTo(new Summary(3, 0, 3, 2, 1, 1, 1, 0, rev(1, "EUR", "0.000001")));
  }

  @Test
  void summary_link_keepsHitsThroughItAndItsTouchpoints() throws Exception {
    assertThat(stats().summary(where(null, "L1", null, null, null, null, null)))
        .isEqualTo(new Summary(7, 5, 2, 5, 4, 1, 0, 2, rev(2, "EUR", "12.5")));
  }

  @Test
  void summary_touchpoint_keepsItsHits() throws Exception {
    assertThat(stats().summary(where(null, null, "T1a", null, null, null, null)))
        .isEqualTo(new Summary(3, 3, 0, 3, 3, 0, 0, 1, rev(2, "EUR", "12.5")));
  }

  @Test
  void summary_channel_keepsItsHits() throws Exception {
    assertThat(stats().summary(where(null, null, null, "flyer", null, null, null)))
        .isEqualTo(new Summary(4, 1, 3, 3, 2, 1, 1, 0, rev(1, "USD", "100")));
  }

  @Test
  void summary_stage_keepsItsHits() throws Exception {
    assertThat(stats().summary(where(null, null, null, null, AWARENESS, null, null)))
        .isEqualTo(new Summary(7, 5, 2, 5, 4, 1, 0, 2, rev(2, "EUR", "12.5")));
  }

  @Test
  void summary_sourceWithQuoteAndBackslash_matchesItExactly() throws Exception {
    assertThat(stats().summary(where(null, null, null, null, null, CAFE, null)))
        .isEqualTo(new Summary(1, 0, 1, 1, 1, 0, 0, 0));
  }

  @Test
  void summary_scansOnly() throws Exception {
    assertThat(stats().summary(where(null, null, null, null, null, null, true)))
        .isEqualTo(new Summary(6, 6, 0, 5, 5, 0, 0, 2, rev(2, "EUR", "12.5")));
  }

  @Test
  void summary_clicksOnly() throws Exception {
    assertThat(stats().summary(where(null, null, null, null, null, null, false)))
        .isEqualTo(new Summary(8, 0, 8, 5, 3, 2, 2, 0, rev(2, "EUR", "0.000001", "USD", "100")));
  }

  @Test
  void summary_severalFilters_keepsHitsMatchingAll() throws Exception {
    assertThat(stats().summary(where("spring", "L2", null, null, CONSIDERATION, null, false)))
        .isEqualTo(new Summary(3, 0, 3, 3, 3, 0, 1, 0, rev(1, "USD", "100")));
  }

  @Test
  void summary_rangeWithoutHits_isZero() throws Exception {
    StatsQuery empty = new StatsQuery(Instant.parse("2025-11-30T23:00:00Z"), Instant.parse("2025-12-01T23:00:00Z"),
        AMSTERDAM, null, null, null, null, null, null, null, TrafficFilter.ALL);
    assertThat(stats().summary(empty)).isEqualTo(new Summary(0, 0, 0, 0, 0, 0, 0, 0));
    assertThat(stats().timeSeries(empty, Interval.DAY).points())
        .containsExactly(p("2025-12-01T00:00+01:00", 0, 0, 0, 0));
    assertThat(stats().breakdown(empty, Dimension.LINK, 5)).isEqualTo(new Breakdown(Dimension.LINK, List.of(), Counts.ZERO));
  }

  @Test
  void hostileFilterValues_matchNothingAndNeverBreakTheSql() throws Exception {
    Summary zero = new Summary(0, 0, 0, 0, 0, 0, 0, 0);
    for (String bad : HOSTILE) {
      List<StatsQuery> queries = List.of(where(bad, null, null, null, null, null, null),
          where(null, bad, null, null, null, null, null), where(null, null, bad, null, null, null, null),
          where(null, null, null, bad, null, null, null), where(null, null, null, null, null, bad, null));
      for (StatsQuery q : queries) {
        assertThat(stats().summary(q)).as("summary with %s", q).isEqualTo(zero);
        assertThat(stats().timeSeries(q, Interval.WEEK).points()).as("series with %s", q)
            .extracting(TimeSeries.Point::hits).containsExactly(0L, 0L, 0L);
        assertThat(stats().breakdown(q, Dimension.SOURCE, 3).rows()).as("breakdown with %s", q).isEmpty();
      }
    }
  }

  // --- time series

  @Test
  void timeSeries_hoursOfTheDstDay_has25ClockHoursWithBothTwoOClocks() throws Exception {
    StatsQuery day = new StatsQuery(Instant.parse("2025-10-25T22:00:00Z"), Instant.parse("2025-10-26T23:00:00Z"),
        AMSTERDAM, null, null, null, null, null, null, null, TrafficFilter.HUMAN);
    List<TimeSeries.Point> expected = new ArrayList<>();
    expected.add(p("2025-10-26T00:00+02:00", 1, 1, 0, 1)); // row 2
    expected.add(p("2025-10-26T01:00+02:00", 0, 0, 0, 0));
    expected.add(p("2025-10-26T02:00+02:00", 1, 0, 1, 1)); // row 3
    expected.add(p("2025-10-26T02:00+01:00", 1, 0, 1, 1)); // row 4
    for (int hour = 3; hour < 24; hour++) {
      boolean row5 = hour == 10;
      expected.add(p(String.format("2025-10-26T%02d:00+01:00", hour), row5 ? 1 : 0, 0, row5 ? 1 : 0, row5 ? 1 : 0));
    }
    TimeSeries series = stats().timeSeries(day, Interval.HOUR);
    assertThat(series.interval()).isEqualTo(Interval.HOUR);
    assertThat(series.points()).hasSize(25).containsExactlyElementsOf(expected);
  }

  @Test
  void timeSeries_days_localDaysAcrossTheDstChangeWithZeros() throws Exception {
    assertThat(stats().timeSeries(query(), Interval.DAY).points()).containsExactly(
        p("2025-10-25T00:00+02:00", 1, 1, 0, 1),
        p("2025-10-26T00:00+02:00", 4, 1, 3, 3),
        p("2025-10-27T00:00+01:00", 1, 0, 1, 1),
        p("2025-10-28T00:00+01:00", 0, 0, 0, 0),
        p("2025-10-29T00:00+01:00", 0, 0, 0, 0),
        p("2025-10-30T00:00+01:00", 0, 0, 0, 0),
        p("2025-10-31T00:00+01:00", 0, 0, 0, 0),
        // Row 8 is October in UTC: its visitor is vm4, also on row 7.
        p("2025-11-01T00:00+01:00", 3, 2, 1, 2),
        p("2025-11-02T00:00+01:00", 0, 0, 0, 0),
        p("2025-11-03T00:00+01:00", 1, 0, 1, 1),
        p("2025-11-04T00:00+01:00", 2, 1, 1, 1),
        p("2025-11-05T00:00+01:00", 2, 1, 1, 2));
  }

  @Test
  void timeSeries_weeks_startOnMondayBeforeFrom() throws Exception {
    assertThat(stats().timeSeries(query(), Interval.WEEK).points()).containsExactly(
        p("2025-10-20T00:00+02:00", 5, 2, 3, 3),
        p("2025-10-27T00:00+01:00", 4, 2, 2, 2),
        p("2025-11-03T00:00+01:00", 5, 2, 3, 3));
  }

  @Test
  void timeSeries_months_localMonths() throws Exception {
    assertThat(stats().timeSeries(query(), Interval.MONTH).points()).containsExactly(
        p("2025-10-01T00:00+02:00", 6, 2, 4, 4),
        p("2025-11-01T00:00+01:00", 8, 4, 4, 5));
  }

  @Test
  void timeSeries_filteredTraffic_countsOnlyIt() throws Exception {
    assertThat(stats().timeSeries(with(TrafficFilter.PREVIEW), Interval.MONTH).points()).containsExactly(
        p("2025-10-01T00:00+02:00", 0, 0, 0, 0),
        p("2025-11-01T00:00+01:00", 2, 2, 0, 2));
  }

  @Test
  void timeSeries_hoursInAHalfHourZone_startAtItsClockHoursFromTheOneHoldingFrom() throws Exception {
    // Kolkata is UTC+05:30: its hours start at :30 UTC; from (06:15 there) is inside the first.
    StatsQuery q = new StatsQuery(Instant.parse("2025-10-26T00:45:00Z"), Instant.parse("2025-10-26T02:30:00Z"),
        ZoneId.of("Asia/Kolkata"), null, null, null, null, null, null, null, TrafficFilter.HUMAN);
    assertThat(stats().timeSeries(q, Interval.HOUR).points()).containsExactly(
        p("2025-10-26T06:00+05:30", 0, 0, 0, 0), // row 3 (00:30Z) is before from
        p("2025-10-26T07:00+05:30", 1, 0, 1, 1)); // row 4 (01:30Z)
  }

  @Test
  void breakdown_limitOutsideOneToAThousand_isRefused() {
    for (int limit : new int[] {0, 1_001}) {
      assertThatThrownBy(() -> stats().breakdown(query(), Dimension.LINK, limit))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  // --- breakdown

  @Test
  void breakdown_links_topOnesAndTheRestInOtherWithDistinctVisitors() throws Exception {
    // L2 and L3 share visitor vm5: other counts it once.
    assertThat(stats().breakdown(query(), Dimension.LINK, 1)).isEqualTo(new Breakdown(Dimension.LINK,
        List.of(new Breakdown.Row("L1", 7, 5, 2, 5, rev(2, "EUR", "12.5"))),
        new Counts(7, 1, 6, 4, rev(2, "EUR", "0.000001", "USD", "100"))));
    assertThat(stats().breakdown(query(), Dimension.LINK, 2)).isEqualTo(new Breakdown(Dimension.LINK,
        List.of(new Breakdown.Row("L1", 7, 5, 2, 5, rev(2, "EUR", "12.5")),
            new Breakdown.Row("L2", 4, 1, 3, 3, rev(1, "USD", "100"))),
        new Counts(3, 0, 3, 2, rev(1, "EUR", "0.000001"))));
  }

  @Test
  void breakdown_allFit_otherIsZero() throws Exception {
    assertThat(stats().breakdown(query(), Dimension.TOUCHPOINT, 10)).isEqualTo(new Breakdown(Dimension.TOUCHPOINT,
        List.of(new Breakdown.Row("", 9, 1, 8, 5, rev(2, "EUR", "0.000001", "USD", "100")),
            new Breakdown.Row("T1a", 3, 3, 0, 3, rev(2, "EUR", "12.5")), new Breakdown.Row("T1b", 2, 2, 0, 1)),
        Counts.ZERO));
  }

  @Test
  void breakdown_enumDimension_wireNamesAndTiesByName() throws Exception {
    // desktop, tablet and unknown tie at one hit: by name, not by the enum's stored number.
    assertThat(stats().breakdown(query(), Dimension.DEVICE, 3)).isEqualTo(new Breakdown(Dimension.DEVICE,
        List.of(new Breakdown.Row("mobile", 11, 6, 5, 7, rev(4, "EUR", "12.500001", "USD", "100")),
            new Breakdown.Row("desktop", 1, 0, 1, 1),
            new Breakdown.Row("tablet", 1, 0, 1, 1)), new Counts(1, 0, 1, 1)));
  }

  @Test
  void breakdown_traffic_allTraffic() throws Exception {
    assertThat(stats().breakdown(with(TrafficFilter.ALL), Dimension.TRAFFIC, 3)).isEqualTo(new Breakdown(
        Dimension.TRAFFIC, List.of(new Breakdown.Row("human", 14, 6, 8, 8, rev(4, "EUR", "12.500001", "USD", "100")),
            new Breakdown.Row("bot", 2, 0, 2, 2, rev(1, "EUR", "7")),
            new Breakdown.Row("preview", 2, 2, 0, 2)), Counts.ZERO));
  }

  @Test
  void breakdown_stage_wireNames() throws Exception {
    assertThat(stats().breakdown(query(), Dimension.STAGE, 2)).isEqualTo(new Breakdown(Dimension.STAGE,
        List.of(new Breakdown.Row("awareness", 7, 5, 2, 5, rev(2, "EUR", "12.5")),
            new Breakdown.Row("consideration", 4, 1, 3, 3, rev(1, "USD", "100"))),
        new Counts(3, 0, 3, 2, rev(1, "EUR", "0.000001"))));
  }

  @Test
  void breakdown_keyWithQuoteAndBackslash_comesBackIntact() throws Exception {
    assertThat(stats().breakdown(where(null, "L2", null, null, null, null, null), Dimension.SOURCE, 10))
        .isEqualTo(new Breakdown(Dimension.SOURCE,
            List.of(new Breakdown.Row("leiden", 3, 1, 2, 2, rev(1, "USD", "100")), new Breakdown.Row(CAFE, 1, 0, 1, 1)),
            Counts.ZERO));
  }

  @Test
  void breakdown_filtered_otherHoldsTheKeyWithQuoteAndBackslash() throws Exception {
    assertThat(stats().breakdown(where(null, "L2", null, null, null, null, null), Dimension.SOURCE, 1))
        .isEqualTo(new Breakdown(Dimension.SOURCE,
            List.of(new Breakdown.Row("leiden", 3, 1, 2, 2, rev(1, "USD", "100"))), new Counts(1, 0, 1, 1)));
  }

  // --- funnel

  static final Instant SEPTEMBER = Instant.parse("2025-09-01T00:00:00Z");
  static final Instant OCTOBER = Instant.parse("2025-10-01T00:00:00Z");

  static StatsQuery september(String campaign, TrafficFilter traffic) {
    return new StatsQuery(SEPTEMBER, OCTOBER, ZoneId.of("UTC"), campaign, null, null, null, null, null, null, traffic);
  }

  static Funnel funnel(Duration window, Funnel.Converted converted, long[]... steps) {
    List<Funnel.Step> list = new ArrayList<>();
    for (int i = 0; i < steps.length; i++) {
      long[] s = steps[i];
      list.add(new Funnel.Step(Stage.JOURNEY.get(i), s[0], s[1], i == 0 ? null : s[2] / 10_000.0));
    }
    return new Funnel(window, list, converted);
  }

  /** Visitors of the funnel with a conversion, and the rate in ten-thousandths. */
  static Funnel.Converted converted(long visitors, long rate) {
    return new Funnel.Converted(visitors, rate / 10_000.0);
  }

  /** Every human visitor of September (vm21-26, 28, 29); vm21 and vm28 converted (on hits 22 and 38). */
  static final Funnel.Converted SEPTEMBER_CONVERTED = converted(2, 2_500);

  /** visitors, fromPrevious and the rate in ten-thousandths (ignored for the first stage). */
  static long[] s(long visitors, long fromPrevious, long rate) {
    return new long[] {visitors, fromPrevious, rate};
  }

  @Test
  void funnel_sevenDays_skippedStagesEarlierHitsAndLateOnesDoNotCount() throws Exception {
    // Awareness: vm21-26, 28, 29. Consideration: vm21, 23-26, 28, 29; followed within 7 days: vm21 (2 h),
    // vm25 (exactly 7 d), vm28, vm29; not vm23 (before), vm24 (7 d + 1 s), vm26 (15 d after its first).
    // Conversion: vm21, vm22 (skipped consideration); followed: vm21. Service: vm21 (3 d). Loyalty: vm21, 15 d late.
    Duration week = Duration.ofDays(7);
    assertThat(stats().funnel(september(null, TrafficFilter.HUMAN), week)).isEqualTo(funnel(week, SEPTEMBER_CONVERTED,
        s(8, 8, 0), s(7, 4, 5_000), s(2, 1, 1_429), s(1, 1, 5_000), s(1, 0, 0)));
  }

  @Test
  void funnel_thirtyDays_countsTheLateOnes() throws Exception {
    Duration month = Duration.ofDays(30);
    assertThat(stats().funnel(september(null, TrafficFilter.HUMAN), month)).isEqualTo(funnel(month, SEPTEMBER_CONVERTED,
        s(8, 8, 0), s(7, 6, 7_500), s(2, 1, 1_429), s(1, 1, 5_000), s(1, 1, 10_000)));
  }

  @Test
  void funnel_oneHour_includesItsEnd() throws Exception {
    // vm28 after 30 minutes, vm29 after exactly an hour; vm21 after two hours is too late.
    Duration hour = Duration.ofHours(1);
    assertThat(stats().funnel(september(null, TrafficFilter.HUMAN), hour)).isEqualTo(funnel(hour, SEPTEMBER_CONVERTED,
        s(8, 8, 0), s(7, 2, 2_500), s(2, 0, 0), s(1, 0, 0), s(1, 0, 0)));
  }

  @Test
  void funnel_campaign_followsOnlyItsHits() throws Exception {
    // vm28 is gone; vm29's consideration was in "other". Followed: vm21, vm25 of 7 aware: 0.2857.
    // Converted: vm21 of the 7 (vm28's conversion is on its "other" hit): 0.1429.
    Duration week = Duration.ofDays(7);
    assertThat(stats().funnel(september("journey", TrafficFilter.HUMAN), week)).isEqualTo(funnel(week,
        converted(1, 1_429),
        s(7, 7, 0), s(5, 2, 2_857), s(2, 1, 2_000), s(1, 1, 5_000), s(1, 0, 0)));
  }

  @Test
  void funnel_bots_countsOnlyBots_andStagesWithoutHitsAreZeros() throws Exception {
    Duration week = Duration.ofDays(7);
    // The bot vm27 converted on hit 36.
    assertThat(stats().funnel(september(null, TrafficFilter.BOT), week)).isEqualTo(funnel(week, converted(1, 10_000),
        s(1, 1, 0), s(1, 1, 10_000), s(0, 0, 0), s(0, 0, 0), s(0, 0, 0)));
  }

  @Test
  void funnel_octoberAndNovemberHits_theWindowDecides() throws Exception {
    // Awareness: vm1, vm2, vm3 (October); vm11, vm12 (November). Consideration: vm1 (23 h after
    // awareness), vm5, vm7. Conversion: vm4, vm5 (25 h after its consideration).
    // Converted: Oct vm1 (hits 1 and 5) and vm5 (hit 14) of the 8 visitors; not the bot vm50.
    Duration week = Duration.ofDays(7);
    assertThat(stats().funnel(query(), week)).isEqualTo(funnel(week, converted(2, 2_500),
        s(5, 5, 0), s(3, 1, 2_000), s(2, 1, 3_333), s(0, 0, 0), s(0, 0, 0)));
    Duration day = Duration.ofHours(24);
    assertThat(stats().funnel(query(), day)).isEqualTo(funnel(day, converted(2, 2_500),
        s(5, 5, 0), s(3, 1, 2_000), s(2, 0, 0), s(0, 0, 0), s(0, 0, 0)));
  }

  @Test
  void funnel_noHitsOrHostileFilter_isEveryStageWithZeros() throws Exception {
    Duration week = Duration.ofDays(7);
    // The store holds conversions, so converted is there, with none.
    Funnel zeros = funnel(week, converted(0, 0), s(0, 0, 0), s(0, 0, 0), s(0, 0, 0), s(0, 0, 0), s(0, 0, 0));
    StatsQuery empty = new StatsQuery(Instant.parse("2025-11-30T23:00:00Z"), Instant.parse("2025-12-01T23:00:00Z"),
        AMSTERDAM, null, null, null, null, null, null, null, TrafficFilter.ALL);
    assertThat(stats().funnel(empty, week)).isEqualTo(zeros);
    for (String bad : HOSTILE) {
      assertThat(stats().funnel(where(bad, null, null, null, null, null, null), week)).as(bad).isEqualTo(zeros);
    }
  }

  @Test
  void funnel_stageFilterOrWindowOutOfBounds_isRefused() {
    assertThatThrownBy(() -> stats().funnel(where(null, null, null, null, AWARENESS, null, null), Duration.ofDays(7)))
        .isInstanceOf(IllegalArgumentException.class);
    for (Duration w : List.of(Duration.ofMinutes(59), Duration.ofDays(91), Duration.ofMinutes(90))) {
      assertThatThrownBy(() -> stats().funnel(query(), w)).as(w.toString()).isInstanceOf(IllegalArgumentException.class);
    }
  }

  // --- above the sampling limit (SqlStatsStore): 8 human visitors in query(), a limit of 2, so
  // K = 4 and the sample is vm4 (returning) and vm12 (new), whose vm divide by 4.

  @Test
  void sampled_summary_hitsExact_returningShareOfTheSample() throws Exception {
    // Returning: 1 of 2 sampled, so 4 of the 8 visitors. Conversions are never sampled.
    assertThat(sampling(2).summary(query())).isEqualTo(new Summary(14, 6, 8, 8, 4, 4, 2, 2,
        rev(4, "EUR", "12.500001", "USD", "100")));
  }

  @Test
  void sampled_days_hitsExact_visitorsKTimesTheSampleAtMostTheHits() throws Exception {
    assertThat(sampling(2).timeSeries(query(), Interval.DAY).points()).containsExactly(
        p("2025-10-25T00:00+02:00", 1, 1, 0, 0),
        p("2025-10-26T00:00+02:00", 4, 1, 3, 0),
        p("2025-10-27T00:00+01:00", 1, 0, 1, 1), // vm4: 4 × 1, but one hit
        p("2025-10-28T00:00+01:00", 0, 0, 0, 0),
        p("2025-10-29T00:00+01:00", 0, 0, 0, 0),
        p("2025-10-30T00:00+01:00", 0, 0, 0, 0),
        p("2025-10-31T00:00+01:00", 0, 0, 0, 0),
        p("2025-11-01T00:00+01:00", 3, 2, 1, 3), // vm4 again: 4, but three hits
        p("2025-11-02T00:00+01:00", 0, 0, 0, 0),
        p("2025-11-03T00:00+01:00", 1, 0, 1, 0),
        p("2025-11-04T00:00+01:00", 2, 1, 1, 0),
        p("2025-11-05T00:00+01:00", 2, 1, 1, 2)); // vm12
  }

  @Test
  void sampled_breakdown_hitsExact_visitorsKTimesTheSample() throws Exception {
    // L1 has vm12 of the sample, the rest (L2, L3) vm4.
    Breakdown exact = stats().breakdown(query(), Dimension.LINK, 1);
    assertThat(sampling(2).breakdown(query(), Dimension.LINK, 1)).isEqualTo(new Breakdown(Dimension.LINK,
        List.of(new Breakdown.Row("L1", 7, 5, 2, 4, exact.rows().get(0).revenue())),
        new Counts(7, 1, 6, 4, exact.other().revenue())));
  }

  @Test
  void sampled_funnel_visitorsEstimated_followedShareOfTheSample() throws Exception {
    // 8 aware visitors (the most of any stage): K = 4, sample vm24 and vm28. Of them only vm28 went
    // on to consideration within 7 days: half of the 8 aware. Later stages have no sampled visitor.
    // Converted: vm28 of the two sampled, so 4 × 1 and a rate of one half.
    Duration week = Duration.ofDays(7);
    assertThat(sampling(2).funnel(september(null, TrafficFilter.HUMAN), week)).isEqualTo(funnel(week,
        converted(4, 5_000), s(8, 8, 0), s(7, 4, 5_000), s(2, 0, 0), s(1, 0, 0), s(1, 0, 0)));
  }

  @Test
  void sampled_atTheLimit_isExact() throws Exception {
    StatsStore atLimit = sampling(8);
    assertThat(atLimit.summary(query())).isEqualTo(stats().summary(query()));
    assertThat(atLimit.timeSeries(query(), Interval.DAY)).isEqualTo(stats().timeSeries(query(), Interval.DAY));
    assertThat(atLimit.breakdown(query(), Dimension.LINK, 1)).isEqualTo(stats().breakdown(query(), Dimension.LINK, 1));
    Duration week = Duration.ofDays(7);
    StatsQuery september = september(null, TrafficFilter.HUMAN);
    assertThat(atLimit.funnel(september, week)).isEqualTo(stats().funnel(september, week));
  }

  // --- export

  static final UUID HOSTILE_BATCH = UUID.randomUUID();
  /** Quotes, commas, line breaks, tabs, backslashes, non-ASCII, and text that reads as TSV's NULL. */
  static final String NASTY = "a \"quoted\", 'single'\r\nnext\tline \\ back\\slash \\N é ü 漢字 🙂";
  /** The one hit of 2024 (outside every other question's range), all its text fields hostile. */
  static final HitRow HOSTILE_ROW = new HitRow(Instant.parse("2024-06-01T12:00:00Z").getEpochSecond(),
      UUID.fromString("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"), HOSTILE_BATCH, "HX", "HX", "", NASTY, "po,ster",
      CONVERSION, "\\N", true, "v\"1", 307, TABLET, "\tos", "1,2", "Br\"owser", "", PREVIEW, "Slack\nbot",
      "NL", "example.com", "a,b", "\"", "\\", "x\ty", "ü", "nl", Long.MAX_VALUE, 0,
      Instant.parse("2024-06-01T12:00:05Z").getEpochSecond(), "rule\t\"2\"\n\\N");

  /** A hit as the export must write it, spelt out from the row by hand, not by the code under test. */
  static List<String> exported(HitRow r) {
    return List.of(Instant.ofEpochSecond(r.ts()).toString(), r.hitId().toString(), r.batchId().toString(), r.code(),
        r.linkCode(), r.touchpointCode(), r.campaign(), r.channel(), r.stage().wireName(), r.source(),
        r.qr() ? "1" : "0", r.variant(), Integer.toString(r.status()), r.device().wireName(), r.os(), r.osVersion(),
        r.browser(), r.browserVersion(), r.traffic().wireName(), r.botName(), r.country(), r.referrerHost(),
        r.utmSource(), r.utmMedium(), r.utmCampaign(), r.utmTerm(), r.utmContent(), r.language(),
        Long.toUnsignedString(r.visitor()), Long.toUnsignedString(r.visitorMonth()),
        Instant.ofEpochSecond(r.receivedAt()).toString(), r.rule());
  }

  private List<List<String>> export(StatsQuery q) throws Exception {
    List<List<String>> rows = new ArrayList<>();
    long handed = stats().export(q, rows::add);
    assertThat(handed).isEqualTo(rows.size());
    return rows;
  }

  @Test
  void export_link_everyColumnOfItsHitsInTimeOrder() throws Exception {
    // Rows 1, 2, 3, 4, 9, 10, 16: the L1 people of the summary above.
    List<List<String>> rows = export(where(null, "L1", null, null, null, null, null));
    assertThat(rows).hasSize(7);
    assertThat(rows.subList(0, 3)).containsExactly(exported(HITS.get(1)), exported(HITS.get(2)),
        exported(HITS.get(3)));
    assertThat(rows).allSatisfy(r -> assertThat(r).hasSize(ExportColumn.ALL.size()));
  }

  @Test
  void export_allTraffic_countsEveryHitInRange_orderedByTsThenHitId() throws Exception {
    List<List<String>> rows = export(with(TrafficFilter.ALL));
    assertThat(rows).hasSize(18);
    List<String> keys = rows.stream().map(r -> r.get(0) + " " + r.get(1)).toList();
    assertThat(keys).isSorted();
  }

  @Test
  void export_hostileStrings_comeOutExactlyAsStored() throws Exception {
    StatsQuery q = new StatsQuery(Instant.parse("2024-06-01T00:00:00Z"), Instant.parse("2024-06-02T00:00:00Z"),
        AMSTERDAM, null, "HX", null, null, null, null, null, TrafficFilter.ALL);
    assertThat(export(q)).containsExactly(exported(HOSTILE_ROW));
  }

  @Test
  void export_sinkSaysStop_noMoreRowsAreHanded() throws Exception {
    List<List<String>> rows = new ArrayList<>();
    long handed = stats().export(with(TrafficFilter.ALL), r -> rows.add(r) && rows.size() < 2);
    assertThat(handed).isEqualTo(2);
    assertThat(rows).hasSize(2);
  }

  @Test
  void export_hostileFilterValues_exportNothing() throws Exception {
    for (String bad : HOSTILE) {
      assertThat(export(where(bad, null, null, null, null, null, null))).as(bad).isEmpty();
      assertThat(export(where(null, null, null, null, null, bad, null))).as(bad).isEmpty();
    }
  }
}
