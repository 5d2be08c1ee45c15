package dev.waymark.hit.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waymark.hit.Device;
import dev.waymark.hit.HitEvent;
import dev.waymark.hit.HitIds;
import dev.waymark.hit.HitRow;
import dev.waymark.hit.TestHits;
import dev.waymark.hit.Traffic;
import dev.waymark.journey.Stage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnricherTest {

  static UserAgents userAgents;
  @TempDir Path dir;
  Enricher enricher;
  final UUID batch = UUID.randomUUID();

  @BeforeAll
  static void parser() {
    userAgents = new UserAgents(1000);
  }

  @BeforeEach
  void enricher() {
    enricher = new Enricher(userAgents, new FileSaltStore(dir.resolve("salts")),
        Clock.fixed(Instant.parse("2025-11-23T08:00:05Z"), ZoneOffset.UTC));
  }

  private static HitEvent hit(String ua, String ip, String referrer, String lang, String query) {
    return new HitEvent(HitIds.next(TestHits.T0), TestHits.T0, "tp1", "link1", "tp1", "spring",
        "poster", "consideration", "utrecht-cs", true, 302, ua, referrer, lang, query,
        Map.of("source", "poster", "campaign", "spring"), ip, "B", "nl");
  }

  @Test
  void enrich_variantAndRule_carriedToTheRow_nullRuleEmpty() {
    HitEvent h = hit("curl/8.5.0", "203.0.113.9", "", "", "");
    List<String> rules = new java.util.ArrayList<>();
    for (String rule : new String[] {"2", "vip-nl", "", null, "x".repeat(300)}) {
      HitEvent decided = new HitEvent(h.hitId(), h.timeMillis(), h.code(), h.linkCode(), h.touchpointCode(),
          h.campaign(), h.channel(), h.stage(), h.source(), h.qr(), h.status(), h.userAgent(), h.referrer(),
          h.acceptLanguage(), h.query(), h.linkUtm(), h.clientIp(), "B", h.country(), false, rule);
      var row = enricher.enrich(List.of(decided), batch).get(0);
      assertThat(row.variant()).isEqualTo("B");
      rules.add(row.rule());
    }
    assertThat(rules).containsExactly("2", "vip-nl", "", "", "x".repeat(Enricher.MAX_FIELD_CHARS));
  }

  @Test
  void enrich_country_twoLettersUppercased_anythingElseEmpty() {
    String[][] cases = {{"nl", "NL"}, {"DE", "DE"}, {"XX", ""}, {"T1", ""}, {"NLD", ""}, {"", ""}, {"n\u00e9", ""}};
    for (String[] c : cases) {
      HitEvent h = hit("curl/8.5.0", "203.0.113.9", "", "", "");
      HitEvent withCountry = new HitEvent(h.hitId(), h.timeMillis(), h.code(), h.linkCode(), h.touchpointCode(),
          h.campaign(), h.channel(), h.stage(), h.source(), h.qr(), h.status(), h.userAgent(), h.referrer(),
          h.acceptLanguage(), h.query(), h.linkUtm(), h.clientIp(), h.variant(), c[0]);
      assertThat(enricher.enrich(List.of(withCountry), batch).get(0).country()).as(c[0]).isEqualTo(c[1]);
    }
  }

  @Test
  void enrich_browserHit_fillsEveryColumn() {
    HitRow row = enricher.enrich(List.of(hit(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
        "203.0.113.9", "https://www.instagram.com/p/x", "nl-NL,nl;q=0.9", "utm_source=ig&qr=1")), batch).get(0);
    assertThat(row.ts()).isEqualTo(TestHits.T0 / 1000);
    assertThat(row.batchId()).isEqualTo(batch);
    assertThat(row.linkCode()).isEqualTo("link1");
    assertThat(row.touchpointCode()).isEqualTo("tp1");
    assertThat(row.stage()).isEqualTo(Stage.CONSIDERATION);
    assertThat(row.qr()).isTrue();
    assertThat(row.variant()).isEqualTo("B");
    assertThat(row.country()).isEqualTo("NL");
    assertThat(row.device()).isEqualTo(Device.MOBILE);
    assertThat(row.os()).isEqualTo("iOS");
    assertThat(row.browser()).isEqualTo("Safari");
    assertThat(row.traffic()).isEqualTo(Traffic.HUMAN);
    assertThat(row.referrerHost()).isEqualTo("www.instagram.com");
    assertThat(row.language()).isEqualTo("nl");
    assertThat(row.utmSource()).isEqualTo("ig");
    assertThat(row.utmCampaign()).isEqualTo("spring");
    assertThat(row.visitor()).isNotZero();
    assertThat(row.visitorMonth()).isNotZero().isNotEqualTo(row.visitor());
    assertThat(row.receivedAt()).isEqualTo(Instant.parse("2025-11-23T08:00:05Z").getEpochSecond());
  }

  @Test
  void enrich_rows_neverContainTheClientIp() {
    HitRow row = enricher.enrich(List.of(hit("curl/8.4.0", "198.51.100.77", "", "", "")), batch).get(0);
    assertThat(row.toString()).doesNotContain("198.51.100.77");
  }

  @Test
  void enrich_visitor_sameIpAndUaSameDay_sameId_otherIpOtherId() {
    List<HitRow> rows = enricher.enrich(List.of(
        hit("curl/8.4.0", "198.51.100.1", "", "", ""),
        hit("curl/8.4.0", "198.51.100.1", "", "", ""),
        hit("curl/8.4.0", "198.51.100.2", "", "", "")), batch);
    assertThat(rows.get(0).visitor()).isEqualTo(rows.get(1).visitor()).isNotEqualTo(rows.get(2).visitor());
  }

  @Test
  void enrich_visitor_changesWithTheDailySaltButNotTheMonthly() {
    HitEvent today = hit("curl/8.4.0", "198.51.100.1", "", "", "");
    long nextDayMillis = TestHits.T0 + 86_400_000L;
    HitEvent tomorrow = new HitEvent(today.hitId(), nextDayMillis, "tp1", "link1", "tp1", "", "", "",
        "", false, 302, today.userAgent(), "", "", "", Map.of(), today.clientIp());
    List<HitRow> rows = enricher.enrich(List.of(today, tomorrow), batch);
    assertThat(rows.get(0).visitor()).isNotEqualTo(rows.get(1).visitor());
    assertThat(rows.get(0).visitorMonth()).isEqualTo(rows.get(1).visitorMonth());
  }

  @Test
  void enrich_hostileHits_neverLoseTheOtherRows() {
    List<HitEvent> hits = new ArrayList<>();
    hits.add(hit("x".repeat(10_240), "::1", "\u0000\u0001://\uD800", "a".repeat(100_000), "utm_source=" + "%".repeat(5000)));
    hits.add(new HitEvent(HitIds.next(TestHits.T0), TestHits.T0, null, null, null, null, null, null,
        null, false, -1, null, null, null, null, null, null, null, null));
    hits.add(new HitEvent(null, 0, "", "", "", "", "", "", "", false, 302, "", "", "", "", Map.of(), ""));
    hits.add(hit("curl/8.4.0", "198.51.100.1", "", "", ""));
    List<HitRow> rows = enricher.enrich(hits, batch);
    assertThat(rows).hasSize(3);
    assertThat(rows.get(2).botName()).isEqualTo("curl");
    assertThat(rows.get(1).code()).isEmpty();
    assertThat(rows.get(1).status()).isZero();
    assertThat(enricher.skipped()).isEqualTo(1);
  }

  @Test
  void enrich_saltStoreDown_rowsStillWrittenWithoutVisitor() {
    SaltStore broken = new SaltStore() {
      @Override public byte[] daily(LocalDate day) throws Exception {
        throw new java.io.IOException("disk gone");
      }
      @Override public byte[] monthly(YearMonth month) throws Exception {
        throw new java.io.IOException("disk gone");
      }
    };
    Enricher e = new Enricher(userAgents, broken, Clock.systemUTC());
    List<HitRow> rows = e.enrich(List.of(hit("curl/8.4.0", "198.51.100.1", "", "", "")), batch);
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).visitor()).isZero();
    assertThat(e.degraded()).isEqualTo(1);
  }
}
