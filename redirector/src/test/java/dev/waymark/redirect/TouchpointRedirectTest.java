package dev.waymark.redirect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waymark.hit.HitEvent;
import dev.waymark.journey.Stage;
import dev.waymark.link.Link;
import dev.waymark.link.Medium;
import dev.waymark.touchpoint.Touchpoint;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TouchpointRedirectTest extends RedirectServer {

  @BeforeEach
  void start() {
    start(true);
    put(new Link("spring", "https://shop.example/spring?a=1", "spring-2027", "social", Stage.CONSIDERATION,
        "instagram", List.of(), Map.of("source", "ig"), 307, null, true, NOW, NOW));
    put(new Touchpoint("tp-poster", "spring", "Poster Utrecht CS", "poster", null, "utrecht-cs", Medium.QR,
        null, true, NOW, NOW).toStored());
  }

  @Test
  void redirect_touchpoint_goesToItsLinksDestinationWithTheLinksStatus() {
    HttpResponse<Buffer> r = get("/tp-poster?qr=1&x=2");
    assertThat(r.statusCode()).isEqualTo(307);
    // The link's utm reaches the destination too, after the request's own parameters.
    assertThat(r.getHeader("Location")).isEqualTo("https://shop.example/spring?a=1&x=2&utm_source=ig");
  }

  @Test
  void redirect_touchpoint_hitCarriesBothCodesAndTheTouchpointsCampaignData() {
    get("/tp-poster?qr=1");
    HitEvent hit = lastHit();
    assertThat(hit.code()).isEqualTo("tp-poster");
    assertThat(hit.linkCode()).isEqualTo("spring");
    assertThat(hit.touchpointCode()).isEqualTo("tp-poster");
    assertThat(hit.channel()).isEqualTo("poster");
    assertThat(hit.source()).isEqualTo("utrecht-cs");
    assertThat(hit.stage()).as("falls back to the link's").isEqualTo("consideration");
    assertThat(hit.campaign()).isEqualTo("spring-2027");
    assertThat(hit.linkUtm()).isEqualTo(Map.of("source", "ig"));
    assertThat(hit.qr()).isTrue();
    assertThat(hit.status()).isEqualTo(307);
  }

  @Test
  void redirect_headAndQrValues_hitSaysHeadAndOnlyQrEqualsOneIsAScan() {
    client.head("/spring?qr=1").send().await();
    HitEvent head = lastHit();
    assertThat(head.head()).isTrue();
    assertThat(head.qr()).isTrue();
    recorded.clear();
    get("/spring?qr=0");
    HitEvent get = lastHit();
    assertThat(get.head()).isFalse();
    assertThat(get.qr()).isFalse();
    recorded.clear();
    get("/spring?qr");
    assertThat(lastHit().qr()).isFalse();
  }

  @Test
  void redirect_countryFromTheConfiguredHeaderOnly() {
    client.get("/spring").putHeader("CF-IPCountry", "nl").send().await();
    assertThat(lastHit().country()).isEqualTo("NL"); // upper-cased as read, for rules; the sink checks it
    client.get("/spring").putHeader("X-Country", "DE").send().await();
    assertThat(lastHit().country()).isEmpty();
  }

  @Test
  void redirect_link_hitHasNoTouchpoint() {
    get("/spring");
    HitEvent hit = lastHit();
    assertThat(hit.linkCode()).isEqualTo("spring");
    assertThat(hit.touchpointCode()).isEmpty();
    assertThat(hit.channel()).isEqualTo("social");
  }

  @Test
  void redirect_touchpointOfDisabledLink_returns410AndRecordsBothCodes() {
    Link link = links.get("spring");
    put(new Link(link.code(), link.url(), link.campaign(), link.channel(), link.stage(), link.source(), link.tags(),
        link.utm(), link.redirect(), link.expiresAt(), false, link.createdAt(), NOW));
    assertThat(get("/tp-poster").statusCode()).isEqualTo(410);
    HitEvent hit = lastHit();
    assertThat(hit.status()).isEqualTo(410);
    assertThat(hit.linkCode()).isEqualTo("spring");
    assertThat(hit.touchpointCode()).isEqualTo("tp-poster");
  }

  @Test
  void redirect_disabledTouchpoint_returns410_whileItsLinkAndSiblingsStillRedirect() {
    put(new Touchpoint("tp-flyer", "spring", "Flyer", "flyer", null, null, Medium.QR, null, true, NOW, NOW).toStored());
    Link tp = links.get("tp-poster");
    put(new Link(tp.code(), tp.url(), tp.campaign(), tp.channel(), tp.stage(), tp.source(), tp.tags(), tp.utm(),
        tp.redirect(), tp.expiresAt(), false, tp.createdAt(), NOW, tp.linkCode(), tp.name(), tp.medium(), tp.notes()));

    assertThat(get("/tp-poster?qr=1").statusCode()).isEqualTo(410);
    HitEvent hit = lastHit();
    assertThat(hit.status()).isEqualTo(410);
    assertThat(hit.linkCode()).isEqualTo("spring");
    assertThat(hit.touchpointCode()).isEqualTo("tp-poster");
    assertThat(get("/spring").statusCode()).isEqualTo(307);
    assertThat(get("/tp-flyer").statusCode()).isEqualTo(307);
  }

  @Test
  void redirect_touchpointOfExpiredLink_returns410() {
    Link link = links.get("spring");
    put(new Link(link.code(), link.url(), link.campaign(), link.channel(), link.stage(), link.source(), link.tags(),
        link.utm(), link.redirect(), NOW.minusSeconds(1), true, link.createdAt(), NOW));
    assertThat(get("/tp-poster").statusCode()).isEqualTo(410);
  }

  @Test
  void redirect_touchpointOfDeletedLink_returns410() {
    links.remove("spring");
    listeners.forEach(l -> l.accept("spring"));
    assertThat(get("/tp-poster").statusCode()).isEqualTo(410);
    assertThat(lastHit().touchpointCode()).isEqualTo("tp-poster");
  }

  @Test
  void redirect_touchpointUnderTouchpoint_returns410NeverLoops() {
    put(new Touchpoint("tp-inner", "tp-poster", "inner", "flyer", null, null, null, null, true, NOW, NOW).toStored());
    assertThat(get("/tp-inner").statusCode()).isEqualTo(410);
  }
}
