package dev.waymark.hit.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waymark.hit.Traffic;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The figures docs/analytics.md quotes: how much of the public crawler-user-agents list (vendored,
 * see analytics-sink/scripts/refresh-crawler-agents.sh) the full classifier calls bot or preview,
 * and that every real browser of the labelled corpus stays human.
 */
class CrawlerAgentsTest {

  static final String LIST = "/dev/waymark/hit/enrich/crawler-user-agents/crawler-user-agents.json";

  static UserAgents userAgents;

  @BeforeAll
  static void build() {
    // The sink's own classifier, with a budget that parses every agent of the list.
    userAgents = UserAgents.withoutParseBudget(10_000);
  }

  static List<String> listInstances() throws Exception {
    List<String> out = new ArrayList<>();
    try (InputStream in = CrawlerAgentsTest.class.getResourceAsStream(LIST)) {
      for (JsonNode entry : new ObjectMapper().readTree(in)) {
        for (JsonNode instance : entry.path("instances")) {
          out.add(instance.asText());
        }
      }
    }
    return out;
  }

  @Test
  void classify_crawlerListExamples_atLeast98PercentBotOrPreview() throws Exception {
    List<String> instances = listInstances();
    assertThat(instances).hasSizeGreaterThan(2000);
    List<String> human = new ArrayList<>();
    for (String ua : instances) {
      if (userAgents.classify(ua).traffic() == Traffic.HUMAN) {
        human.add(ua);
      }
    }
    double share = 1.0 - (double) human.size() / instances.size();
    System.out.printf(Locale.ROOT, "crawler-user-agents: %d of %d examples bot or preview (%.1f%%), %d human%n",
        instances.size() - human.size(), instances.size(), share * 100, human.size());
    human.stream().limit(40).forEach(ua -> System.out.println("  still human: " + ua));
    assertThat(share).as("share of the list's examples classified bot or preview").isGreaterThanOrEqualTo(0.98);
  }

  @Test
  void classify_crawlerListExamplesPastTheParseBudget_stillBotOrPreview() throws Exception {
    // A flood of new agents skips the parser: the list alone must still catch its own examples.
    UserAgents noParses = new UserAgents(10, new AtomicLong()::get, 0, 0);
    List<String> instances = listInstances();
    long caught = instances.stream().filter(ua -> noParses.classify(ua).traffic() != Traffic.HUMAN).count();
    System.out.printf(Locale.ROOT, "crawler-user-agents, rules only: %d of %d bot or preview (%.1f%%)%n",
        caught, instances.size(), 100.0 * caught / instances.size());
    assertThat((double) caught / instances.size()).isGreaterThanOrEqualTo(0.98);
  }

  @Test
  void classify_realBrowsersOfTheCorpus_allHuman() throws Exception {
    List<String> wrong = new ArrayList<>();
    int browsers = 0;
    for (UserAgentsTest.Labelled l : UserAgentsTest.corpus()) {
      if (l.traffic().equals("human")) {
        browsers++;
        UserAgentInfo got = userAgents.classify(l.ua());
        if (got.traffic() != Traffic.HUMAN) {
          wrong.add(got.traffic().wireName() + " " + got.botName() + " <- " + l.ua());
        }
      }
    }
    System.out.printf(Locale.ROOT, "browser corpus: %d of %d human%n", browsers - wrong.size(), browsers);
    assertThat(browsers).isGreaterThanOrEqualTo(60);
    assertThat(wrong).as("real browsers taken for bots").isEmpty();
  }
}
