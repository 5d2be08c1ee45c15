package dev.waymark.hit.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestFieldsTest {

  @Test
  void referrerHost_urls_keepHostOnly() {
    assertThat(RequestFields.referrerHost("https://www.Example.com:8443/a/b?q=secret#x")).isEqualTo("www.example.com");
    assertThat(RequestFields.referrerHost("http://user:pw@news.ycombinator.com/item?id=1")).isEqualTo("news.ycombinator.com");
    assertThat(RequestFields.referrerHost("https://[2001:db8::1]:443/")).isEqualTo("[2001:db8::1]");
    assertThat(RequestFields.referrerHost("android-app://com.google.android.gm/")).isEqualTo("com.google.android.gm");
    assertThat(RequestFields.referrerHost("https://example.com.")).isEqualTo("example.com");
  }

  @Test
  void referrerHost_nonUrls_areEmpty() {
    assertThat(RequestFields.referrerHost("")).isEmpty();
    assertThat(RequestFields.referrerHost("not a url")).isEmpty();
    assertThat(RequestFields.referrerHost("javascript://alert(1)")).isEmpty();
    assertThat(RequestFields.referrerHost("file:///etc/passwd")).isEmpty();
    assertThat(RequestFields.referrerHost("https://exa mple.com/")).isEmpty();
    assertThat(RequestFields.referrerHost("https://ex\u0000ample.com/")).isEmpty();
    assertThat(RequestFields.referrerHost("https://" + "a".repeat(300) + ".com/")).isEmpty();
    assertThat(RequestFields.referrerHost("https://" + "a".repeat(100_000))).isEmpty();
  }

  @Test
  void language_acceptLanguage_givesPreferredPrimarySubtag() {
    assertThat(RequestFields.language("nl-NL,nl;q=0.9,en-US;q=0.8,en;q=0.7")).isEqualTo("nl");
    assertThat(RequestFields.language("en;q=0.5, de-CH;q=0.9")).isEqualTo("de");
    assertThat(RequestFields.language("*")).isEmpty();
    assertThat(RequestFields.language("x;q=abc,fr")).isEqualTo("fr");
    assertThat(RequestFields.language("")).isEmpty();
    assertThat(RequestFields.language("zh-Hant-TW")).isEqualTo("zh");
  }

  @Test
  void language_absurdHeader_readsOnlyItsStart() {
    String absurd = "de," + "xx-yy;q=0.1,".repeat(100_000);
    assertThat(RequestFields.language(absurd)).isEqualTo("de");
    assertThat(RequestFields.language("\u0000\u0001,en")).isEqualTo("en");
  }

  @Test
  void utm_requestParams_overrideLinkValues() {
    String[] utm = RequestFields.utm(Map.of("source", "poster", "medium", "print", "campaign", "spring"),
        "qr=1&utm_medium=sticker&utm_term=&UTM_CONTENT=a%20b&other=1");
    assertThat(utm).containsExactly("poster", "sticker", "spring", "", "a b");
  }

  @Test
  void utm_hostileQuery_isBoundedAndNeverThrows() {
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      many.append("p").append(i).append("=x&");
    }
    many.append("utm_source=late");
    assertThat(RequestFields.utm(Map.of(), many.toString())[0]).as("past the parameter limit").isEmpty();
    assertThat(RequestFields.utm(Map.of(), "utm_source=%zz%")[0]).isEqualTo("%zz%");
    assertThat(RequestFields.utm(Map.of(), "utm_source=" + "x".repeat(10_000))[0]).hasSize(256);
    assertThat(RequestFields.utm(Map.of(), "utm_source=a%00b%0D%0Ac")[0]).isEqualTo("abc");
    assertThat(RequestFields.utm(null, null)).containsOnly("");
  }

  @Test
  void cleanText_controlCharsSurrogatesAndLength_areHandled() {
    assertThat(CleanText.of("a\u0000b\tc\u0085d", 100)).isEqualTo("abcd");
    assertThat(CleanText.of("x\uD800y", 100)).isEqualTo("xy");
    assertThat(CleanText.of("ab\uD83D\uDE00", 3)).isEqualTo("ab"); // never half an emoji
    assertThat(CleanText.of("ab\uD83D\uDE00", 4)).isEqualTo("ab\uD83D\uDE00");
    assertThat(CleanText.of("  padded  ", 100)).isEqualTo("padded");
    assertThat(CleanText.of(null, 10)).isEmpty();
    assertThat(CleanText.of("\u00c3\u00a9t\u00c3\u00a9 \uFFFD", 100)).isEqualTo("\u00c3\u00a9t\u00c3\u00a9 \uFFFD");
  }
}
