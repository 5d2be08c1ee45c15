package dev.waymark.hit.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CrawlerPatternsTest {

  static final CrawlerPatterns LIST = CrawlerPatterns.vendored();

  @Test
  void requiredLiterals_skipOptionalGroupedAndClassParts() {
    assertThat(CrawlerPatterns.requiredLiterals("Googlebot\\/")).containsExactly("Googlebot/");
    assertThat(CrawlerPatterns.requiredLiterals("S[eE][mM]rushBot")).containsExactly("rushBot");
    assertThat(CrawlerPatterns.requiredLiterals("(^| )sentry\\/")).containsExactly("sentry/");
    assertThat(CrawlerPatterns.requiredLiterals("Ahrefs(Bot|SiteAudit)")).containsExactly("Ahrefs");
    assertThat(CrawlerPatterns.requiredLiterals("Chirp|gotosocial")).containsExactly("Chirp", "gotosocial");
    assertThat(CrawlerPatterns.requiredLiterals("BlogTraffic\\/\\d\\.\\d+ Feed-Fetcher"))
        .containsExactly(" Feed-Fetcher");
    assertThat(CrawlerPatterns.requiredLiterals("colou?r-checker")).containsExactly("r-checker");
  }

  @Test
  void match_everyExampleAPatternMatches_isFoundDespiteThePrefilter() throws Exception {
    // The literal index must never hide a match the plain regexes would find.
    List<String> missed = new ArrayList<>();
    int checked = 0;
    try (InputStream in = getClass().getResourceAsStream(CrawlerAgentsTest.LIST)) {
      int index = 0;
      for (JsonNode entry : new ObjectMapper().readTree(in)) {
        Pattern pattern = Pattern.compile(entry.path("pattern").asText());
        for (JsonNode instance : entry.path("instances")) {
          String ua = instance.asText();
          if (!CrawlerPatterns.MATCH_BROWSERS.contains(pattern.pattern()) && pattern.matcher(ua).find()) {
            checked++;
            CrawlerPatterns.Entry got = LIST.match(ua);
            if (got == null || got.index() > index) {
              missed.add(entry.path("pattern").asText() + " <- " + ua);
            }
          }
        }
        index++;
      }
    }
    System.out.println("crawler patterns: " + LIST.size() + ", unindexed " + LIST.unindexed()
        + ", examples checked " + checked);
    assertThat(checked).isGreaterThan(2000);
    assertThat(missed).isEmpty();
  }

  @Test
  void match_names_areReadableAndFixed() {
    assertThat(LIST.match("Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)").name())
        .isEqualTo("SemrushBot");
    assertThat(LIST.match("Wget/1.21.4").name()).isEqualToIgnoringCase("Wget");
    assertThat(LIST.match("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        + "Chrome/131.0.0.0 Safari/537.36")).isNull();
  }

  @Test
  void match_informalTiming_printsMicrosPerAgent() throws Exception {
    // Not an assertion: the list's share of a new agent's cost, for the report (the JMH
    // EnrichmentBenchmark measures the whole enrichment, parser included).
    List<String> agents = new ArrayList<>(CrawlerAgentsTest.listInstances());
    for (UserAgentsTest.Labelled l : UserAgentsTest.corpus()) {
      agents.add(l.ua());
    }
    long found = 0;
    long t0 = System.nanoTime();
    for (int round = 0; round < 20; round++) {
      for (String ua : agents) {
        found += LIST.match(ua) == null ? 0 : 1;
      }
    }
    double micros = (System.nanoTime() - t0) / 1000.0 / (20.0 * agents.size());
    System.out.printf(java.util.Locale.ROOT, "crawler patterns: %.2f us/agent over %d agents (%d matches)%n",
        micros, agents.size(), found / 20);
  }
}
