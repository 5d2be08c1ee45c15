package dev.waymark.conversion;

import static dev.waymark.conversion.ConversionStore.Status.DUPLICATE;
import static dev.waymark.conversion.ConversionStore.Status.PENDING;
import static dev.waymark.conversion.ConversionStore.Status.STORED;
import static dev.waymark.conversion.ConversionStore.Status.UNKNOWN_CLICK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waymark.hit.Device;
import dev.waymark.hit.HitIds;
import dev.waymark.hit.HitRow;
import dev.waymark.hit.HitStore;
import dev.waymark.hit.TestHits;
import dev.waymark.hit.Traffic;
import dev.waymark.journey.Stage;
import dev.waymark.stats.Funnel;
import dev.waymark.stats.Revenue;
import dev.waymark.stats.StatsQuery;
import dev.waymark.stats.StatsStore;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ConversionStore} answers and stores, each test on a fresh, migrated store
 * whose clock stands at {@link #NOW} and whose pending-since instant is {@link #PENDING_SINCE}.
 */
public abstract class ConversionStoreContract {

  protected static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
  protected static final Instant PENDING_SINCE = NOW.minus(Duration.ofMinutes(15));

  /**
   * The columns {@link #rows} reads, in order: times as epoch seconds, the UUID as lower-case
   * text, enums by name, numbers in plain (unsigned) digits.
   */
  protected static final List<String> COLUMNS = List.of("ts", "hit_id", "code", "link_code", "touchpoint_code",
      "campaign", "channel", "stage", "source", "is_qr", "variant", "status", "device", "os", "os_version",
      "browser", "browser_version", "traffic", "bot_name", "country", "referrer_host", "utm_source", "utm_medium",
      "utm_campaign", "utm_term", "utm_content", "language", "visitor", "visitor_month", "type", "conversion_id",
      "value_micros", "currency", "reported_at");

  /** {@link #COLUMNS} as a select list, times and the UUID through the store's own functions. */
  protected static String selectList(UnaryOperator<String> epochSeconds, UnaryOperator<String> uuidText) {
    return COLUMNS.stream().map(c -> switch (c) {
      case "ts", "reported_at" -> epochSeconds.apply(c);
      case "hit_id" -> uuidText.apply(c);
      default -> c;
    }).collect(Collectors.joining(", "));
  }

  /** The stores of one fresh database. */
  public record Stores(HitStore hits, ConversionStore conversions, StatsStore stats) {}

  /** A fresh, migrated database with a conversion store on {@code clock} and {@code pendingSince}. */
  protected abstract Stores open(Clock clock, Instant pendingSince) throws Exception;

  /** Every stored row of {@code conversions} on {@code click}, {@link #COLUMNS} as text, in any order. */
  protected abstract List<List<String>> rows(UUID click) throws Exception;

  /** All rows of {@code conversions}, repeats included. */
  protected abstract long count() throws Exception;

  /** Drops what {@link #open} made. */
  protected abstract void close() throws Exception;

  private Stores stores;
  private ConversionStore store;
  private UUID batch;

  @BeforeEach
  void openStore() throws Exception {
    batch = UUID.randomUUID();
    stores = open(Clock.fixed(NOW, ZoneOffset.UTC), PENDING_SINCE);
    store = stores.conversions();
  }

  @AfterEach
  void closeStore() throws Exception {
    close();
  }

  /** A hit made at {@code at} whose id carries that millisecond, as the redirector makes them. */
  private HitRow hit(Instant at, String source, Traffic traffic) {
    long ts = at.getEpochSecond();
    return new HitRow(ts, HitIds.next(at.toEpochMilli()), batch, "T9", "L9", "T9", "spring", "poster",
        Stage.CONSIDERATION, source, true, "B", 302, Device.TABLET, "iPadOS", "17.4", "Safari", "17.4", traffic,
        traffic == Traffic.HUMAN ? "" : "some-bot", "NL", "news.example.org", "poster", "print", "spring-2026",
        "term", "content", "nl", -5L, 77L, ts + 2);
  }

  private void deliver(HitRow... rows) throws Exception {
    TestHits.deliver(stores.hits(), List.of(rows), batch, NOW.toEpochMilli());
  }

  private static Conversion sale(HitRow hit, String id, String value) {
    return new Conversion(hit.hitId(), "sale", new BigDecimal(value), "EUR", id);
  }

  private static Conversion lead(UUID click) {
    return new Conversion(click, "lead", null, null, "");
  }

  /** A version 7 id made at {@code at}, of no stored hit. */
  private static UUID click(Instant at) {
    return HitIds.next(at.toEpochMilli());
  }

  @Test
  void record_storedHit_storesItWithEveryColumnOfTheHit() throws Exception {
    HitRow h = hit(NOW.minus(Duration.ofHours(1)).plusMillis(999), "o'brien\\café \"漢字\"", Traffic.HUMAN);
    deliver(h);
    assertThat(store.record(List.of(sale(h, "order\\7 'x'", "12.345678")))).containsExactly(STORED);
    assertThat(rows(h.hitId())).containsExactly(List.of(Long.toString(h.ts()), h.hitId().toString(), h.code(),
        h.linkCode(), h.touchpointCode(), h.campaign(), h.channel(), h.stage().wireName(), h.source(), "1",
        h.variant(), "302", h.device().wireName(), h.os(), h.osVersion(), h.browser(), h.browserVersion(),
        h.traffic().wireName(), h.botName(), h.country(), h.referrerHost(), h.utmSource(), h.utmMedium(),
        h.utmCampaign(), h.utmTerm(), h.utmContent(), h.language(), Long.toUnsignedString(h.visitor()),
        Long.toUnsignedString(h.visitorMonth()), "sale", "order\\7 'x'", "12345678", "EUR",
        Long.toString(NOW.getEpochSecond())));
  }

  @Test
  void record_withoutValue_storesZeroAndNoCurrency() throws Exception {
    HitRow h = hit(NOW.minus(Duration.ofDays(3)), "s", Traffic.HUMAN);
    deliver(h);
    assertThat(store.record(List.of(lead(h.hitId())))).containsExactly(STORED);
    assertThat(rows(h.hitId())).singleElement().satisfies(r ->
        assertThat(r.subList(COLUMNS.indexOf("type"), COLUMNS.size() - 1)).containsExactly("lead", "", "0", ""));
  }

  @Test
  void record_sameListAgain_isDuplicate_andStoresNothingTwice() throws Exception {
    HitRow h = hit(NOW.minus(Duration.ofDays(40)), "s", Traffic.HUMAN);
    deliver(h);
    List<Conversion> list = List.of(sale(h, "1", "10"), lead(h.hitId()), sale(h, "2", "10"));
    assertThat(store.record(list)).containsExactly(STORED, STORED, STORED);
    assertThat(store.record(list)).containsExactly(DUPLICATE, DUPLICATE, DUPLICATE);
    assertThat(count()).isEqualTo(3);
  }

  @Test
  void record_repeatsWithinTheList_laterOnesAreDuplicates_andTheFirstValueStands() throws Exception {
    HitRow h = hit(NOW.minus(Duration.ofHours(2)), "s", Traffic.HUMAN);
    deliver(h);
    assertThat(store.record(List.of(sale(h, "1", "10"), sale(h, "2", "20"), sale(h, "1", "99"), sale(h, "1", "10"))))
        .containsExactly(STORED, STORED, DUPLICATE, DUPLICATE);
    assertThat(rows(h.hitId())).extracting(r -> r.get(COLUMNS.indexOf("value_micros")))
        .containsExactlyInAnyOrder("10000000", "20000000");
  }

  @Test
  void record_partlyStoredBefore_storesOnlyTheNewOnes() throws Exception {
    HitRow h = hit(NOW.minus(Duration.ofHours(2)), "s", Traffic.HUMAN);
    deliver(h);
    assertThat(store.record(List.of(sale(h, "1", "10")))).containsExactly(STORED);
    assertThat(store.record(List.of(sale(h, "2", "10"), sale(h, "1", "10")))).containsExactly(STORED, DUPLICATE);
    assertThat(count()).isEqualTo(2);
  }

  @Test
  void record_clickNotStoredYetButRecent_isPending_andTheOthersAreStored() throws Exception {
    HitRow h = hit(NOW.minus(Duration.ofDays(1)), "s", Traffic.HUMAN);
    deliver(h);
    UUID atPendingSince = click(PENDING_SINCE);
    UUID ahead = click(NOW.plus(Duration.ofMinutes(1)));
    assertThat(store.record(List.of(lead(atPendingSince), sale(h, "1", "5"), lead(ahead))))
        .containsExactly(PENDING, STORED, PENDING);
    assertThat(count()).isEqualTo(1);
  }

  @Test
  void record_unknownClick_storesNothing_andAnswersTheOthersAsTheyWouldHaveBeen() throws Exception {
    HitRow h = hit(NOW.minus(Duration.ofDays(1)), "s", Traffic.HUMAN);
    deliver(h);
    assertThat(store.record(List.of(sale(h, "0", "5")))).containsExactly(STORED);
    UUID justBefore = click(PENDING_SINCE.minusMillis(1));
    List<Conversion> list = List.of(sale(h, "1", "5"), lead(justBefore), sale(h, "0", "5"),
        lead(click(NOW.minus(Duration.ofMinutes(5)))));
    assertThat(store.record(list)).containsExactly(STORED, UNKNOWN_CLICK, DUPLICATE, PENDING);
    assertThat(count()).isEqualTo(1);
    assertThat(store.record(List.of(sale(h, "1", "5")))).containsExactly(STORED);
    assertThat(count()).isEqualTo(2);
  }

  @Test
  void record_notVersion7OrTooFarAhead_isUnknown() throws Exception {
    UUID random = UUID.randomUUID();
    UUID ahead = click(NOW.plus(Duration.ofMinutes(1)).plusMillis(1));
    assertThat(store.record(List.of(lead(random), lead(ahead)))).containsExactly(UNKNOWN_CLICK, UNKNOWN_CLICK);
    assertThat(count()).isZero();
  }

  @Test
  void record_emptyList_isEmpty() throws Exception {
    assertThat(store.record(List.of())).isEmpty();
  }

  @Test
  void record_aThousandOverTwoMonths_inOneCall() throws Exception {
    List<HitRow> hits = new ArrayList<>();
    List<Conversion> conversions = new ArrayList<>();
    Instant first = NOW.minus(Duration.ofDays(60));
    for (int i = 0; i < Conversion.MAX_BATCH; i++) {
      HitRow h = hit(first.plus(Duration.ofMinutes(86L * i)).plusMillis(i), "s" + i, Traffic.HUMAN);
      hits.add(h);
      conversions.add(sale(h, "o" + i, "0.000001"));
    }
    deliver(hits.toArray(HitRow[]::new));
    assertThat(store.record(conversions)).hasSize(Conversion.MAX_BATCH).containsOnly(STORED);
    assertThat(count()).isEqualTo(Conversion.MAX_BATCH);
    assertThat(stores.stats().summary(StatsQuery.of(first, NOW)).revenue())
        .isEqualTo(new Revenue(1000, Map.of("EUR", new BigDecimal("0.001"))));
    List<Conversion> tooMany = new ArrayList<>(conversions);
    tooMany.add(lead(hits.get(0).hitId()));
    assertThatThrownBy(() -> store.record(tooMany)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 1000");
  }

  @Test
  void record_valuesKeepSixDecimals_upToTheLargest() throws Exception {
    HitRow h = hit(NOW.minus(Duration.ofHours(5)), "s", Traffic.HUMAN);
    deliver(h);
    assertThat(store.record(List.of(sale(h, "1", "1234567.891234"), sale(h, "2", "1000000000000"),
        sale(h, "3", "1000000000000"), sale(h, "4", "0.10")))).containsOnly(STORED);
    assertThat(stores.stats().summary(StatsQuery.of(NOW.minus(Duration.ofDays(1)), NOW)).revenue())
        .isEqualTo(new Revenue(4, Map.of("EUR", new BigDecimal("2000001234567.991234"))));
  }

  @Test
  void stats_funnelConverted_absentUntilTheFirstConversion_andBotsConvertOnlyAsBots() throws Exception {
    HitRow person = hit(NOW.minus(Duration.ofHours(3)), "s", Traffic.HUMAN);
    HitRow bot = hit(NOW.minus(Duration.ofHours(3)).plusMillis(1), "s", Traffic.BOT);
    deliver(person, bot);
    StatsQuery day = StatsQuery.of(NOW.minus(Duration.ofDays(1)), NOW);
    assertThat(stores.stats().funnel(day, Duration.ofDays(7)).converted()).isNull();
    assertThat(stores.stats().summary(day).revenue()).isEqualTo(Revenue.NONE);
    assertThat(store.record(List.of(sale(bot, "b", "3")))).containsExactly(STORED);
    assertThat(stores.stats().funnel(day, Duration.ofDays(7)).converted())
        .isEqualTo(new Funnel.Converted(0, 0.0));
    assertThat(stores.stats().summary(day).revenue()).isEqualTo(Revenue.NONE);
  }

  @Test
  void record_nullList_orNullConversion_isRefused() {
    assertThatThrownBy(() -> store.record(null)).isInstanceOf(NullPointerException.class);
    List<Conversion> withNull = new ArrayList<>();
    withNull.add(null);
    assertThatThrownBy(() -> store.record(withNull)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("conversion 0");
  }
}
