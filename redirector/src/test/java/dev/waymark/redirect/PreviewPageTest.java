package dev.waymark.redirect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waymark.routing.Preview;
import org.junit.jupiter.api.Test;

class PreviewPageTest {

  @Test
  void page_carriesTheOpenGraphTags_escaped() {
    String html = PreviewPage.of(new Preview("Spring <sale> & \"more\"", "It's on", "https://cdn.example/a.png?x=1&y=2"),
        "https://shop.example/p?a=1&b=2");
    assertThat(html)
        .contains("<meta property=\"og:title\" content=\"Spring &lt;sale&gt; &amp; &quot;more&quot;\">")
        .contains("<meta property=\"og:description\" content=\"It&#39;s on\">")
        .contains("<meta property=\"og:image\" content=\"https://cdn.example/a.png?x=1&amp;y=2\">")
        .contains("<meta name=\"twitter:card\" content=\"summary_large_image\">")
        .contains("<title>Spring &lt;sale&gt; &amp; &quot;more&quot;</title>")
        .contains("<a href=\"https://shop.example/p?a=1&amp;b=2\">")
        .doesNotContain("og:url")
        .doesNotContain("<sale>");
  }

  @Test
  void page_leavesOutWhatIsNotSet() {
    String html = PreviewPage.of(new Preview("Only a title", null, null), "https://shop.example/");
    assertThat(html).contains("og:title").doesNotContain("og:description").doesNotContain("og:image")
        .contains("<meta name=\"twitter:card\" content=\"summary\">");
  }

  @Test
  void escape_leavesPlainTextAlone() {
    String text = "Plain text";
    assertThat(PreviewPage.escape(text)).isSameAs(text);
  }
}
