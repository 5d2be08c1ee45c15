package dev.waymark.redirect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waymark.hit.HitEvent;
import dev.waymark.hit.enrich.MonthlyVisitorIds;
import dev.waymark.hit.enrich.SaltStore;
import dev.waymark.link.Link;
import dev.waymark.link.Medium;
import dev.waymark.routing.Preview;
import dev.waymark.routing.Routing;
import dev.waymark.routing.Rule;
import dev.waymark.routing.Variant;
import dev.waymark.routing.When;
import dev.waymark.touchpoint.Touchpoint;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Links and touchpoints with journey rules through the real handler: what the router decides
 * becomes the answer (redirect, fallback, 410, preview page) and the hit records it.
 */
class RoutedRedirectTest extends RedirectServer {

  private static final String IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
      + "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
  private static final String WHATSAPP = "WhatsApp/2.24.6.77 A";
  private static final Routing AB = routing(List.of(new Variant("a", "https://shop.example/a", 1),
      new Variant("b", "https://shop.example/b", 1)), List.of(), null, null, null, null);

  private final AtomicInteger taken = new AtomicInteger();

  @BeforeEach
  void start() {
    byte[] salt = new byte[32];
    visitorIds = new MonthlyVisitorIds(new SaltStore() {
      @Override
      public byte[] daily(LocalDate day) {
        return salt;
      }

      @Override
      public byte[] monthly(YearMonth month) {
        return salt;
      }
    });
    visitorIds.refresh(NOW.toEpochMilli());
    caps = (code, max) -> taken.incrementAndGet() <= max;
    start(true);
  }

  private static Routing routing(List<Variant> variants, List<Rule> rules, Instant activeFrom, String fallback,
      Long maxHits, Preview preview) {
    return new Routing(variants, rules, null, null, activeFrom, fallback, maxHits, preview);
  }

  private static Link link(String code, Routing routing, boolean conversions, Map<String, String> utm) {
    return new Link(code, "https://shop.example/" + code, "spring", null, null, null, List.of(), utm, 302, null, true,
        NOW, NOW, null, null, null, null, conversions, routing);
  }

  private HttpResponse<Buffer> get(String uri, String userAgent, String address) {
    return client.get(uri).putHeader("User-Agent", userAgent).putHeader("X-Forwarded-For", address).send().await();
  }

  @Test
  void variants_sendEachVisitorToOne_andTheHitSaysWhich() {
    put(link("ab", AB, false, Map.of()));
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 40; i++) {
      HttpResponse<Buffer> r = get("/ab?x=" + i, IPHONE, "10.0.0." + i);
      assertThat(r.statusCode()).isEqualTo(302);
      String location = r.getHeader("Location");
      assertThat(location).matches("https://shop\\.example/[ab]\\?x=" + i);
      HitEvent hit = lastHit();
      assertThat(hit.variant()).isEqualTo(location.substring(21, 22));
      assertThat(hit.status()).isEqualTo(302);
      seen.add(hit.variant());
      assertThat(get("/ab?x=" + i, IPHONE, "10.0.0." + i).getHeader("Location")).as("the same visitor again")
          .isEqualTo(location);
    }
    assertThat(seen).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void variant_keepsConversionsAndUtm() {
    put(link("shop", AB, true, Map.of("source", "poster")));
    String location = get("/shop", IPHONE, "10.0.0.1").getHeader("Location");
    assertThat(location).matches("https://shop\\.example/[ab]\\?utm_source=poster&wm_click=[0-9a-f-]{36}");
    assertThat(location).endsWith(lastHit().hitId().toString());
  }

  @Test
  void preview_unfurlerGetsTheCard_botsTheDefault_neitherAVariant() {
    put(link("card", routing(AB.variants(), List.of(), null, null, null, new Preview("Spring", "Sale", null)),
        false, Map.of()));
    HttpResponse<Buffer> card = get("/card", WHATSAPP, "10.0.0.1");
    assertThat(card.statusCode()).isEqualTo(200);
    assertThat(card.getHeader("Content-Type")).isEqualTo("text/html; charset=utf-8");
    assertThat(card.bodyAsString()).contains("<meta property=\"og:title\" content=\"Spring\">")
        .contains("href=\"https://shop.example/card\"");
    assertThat(lastHit().status()).isEqualTo(200);
    assertThat(lastHit().variant()).isEmpty();
    assertThat(lastHit().rule()).isEqualTo("preview");

    HttpResponse<Buffer> bot = get("/card", "curl/8.5.0", "10.0.0.2");
    assertThat(bot.getHeader("Location")).isEqualTo("https://shop.example/card");
    assertThat(lastHit().variant()).isEmpty();
  }

  @Test
  void window_beforeItsStart_goesToTheFallback_uncacheable_andWithoutOneIs410() {
    put(link("soon", routing(List.of(), List.of(), NOW.plusSeconds(60), "https://shop.example/soon", null, null),
        false, Map.of()));
    put(link("later", routing(List.of(), List.of(), NOW.plusSeconds(60), null, null, null), false, Map.of()));
    HttpResponse<Buffer> soon = get("/soon?ref=poster", IPHONE, "10.0.0.1");
    assertThat(soon.statusCode()).isEqualTo(302);
    assertThat(soon.getHeader("Location")).isEqualTo("https://shop.example/soon?ref=poster");
    assertThat(soon.getHeader("Cache-Control")).isEqualTo("private, max-age=0");
    assertThat(lastHit().status()).isEqualTo(302);
    assertThat(lastHit().rule()).isEqualTo("window");
    HttpResponse<Buffer> later = get("/later", IPHONE, "10.0.0.1");
    assertThat(later.statusCode()).isEqualTo(410);
    assertThat(later.getHeader("Cache-Control")).isEqualTo("private, max-age=0");
    assertThat(lastHit().status()).isEqualTo(410);
  }

  @Test
  void expired_withAFallback_goesThere_disabled_isGoneWhateverItSays() {
    Routing fallback = routing(List.of(), List.of(), null, "https://shop.example/ended", null, null);
    put(new Link("ended", "https://shop.example/sale", null, null, null, null, List.of(), Map.of(), 302,
        NOW.minusSeconds(1), true, NOW, NOW, null, null, null, null, false, fallback));
    put(new Link("off", "https://shop.example/sale", null, null, null, null, List.of(), Map.of(), 302,
        null, false, NOW, NOW, null, null, null, null, false, fallback));
    assertThat(get("/ended", IPHONE, "10.0.0.1").getHeader("Location")).isEqualTo("https://shop.example/ended");
    assertThat(get("/off", IPHONE, "10.0.0.1").statusCode()).isEqualTo(410);
  }

  @Test
  void limit_pastMaxHits_goesToTheFallback() {
    put(link("prize", routing(List.of(), List.of(), null, "https://shop.example/sold-out", 2L, null), false, Map.of()));
    assertThat(get("/prize", IPHONE, "10.0.0.1").getHeader("Location")).isEqualTo("https://shop.example/prize");
    assertThat(get("/prize", IPHONE, "10.0.0.2").getHeader("Location")).isEqualTo("https://shop.example/prize");
    assertThat(lastHit().rule()).isEmpty();
    assertThat(get("/prize", IPHONE, "10.0.0.3").getHeader("Location")).isEqualTo("https://shop.example/sold-out");
    assertThat(lastHit().rule()).isEqualTo("limit");
  }

  @Test
  void head_isALinkCheck_neitherCountedNorAssigned() {
    put(link("prize", routing(AB.variants(), List.of(), null, "https://shop.example/sold-out", 1L, null), false,
        Map.of()));
    for (int i = 0; i < 3; i++) {
      HttpResponse<Buffer> head = client.head("/prize").putHeader("User-Agent", IPHONE)
          .putHeader("X-Forwarded-For", "10.0.1." + i).send().await();
      assertThat(head.getHeader("Location")).isEqualTo("https://shop.example/prize");
      assertThat(lastHit().variant()).isEmpty();
    }
    assertThat(taken).as("HEADs are not counted").hasValue(0);
    assertThat(get("/prize", IPHONE, "10.0.1.9").getHeader("Location")).matches("https://shop\\.example/[ab]");
  }

  @Test
  void touchpoint_usesItsOwnRules_andItsLinksForTheRest() {
    put(link("spring", AB, false, Map.of()));
    Routing own = routing(List.of(), List.of(new Rule("phones", new When(null, List.of("ios"), null, null, null,
        null, null, null), "https://shop.example/app", null)), null, null, null, null);
    put(new Touchpoint("tp-own", "spring", "Poster", "poster", null, null, Medium.QR, null, true, NOW, NOW, null, own)
        .toStored());
    put(new Touchpoint("tp-plain", "spring", "Flyer", "flyer", null, null, Medium.QR, null, true, NOW, NOW)
        .toStored());
    assertThat(get("/tp-own?qr=1", IPHONE, "10.0.0.1").getHeader("Location")).isEqualTo("https://shop.example/app");
    assertThat(lastHit().touchpointCode()).isEqualTo("tp-own");
    assertThat(lastHit().rule()).isEqualTo("phones");
    assertThat(lastHit().variant()).isEmpty();
    String desktop = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        + "Chrome/124.0.0.0 Safari/537.36";
    assertThat(get("/tp-own", desktop, "10.0.0.1").getHeader("Location")).as("no rule holds: the link's variants")
        .matches("https://shop\\.example/[ab]");
    assertThat(get("/tp-plain", desktop, "10.0.0.1").getHeader("Location")).matches("https://shop\\.example/[ab]");
    assertThat(lastHit().variant()).isNotEmpty();
  }
}
