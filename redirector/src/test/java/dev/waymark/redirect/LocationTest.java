package dev.waymark.redirect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LocationTest {

  @Test
  void noQuery_isTheDestination() {
    assertThat(Location.of("https://example.com/a", null)).isEqualTo("https://example.com/a");
    assertThat(Location.of("https://example.com/a", "")).isEqualTo("https://example.com/a");
  }

  @Test
  void query_isAppended() {
    assertThat(Location.of("https://example.com/a", "x=1&y=2")).isEqualTo("https://example.com/a?x=1&y=2");
  }

  @Test
  void query_isMergedWithTheDestinationsOwn() {
    assertThat(Location.of("https://example.com/a?utm_source=poster", "x=1"))
        .isEqualTo("https://example.com/a?utm_source=poster&x=1");
    assertThat(Location.of("https://example.com/a?", "x=1")).isEqualTo("https://example.com/a?x=1");
  }

  @Test
  void query_goesBeforeTheFragment() {
    assertThat(Location.of("https://example.com/a#top", "x=1")).isEqualTo("https://example.com/a?x=1#top");
    assertThat(Location.of("https://example.com/a?b=2#top", "x=1")).isEqualTo("https://example.com/a?b=2&x=1#top");
  }

  @Test
  void qrMarker_isStrippedWhereverItStands() {
    assertThat(Location.of("https://example.com/a", "qr=1")).isEqualTo("https://example.com/a");
    assertThat(Location.of("https://example.com/a", "qr")).isEqualTo("https://example.com/a");
    assertThat(Location.of("https://example.com/a", "qr=0&x=1")).isEqualTo("https://example.com/a?x=1");
    assertThat(Location.of("https://example.com/a", "qr=yes")).isEqualTo("https://example.com/a");
    assertThat(Location.of("https://example.com/a", "x=1&qr=1&y=2")).isEqualTo("https://example.com/a?x=1&y=2");
    assertThat(Location.of("https://example.com/a", "qr=1&y=2")).isEqualTo("https://example.com/a?y=2");
  }

  @Test
  void paramsMerelyStartingWithQr_areKept() {
    assertThat(Location.of("https://example.com/a", "qrx=1&qr_code=2"))
        .isEqualTo("https://example.com/a?qrx=1&qr_code=2");
  }

  @Test
  void emptySegments_areDropped() {
    assertThat(Location.of("https://example.com/a", "&&x=1&&")).isEqualTo("https://example.com/a?x=1");
  }

  @Test
  void unsafeCharacters_arePercentEncoded() {
    assertThat(Location.of("https://example.com/a", "x=<script>\"|\u0001\u00e9"))
        .isEqualTo("https://example.com/a?x=%3Cscript%3E%22%7C%01%E9");
    assertThat(Location.of("https://example.com/a", "x=\u20ac")).isEqualTo("https://example.com/a?x=%EF%BF%BD");
    assertThat(Location.of("https://example.com/a", "x=a#b")).isEqualTo("https://example.com/a?x=a%23b");
  }

  @Test
  void encodedSequences_arePassedThroughAsSent() {
    assertThat(Location.of("https://example.com/a", "q=a%20b%26c")).isEqualTo("https://example.com/a?q=a%20b%26c");
  }

  @Test
  void hasQrMarker_onlyForQrEqualsOne() {
    assertThat(Location.hasQrMarker("qr=1")).isTrue();
    assertThat(Location.hasQrMarker("a=b&qr=1")).isTrue();
    assertThat(Location.hasQrMarker("a=b&qr")).isFalse();
    assertThat(Location.hasQrMarker("qr=0")).isFalse();
    assertThat(Location.hasQrMarker("qr=yes&x=1")).isFalse();
    assertThat(Location.hasQrMarker("qr=10")).isFalse();
    assertThat(Location.hasQrMarker("qrx=1")).isFalse();
    assertThat(Location.hasQrMarker(null)).isFalse();
    assertThat(Location.hasQrMarker("")).isFalse();
  }

  @Test
  void of_cachedUrlView_isWrittenAsItIsOrCopiedWithTheQuery() {
    CharSequence cached = new io.netty.util.AsciiString("https://example.com/a#top");
    assertThat(Location.of(cached, null)).isSameAs(cached);
    assertThat(Location.of(cached, "qr=1")).isSameAs(cached);
    assertThat(Location.of(cached, "x=1")).hasToString("https://example.com/a?x=1#top");
  }

  private static final UUID CLICK = UUID.fromString("0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b");

  @Test
  void click_isAppendedAsTheLastParameter_respectingQueryAndFragment() {
    assertThat(Location.of("https://example.com/a", null, CLICK))
        .hasToString("https://example.com/a?wm_click=" + CLICK);
    assertThat(Location.of("https://example.com/a", "", CLICK)).hasToString("https://example.com/a?wm_click=" + CLICK);
    assertThat(Location.of("https://example.com/a?b=2", "x=1", CLICK))
        .hasToString("https://example.com/a?b=2&x=1&wm_click=" + CLICK);
    assertThat(Location.of("https://example.com/a?", null, CLICK)).hasToString("https://example.com/a?wm_click=" + CLICK);
    assertThat(Location.of("https://example.com/a#top", "qr=1", CLICK))
        .hasToString("https://example.com/a?wm_click=" + CLICK + "#top");
    assertThat(Location.of(new io.netty.util.AsciiString("https://example.com/a?b=2#x?y"), "x=1", CLICK))
        .hasToString("https://example.com/a?b=2&x=1&wm_click=" + CLICK + "#x?y");
  }

  @Test
  void clickFromTheRequest_isDropped_withOrWithoutOurs_evenWithAnEscapedName() {
    assertThat(Location.of("https://example.com/a", "wm_click=forged")).isEqualTo("https://example.com/a");
    assertThat(Location.of("https://example.com/a", "x=1&wm_click&y=2")).isEqualTo("https://example.com/a?x=1&y=2");
    assertThat(Location.of("https://example.com/a", "wm%5Fclick=forged&wm%5fclick=2&%77m_click=3"))
        .isEqualTo("https://example.com/a");
    assertThat(Location.of("https://example.com/a", "wm_click=forged&x=1", CLICK))
        .hasToString("https://example.com/a?x=1&wm_click=" + CLICK);
  }

  @Test
  void paramsMerelyLikeTheClick_areKept() {
    assertThat(Location.of("https://example.com/a", "wm_clicks=1&wm_clic=2&xwm_click=3&wm%255Fclick=4&wm%5=5"))
        .isEqualTo("https://example.com/a?wm_clicks=1&wm_clic=2&xwm_click=3&wm%255Fclick=4&wm%5=5");
  }

  @Test
  void utm_isAppendedInTheUsualOrder_valuesEncoded() {
    Map<String, String> utm = Map.of("campaign", "spring sale", "source", "poster", "medium", "qr&print");
    assertThat(Location.of("https://shop.example/p", null, null, utm).toString())
        .isEqualTo("https://shop.example/p?utm_source=poster&utm_medium=qr%26print&utm_campaign=spring+sale");
  }

  @Test
  void utm_neverOverridesAKeyTheDestinationOrTheRequestSets() {
    Map<String, String> utm = Map.of("source", "poster", "medium", "print", "campaign", "spring");
    assertThat(Location.of("https://shop.example/p?utm_source=own#top", "utm_medium=mail&x=1", null, utm).toString())
        .isEqualTo("https://shop.example/p?utm_source=own&utm_medium=mail&x=1&utm_campaign=spring#top");
    assertThat(Location.of("https://shop.example/p", "utm%5Fcampaign=escaped", null, utm).toString())
        .as("an escaped name is the same key")
        .isEqualTo("https://shop.example/p?utm%5Fcampaign=escaped&utm_source=poster&utm_medium=print");
  }

  @Test
  void utm_comesBeforeTheClickId_andAloneKeepsTheQrMarkerOut() {
    UUID click = UUID.fromString("0190f5c2-0000-7000-8000-000000000001");
    assertThat(Location.of("https://shop.example/p", "qr=1", click, Map.of("source", "poster")).toString())
        .isEqualTo("https://shop.example/p?utm_source=poster&wm_click=" + click);
  }

  @Test
  void noUtmNoClick_isThePlainPath() {
    CharSequence url = "https://shop.example/p";
    assertThat(Location.of(url, null, null, Map.of())).isSameAs(url);
  }
}
