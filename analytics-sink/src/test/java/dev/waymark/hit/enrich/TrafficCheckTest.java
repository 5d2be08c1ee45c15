package dev.waymark.hit.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waymark.hit.Traffic;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrafficCheckTest {

  @Test
  void of_labelledCorpus_agreesWithTheSinkOnEveryAgent() throws Exception {
    List<String> wrong = new ArrayList<>();
    List<UserAgentsTest.Labelled> corpus = UserAgentsTest.corpus();
    for (UserAgentsTest.Labelled l : corpus) {
      Traffic got = TrafficCheck.of(l.ua());
      if (!got.wireName().equals(l.traffic())) {
        wrong.add(got.wireName() + " (want " + l.traffic() + ") <- " + l.ua());
      }
    }
    assertThat(corpus).hasSizeGreaterThanOrEqualTo(80);
    assertThat(wrong).isEmpty();
  }

  @Test
  void of_unfurlers_arePreviews() {
    assertThat(TrafficCheck.of("WhatsApp/2.23.20.0 A")).isEqualTo(Traffic.PREVIEW);
    assertThat(TrafficCheck.of("Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)"))
        .isEqualTo(Traffic.PREVIEW);
    assertThat(TrafficCheck.of("facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)"))
        .isEqualTo(Traffic.PREVIEW);
    assertThat(TrafficCheck.of("Twitterbot/1.0")).isEqualTo(Traffic.PREVIEW);
    assertThat(TrafficCheck.of("TelegramBot (like TwitterBot)")).isEqualTo(Traffic.PREVIEW);
  }

  @Test
  void of_crawlersToolsAndEmptyAgents_areBots() {
    assertThat(TrafficCheck.of("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"))
        .isEqualTo(Traffic.BOT);
    assertThat(TrafficCheck.of("curl/8.4.0")).isEqualTo(Traffic.BOT);
    assertThat(TrafficCheck.of("SomeUnlistedCrawler/1.0")).isEqualTo(Traffic.BOT);
    assertThat(TrafficCheck.of("")).isEqualTo(Traffic.BOT);
    assertThat(TrafficCheck.of("   ")).isEqualTo(Traffic.BOT);
    assertThat(TrafficCheck.of(null)).isEqualTo(Traffic.BOT);
  }

  @Test
  void of_browsers_areHuman() {
    assertThat(TrafficCheck.of("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 "
        + "(KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1")).isEqualTo(Traffic.HUMAN);
  }

  @Test
  void load_readsTheCrawlerList() {
    assertThat(TrafficCheck.load()).isGreaterThan(100);
  }
}
