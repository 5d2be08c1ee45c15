package dev.waymark.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waymark.routing.Decision.Kind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {

  static final String IPHONE = AgentClassifierTest.IPHONE_SAFARI;
  static final String ANDROID = AgentClassifierTest.ANDROID_CHROME;
  static final String WINDOWS = AgentClassifierTest.WINDOWS_CHROME;
  static final String WHATSAPP = "WhatsApp/2.23.20.0 A";
  static final String GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
  static final long NOW = Instant.parse("2026-12-07T12:00:00Z").toEpochMilli(); // a Monday, 13:00 in Amsterdam
  static final long VISITOR = 0x5eed_1234_abcdL;
  static final Preview CARD = new Preview("Spring sale", "Up to 50% off", "https://example.com/card.png");

  record TestVisit(String userAgent, String acceptLanguage, String rawQuery, boolean qr, String country,
      long monthlyVisitorId) implements Visit {
    static TestVisit person(String ua) {
      return new TestVisit(ua, "", null, false, "", VISITOR);
    }

    TestVisit language(String header) {
      return new TestVisit(userAgent, header, rawQuery, qr, country, monthlyVisitorId);
    }

    TestVisit query(String raw) {
      return new TestVisit(userAgent, acceptLanguage, raw, qr, country, monthlyVisitorId);
    }

    TestVisit scanned() {
      return new TestVisit(userAgent, acceptLanguage, rawQuery, true, country, monthlyVisitorId);
    }

    TestVisit from(String countryCode) {
      return new TestVisit(userAgent, acceptLanguage, rawQuery, qr, countryCode, monthlyVisitorId);
    }

    TestVisit visitor(long id) {
      return new TestVisit(userAgent, acceptLanguage, rawQuery, qr, country, id);
    }
  }

  /** Counts takes per code against a shared limit, as the real counter's contract says. */
  static final class Counter implements HitCaps {
    final Map<String, Long> taken = new HashMap<>();

    @Override
    public boolean take(String code, long max) {
      long n = taken.getOrDefault(code, 0L);
      if (n >= max) {
        return false;
      }
      taken.put(code, n + 1);
      return true;
    }
  }

  final Counter caps = new Counter();
  final Router router = new Router(caps, new AgentClassifier(1000));

  static RoutingBuilder routing() {
    return new RoutingBuilder();
  }

  /** Routing's members by name, the rest unset. */
  static final class RoutingBuilder {
    List<Variant> variants;
    List<Rule> rules;
    String ios;
    String android;
    Instant activeFrom;
    String fallbackUrl;
    Long maxHits;
    Preview preview;

    RoutingBuilder variants(List<Variant> v) {
      variants = v;
      return this;
    }

    RoutingBuilder rules(List<Rule> r) {
      rules = r;
      return this;
    }

    RoutingBuilder ios(String url) {
      ios = url;
      return this;
    }

    RoutingBuilder android(String url) {
      android = url;
      return this;
    }

    RoutingBuilder activeFrom(Instant at) {
      activeFrom = at;
      return this;
    }

    RoutingBuilder fallbackUrl(String url) {
      fallbackUrl = url;
      return this;
    }

    RoutingBuilder maxHits(Long max) {
      maxHits = max;
      return this;
    }

    RoutingBuilder preview(Preview card) {
      preview = card;
      return this;
    }

    Routing build() {
      return new Routing(variants, rules, ios, android, activeFrom, fallbackUrl, maxHits, preview);
    }
  }

  static Rule rule(String id, When when, String url) {
    return new Rule(id, when, url, null);
  }

  static When os(String... names) {
    return new When(null, List.of(names), null, null, null, null, null, null);
  }

  static When empty() {
    return new When(null, null, null, null, null, null, null, null);
  }

  Decision decide(Routing link, TestVisit visit) {
    return router.decide(null, Routes.compile("link1", link), true, visit, NOW);
  }

  static Decision redirect(String url, String variant, String rule) {
    return new Decision(Kind.REDIRECT, url, variant, rule, null);
  }

  // 1. The window.

  @Test
  void decide_notLive_goneOrFallback() {
    Routes plain = Routes.compile("link1", routing().rules(List.of(rule(null, os("ios"), "https://a"))).build());
    assertThat(router.decide(null, plain, false, TestVisit.person(IPHONE), NOW))
        .isEqualTo(new Decision(Kind.GONE, null, "", "window", null));
    Routes withFallback = Routes.compile("link1", routing().fallbackUrl("https://over").build());
    assertThat(router.decide(null, withFallback, false, TestVisit.person(IPHONE), NOW))
        .isEqualTo(new Decision(Kind.FALLBACK, "https://over", "", "window", null));
  }

  @Test
  void decide_beforeActiveFrom_fallbackEvenForBotsAndUnfurlers() {
    Routes early = Routes.compile("link1", routing().activeFrom(Instant.ofEpochMilli(NOW + 1))
        .fallbackUrl("https://soon").preview(CARD).build());
    Decision soon = new Decision(Kind.FALLBACK, "https://soon", "", "window", null);
    assertThat(router.decide(null, early, true, TestVisit.person(IPHONE), NOW)).isEqualTo(soon);
    assertThat(router.decide(null, early, true, TestVisit.person(WHATSAPP), NOW)).isEqualTo(soon);
    assertThat(router.decide(null, early, true, TestVisit.person(GOOGLEBOT), NOW)).isEqualTo(soon);
    assertThat(router.decide(null, early, true, TestVisit.person(IPHONE), NOW + 1)).isEqualTo(Decision.DEFAULT);
  }

  @Test
  void decide_touchpoint_bothWindowsMustHaveOpened_itsFallbackFirst() {
    Routes link = Routes.compile("link1", routing().activeFrom(Instant.ofEpochMilli(NOW + 10))
        .fallbackUrl("https://link-fallback").build());
    Routes touchpoint = Routes.compile("tp1", routing().activeFrom(Instant.ofEpochMilli(NOW - 10))
        .fallbackUrl("https://poster-fallback").build());
    assertThat(router.decide(touchpoint, link, true, TestVisit.person(IPHONE), NOW))
        .isEqualTo(new Decision(Kind.FALLBACK, "https://poster-fallback", "", "window", null));
    Routes touchpointNoFallback = Routes.compile("tp1", routing().activeFrom(Instant.ofEpochMilli(NOW + 10)).build());
    Routes openLink = Routes.compile("link1", routing().fallbackUrl("https://link-fallback").build());
    assertThat(router.decide(touchpointNoFallback, openLink, true, TestVisit.person(IPHONE), NOW))
        .isEqualTo(new Decision(Kind.FALLBACK, "https://link-fallback", "", "window", null));
    assertThat(router.decide(touchpointNoFallback, openLink, true, TestVisit.person(IPHONE), NOW + 10))
        .isEqualTo(Decision.DEFAULT);
  }

  // 2-4. Previews, bots, the limit.

  @Test
  void decide_unfurlerWithPreview_getsThePreview_elseTheDefault() {
    Routing withCard = routing().preview(CARD).variants(VariantSetTest.variants(1, 1)).build();
    assertThat(decide(withCard, TestVisit.person(WHATSAPP)))
        .isEqualTo(new Decision(Kind.PREVIEW, null, "", "preview", CARD));
    assertThat(decide(withCard, TestVisit.person(GOOGLEBOT))).isEqualTo(Decision.DEFAULT);
    Routing noCard = routing().variants(VariantSetTest.variants(1, 1)).build();
    assertThat(decide(noCard, TestVisit.person(WHATSAPP))).isEqualTo(Decision.DEFAULT);
  }

  @Test
  void decide_touchpointWithoutPreview_usesItsLinks() {
    Routes link = Routes.compile("link1", routing().preview(CARD).build());
    Routes touchpoint = Routes.compile("tp1", routing().ios("https://app").build());
    assertThat(router.decide(touchpoint, link, true, TestVisit.person(WHATSAPP), NOW).preview()).isEqualTo(CARD);
  }

  @Test
  void decide_botsAndUnfurlers_defaultUrl_noRuleNoVariantNeverCounted() {
    Routing r = routing().rules(List.of(rule("all", empty(), "https://rule")))
        .variants(VariantSetTest.variants(1, 1)).maxHits(1L).build();
    for (String ua : List.of(GOOGLEBOT, WHATSAPP, "curl/8.4.0", "")) {
      assertThat(decide(r, TestVisit.person(ua))).as(ua).isEqualTo(Decision.DEFAULT);
    }
    assertThat(caps.taken).isEmpty();
  }

  @Test
  void decide_maxHits_countsPeopleUnderTheCodeThatSetIt_thenFallback() {
    Routing r = routing().maxHits(2L).fallbackUrl("https://sold-out").build();
    assertThat(decide(r, TestVisit.person(IPHONE))).isEqualTo(Decision.DEFAULT);
    assertThat(decide(r, TestVisit.person(ANDROID))).isEqualTo(Decision.DEFAULT);
    assertThat(decide(r, TestVisit.person(WINDOWS)))
        .isEqualTo(new Decision(Kind.FALLBACK, "https://sold-out", "", "limit", null));
    assertThat(caps.taken).containsExactly(Map.entry("link1", 2L));
    // Past the limit bots still get the default: the limit counts and turns away people only.
    assertThat(decide(r, TestVisit.person(GOOGLEBOT))).isEqualTo(Decision.DEFAULT);
  }

  @Test
  void decide_maxHitsWithoutFallback_gone() {
    Routing r = routing().maxHits(1L).build();
    decide(r, TestVisit.person(IPHONE));
    assertThat(decide(r, TestVisit.person(IPHONE))).isEqualTo(new Decision(Kind.GONE, null, "", "limit", null));
  }

  @Test
  void decide_touchpointsOwnMaxHits_countedUnderTheTouchpoint_linksOtherwise() {
    Routes link = Routes.compile("link1", routing().maxHits(100L).build());
    Routes ownLimit = Routes.compile("tp1", routing().maxHits(5L).build());
    Routes noLimit = Routes.compile("tp2", routing().ios("https://app").build());
    router.decide(ownLimit, link, true, TestVisit.person(IPHONE), NOW);
    router.decide(noLimit, link, true, TestVisit.person(IPHONE), NOW);
    assertThat(caps.taken).containsExactlyInAnyOrderEntriesOf(Map.of("tp1", 1L, "link1", 1L));
  }

  // 5. Rules.

  @Test
  void decide_rules_firstMatchWins_idOrIndexRecorded() {
    Routing r = routing().rules(List.of(
        rule(null, os("android"), "https://android-rule"),
        rule("apple", os("ios", "macos"), "https://apple"),
        rule(null, os("ios"), "https://never"))).build();
    assertThat(decide(r, TestVisit.person(IPHONE))).isEqualTo(redirect("https://apple", "", "apple"));
    assertThat(decide(r, TestVisit.person(ANDROID))).isEqualTo(redirect("https://android-rule", "", "0"));
    assertThat(decide(r, TestVisit.person(WINDOWS))).isEqualTo(Decision.DEFAULT);
  }

  @Test
  void decide_shortcuts_comeAfterTheRules() {
    Routing r = routing().ios("https://apps.apple.com/x").android("https://play.google.com/x")
        .rules(List.of(rule(null, new When(null, null, null, List.of("NL"), null, null, null, null), "https://nl")))
        .build();
    assertThat(decide(r, TestVisit.person(IPHONE).from("NL"))).isEqualTo(redirect("https://nl", "", "0"));
    assertThat(decide(r, TestVisit.person(IPHONE).from("BE")))
        .isEqualTo(redirect("https://apps.apple.com/x", "", "ios"));
    assertThat(decide(r, TestVisit.person(ANDROID)))
        .isEqualTo(redirect("https://play.google.com/x", "", "android"));
    assertThat(decide(r, TestVisit.person(WINDOWS))).isEqualTo(Decision.DEFAULT);
  }

  @Test
  void decide_touchpointRules_replaceTheLinks_butTheLinksShortcutsStay() {
    Routes link = Routes.compile("link1", routing().ios("https://app")
        .rules(List.of(rule("linkRule", os("windows"), "https://link-rule"))).build());
    Routes touchpoint = Routes.compile("tp1", routing()
        .rules(List.of(rule("posterRule", os("android"), "https://poster-rule"))).build());
    assertThat(router.decide(touchpoint, link, true, TestVisit.person(WINDOWS), NOW)).isEqualTo(Decision.DEFAULT);
    assertThat(router.decide(touchpoint, link, true, TestVisit.person(ANDROID), NOW).rule()).isEqualTo("posterRule");
    assertThat(router.decide(touchpoint, link, true, TestVisit.person(IPHONE), NOW).rule()).isEqualTo("ios");
  }

  @Test
  void decide_conditions_listsAnyOfKeysAllOf() {
    When nlPhonesScanned = new When(List.of("mobile", "tablet"), null, null, List.of("nl", "BE"), null, true, null, null);
    Routing r = routing().rules(List.of(rule("hit", nlPhonesScanned, "https://hit"))).build();
    assertThat(decide(r, TestVisit.person(IPHONE).from("NL").scanned()).rule()).isEqualTo("hit");
    assertThat(decide(r, TestVisit.person(ANDROID).from("BE").scanned()).rule()).isEqualTo("hit");
    assertThat(decide(r, TestVisit.person(IPHONE).from("NL"))).isEqualTo(Decision.DEFAULT); // not scanned
    assertThat(decide(r, TestVisit.person(IPHONE).from("DE").scanned())).isEqualTo(Decision.DEFAULT);
    assertThat(decide(r, TestVisit.person(WINDOWS).from("NL").scanned())).isEqualTo(Decision.DEFAULT);
    assertThat(decide(r, TestVisit.person(IPHONE).from("").scanned())).isEqualTo(Decision.DEFAULT);
  }

  @Test
  void decide_qrFalse_matchesOnlyWhatWasNotScanned() {
    When notScanned = new When(null, null, null, null, null, false, null, null);
    Routing r = routing().rules(List.of(rule("web", notScanned, "https://web"))).build();
    assertThat(decide(r, TestVisit.person(IPHONE)).rule()).isEqualTo("web");
    assertThat(decide(r, TestVisit.person(IPHONE).scanned())).isEqualTo(Decision.DEFAULT);
  }

  @Test
  void decide_browserLanguageAndQuery() {
    When firefoxDutch = new When(null, null, List.of("firefox", "safari"), null, List.of("nl"), null,
        Map.of("src", "news letter", "ref", "*"), null);
    Routing r = routing().rules(List.of(rule("x", firefoxDutch, "https://x"))).build();
    TestVisit v = TestVisit.person(IPHONE).language("nl-BE,en;q=0.8").query("src=news+letter&ref");
    assertThat(decide(r, v).rule()).isEqualTo("x");
    assertThat(decide(r, v.language("en,nl;q=0.9"))).isEqualTo(Decision.DEFAULT);
    assertThat(decide(r, v.query("src=news+letter"))).isEqualTo(Decision.DEFAULT);
    assertThat(decide(r, v.query(null))).isEqualTo(Decision.DEFAULT);
    assertThat(decide(r, TestVisit.person(ANDROID).language("nl").query("src=news+letter&ref")))
        .isEqualTo(Decision.DEFAULT);
  }

  @Test
  void decide_timeRule_usesTheRedirectsClock() {
    When office = new When(null, null, null, null, null, null, null,
        new TimeWindow("08:00", "18:00", List.of("mon", "tue", "wed", "thu", "fri"), "Europe/Amsterdam"));
    Routing r = routing().rules(List.of(rule("office", office, "https://desk"))).build();
    Routes routes = Routes.compile("link1", r);
    assertThat(router.decide(null, routes, true, TestVisit.person(IPHONE), NOW).rule()).isEqualTo("office");
    assertThat(router.decide(null, routes, true, TestVisit.person(IPHONE), NOW + 6 * 3_600_000L))
        .isEqualTo(Decision.DEFAULT); // 19:00 in Amsterdam
  }

  @Test
  void decide_wordOutsideTheVocabulary_matchesNobody() {
    Routing r = routing().rules(List.of(rule("x", os("symbian"), "https://x"))).build();
    for (String ua : List.of(IPHONE, ANDROID, WINDOWS, "Mozilla/5.0 (compatible)")) {
      assertThat(decide(r, TestVisit.person(ua))).isEqualTo(Decision.DEFAULT);
    }
  }

  // 5-6. Variants.

  @Test
  void decide_ruleWithVariants_assignsAVariant_recordsRuleAndVariant() {
    Rule split = new Rule("split", os("ios"), null, VariantSetTest.variants(1, 1));
    Routing r = routing().rules(List.of(split)).build();
    Decision d = decide(r, TestVisit.person(IPHONE));
    assertThat(d.rule()).isEqualTo("split");
    assertThat(d.variant()).isIn("v0", "v1");
    assertThat(d.url()).isEqualTo("https://example.com/" + d.variant().substring(1));
    assertThat(decide(r, TestVisit.person(IPHONE))).isEqualTo(d);
  }

  @Test
  void decide_ruleWithVariants_noVisitorId_heaviestVariantNotRecorded() {
    Rule split = new Rule("split", os("ios"), null, VariantSetTest.variants(30, 70));
    Routing r = routing().rules(List.of(split)).build();
    assertThat(decide(r, TestVisit.person(IPHONE).visitor(Visit.NO_VISITOR)))
        .isEqualTo(redirect("https://example.com/1", "", "split"));
  }

  @Test
  void decide_linkVariants_noVisitorId_defaultUrl() {
    Routing r = routing().variants(VariantSetTest.variants(30, 70)).build();
    assertThat(decide(r, TestVisit.person(IPHONE).visitor(Visit.NO_VISITOR))).isEqualTo(Decision.DEFAULT);
  }

  @Test
  void decide_linkVariants_weightsHonouredAndSticky() {
    Routing r = routing().variants(VariantSetTest.variants(70, 20, 10)).build();
    Map<String, Integer> counts = new HashMap<>();
    long[] ids = VariantSetTest.visitors(21, VariantSetTest.VISITORS);
    for (long id : ids) {
      Decision d = decide(r, TestVisit.person(IPHONE).visitor(id));
      assertThat(d.rule()).isEmpty();
      counts.merge(d.variant(), 1, Integer::sum);
      assertThat(decide(r, TestVisit.person(ANDROID).visitor(id)).variant()).isEqualTo(d.variant());
    }
    assertThat(counts.get("v0") / 100.0).isBetween(68.0, 72.0);
    assertThat(counts.get("v1") / 100.0).isBetween(18.0, 22.0);
    assertThat(counts.get("v2") / 100.0).isBetween(8.0, 12.0);
  }

  @Test
  void decide_touchpointInheritingVariants_assignsLikeItsLink() {
    Routes link = Routes.compile("link1", routing().variants(VariantSetTest.variants(1, 1, 1)).build());
    Routes poster = Routes.compile("tp1", routing().ios("https://app").build());
    for (long id : VariantSetTest.visitors(5, 200)) {
      TestVisit v = TestVisit.person(WINDOWS).visitor(id);
      assertThat(router.decide(poster, link, true, v, NOW)).isEqualTo(router.decide(null, link, true, v, NOW));
    }
  }

  @Test
  void decide_rulesBeforeVariants() {
    Routing r = routing().rules(List.of(rule("droid", os("android"), "https://droid")))
        .variants(VariantSetTest.variants(1, 1)).build();
    assertThat(decide(r, TestVisit.person(ANDROID))).isEqualTo(redirect("https://droid", "", "droid"));
    assertThat(decide(r, TestVisit.person(IPHONE)).variant()).isIn("v0", "v1");
  }

  @Test
  void decide_touchpointsOwnVariants_assignedByTheTouchpointsCode() {
    Routes link = Routes.compile("link1", routing().variants(VariantSetTest.variants(1, 1)).build());
    Routes poster = Routes.compile("tp1", routing().variants(VariantSetTest.variants(1, 1)).build());
    VariantSet byPoster = VariantSet.of("tp1", VariantSetTest.variants(1, 1), "");
    int differ = 0;
    for (long id : VariantSetTest.visitors(6, 1000)) {
      TestVisit v = TestVisit.person(WINDOWS).visitor(id);
      Decision d = router.decide(poster, link, true, v, NOW);
      assertThat(d).isEqualTo(byPoster.assign(id));
      differ += d.equals(router.decide(null, link, true, v, NOW)) ? 0 : 1;
    }
    assertThat(differ).isBetween(400, 600);
  }

  @Test
  void decide_unfurlerOfACappedLinkWithPreview_getsThePreviewUncounted() {
    Routing r = routing().maxHits(1L).preview(CARD).build();
    assertThat(decide(r, TestVisit.person(WHATSAPP)).kind()).isEqualTo(Kind.PREVIEW);
    assertThat(caps.taken).isEmpty();
  }

  @Test
  void compile_nothingSet_isNull() {
    assertThat(Routes.compile("link1", null)).isNull();
    assertThat(Routes.compile("link1", Routing.NONE)).isNull();
    assertThat(Routes.compile("link1", routing().ios("https://app").build()).code()).isEqualTo("link1");
  }

  @Test
  void decide_fiftyRulesNoneMatching_fallsThroughToTheDefault() {
    List<Rule> rules = new ArrayList<>();
    for (int i = 0; i < Routing.MAX_RULES; i++) {
      rules.add(rule(null, new When(null, null, null, List.of("C" + i), null, null, null, null), "https://" + i));
    }
    assertThat(decide(routing().rules(rules).build(), TestVisit.person(IPHONE).from("NL")))
        .isEqualTo(Decision.DEFAULT);
    assertThat(decide(routing().rules(rules).build(), TestVisit.person(IPHONE).from("C49")))
        .isEqualTo(redirect("https://49", "", "49"));
  }
}
