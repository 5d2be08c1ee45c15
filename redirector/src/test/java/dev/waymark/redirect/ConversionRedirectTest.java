package dev.waymark.redirect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waymark.hit.HitEvent;
import dev.waymark.link.Link;
import dev.waymark.link.Medium;
import dev.waymark.touchpoint.Touchpoint;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code wm_click} through the real handler: the hit's own id, for links with conversions only. */
class ConversionRedirectTest extends RedirectServer {

  private static final Pattern CLICK = Pattern.compile("[?&]wm_click=([0-9a-f-]{36})(?:&|#|$)");

  @BeforeEach
  void start() {
    start(true);
    putLinks();
  }

  private void putLinks() {
    put(link("shop", "https://shop.example/cart?a=1#pay", true));
    put(link("plain", "https://shop.example/plain", false));
    put(new Touchpoint("tp-shop", "shop", "Poster", "poster", null, null, Medium.QR, null, true, NOW, NOW).toStored());
  }

  private static Link link(String code, String url, boolean conversions) {
    return new Link(code, url, null, null, null, null, List.of(), Map.of(), 302, null, true, NOW, NOW, null, null,
        null, null, conversions);
  }

  private static UUID click(HttpResponse<Buffer> r) {
    assertThat(r.statusCode()).isEqualTo(302);
    Matcher m = CLICK.matcher(r.getHeader("Location"));
    assertThat(m.find()).as(r.getHeader("Location")).isTrue();
    return UUID.fromString(m.group(1));
  }

  @Test
  void redirect_linkWithConversions_appendsTheRecordedHitsId_beforeTheFragment() {
    HttpResponse<Buffer> r = get("/shop?qr=1&ref=flyer");
    UUID click = click(r);
    assertThat(r.getHeader("Location")).isEqualTo("https://shop.example/cart?a=1&ref=flyer&wm_click=" + click + "#pay");
    HitEvent hit = lastHit();
    assertThat(hit.hitId()).isEqualTo(click);
    assertThat(hit.qr()).isTrue();
  }

  @Test
  void redirect_permanentLinkWithConversions_mayNotBeCached_itsClickIsThisHitsAlone() {
    put(new Link("perm", "https://shop.example/p", null, null, null, null, List.of(), Map.of(), 301, null, true, NOW,
        NOW, null, null, null, null, true));
    HttpResponse<Buffer> r = get("/perm");
    assertThat(r.statusCode()).isEqualTo(301);
    assertThat(r.getHeader("Location")).contains("wm_click=");
    assertThat(r.getHeader("Cache-Control")).isEqualTo("private, max-age=0");
    put(new Link("perm", "https://shop.example/p", null, null, null, null, List.of(), Map.of(), 301, null, true, NOW,
        NOW));
    assertThat(get("/perm").getHeader("Cache-Control")).as("without conversions, as before").isNull();
  }

  @Test
  void redirect_eachHitHasItsOwnClick() {
    UUID first = click(get("/shop"));
    UUID second = click(get("/shop"));
    assertThat(first).isNotEqualTo(second);
    await().atMost(Duration.ofSeconds(2)).until(() -> recorded.size() == 2);
    assertThat(recorded.stream().map(HitEvent::hitId)).containsExactly(first, second);
  }

  @Test
  void redirect_touchpoint_followsItsLinksConversions_withItsOwnHitsId() {
    HttpResponse<Buffer> r = get("/tp-shop?qr=1");
    UUID click = click(r);
    HitEvent hit = lastHit();
    assertThat(hit.hitId()).isEqualTo(click);
    assertThat(hit.touchpointCode()).isEqualTo("tp-shop");
  }

  @Test
  void redirect_injectedClick_isDropped_andOnlyTheHitsIdGoesOn() {
    String injected = "01900000-0000-7000-8000-000000000000";
    HttpResponse<Buffer> r = get("/shop?wm_click=" + injected + "&x=1&wm%5Fclick=" + injected);
    UUID click = click(r);
    assertThat(r.getHeader("Location")).isEqualTo("https://shop.example/cart?a=1&x=1&wm_click=" + click + "#pay")
        .doesNotContain(injected);
  }

  @Test
  void redirect_linkWithoutConversions_getsNoClick_andAnInjectedOneIsDroppedStill() {
    HttpResponse<Buffer> r = get("/plain?wm_click=forged&x=1");
    assertThat(r.getHeader("Location")).isEqualTo("https://shop.example/plain?x=1");
    assertThat(get("/plain").getHeader("Location")).isEqualTo("https://shop.example/plain");
  }

  @Test
  void redirect_trackingOff_appendsNothing_thereIsNoHitToAttribute() {
    stop();
    start(false);
    putLinks();
    assertThat(get("/shop?x=1").getHeader("Location")).isEqualTo("https://shop.example/cart?a=1&x=1#pay");
    assertThat(get("/shop?wm_click=forged").getHeader("Location")).isEqualTo("https://shop.example/cart?a=1#pay");
    assertThat(recorded).isEmpty();
  }
}
