package dev.waymark.hit.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waymark.hit.Device;
import dev.waymark.hit.Traffic;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class UserAgentsTest {

  // Yauaa takes seconds to build: one for the whole class.
  static UserAgents userAgents;

  @BeforeAll
  static void build() {
    userAgents = new UserAgents(1000);
  }

  record Labelled(String traffic, String botName, String device, String os, String browser, String ua) {}

  static List<Labelled> corpus() throws Exception {
    List<Labelled> list = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        UserAgentsTest.class.getResourceAsStream("/user-agents.tsv"), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t", 6);
        list.add(new Labelled(f[0], f[1], f[2], f[3], f[4], f[5]));
      }
    }
    return list;
  }

  @Test
  void classify_labelledCorpus_everyAgentGetsItsLabel() throws Exception {
    List<Labelled> corpus = corpus();
    assertThat(corpus).hasSizeGreaterThanOrEqualTo(80);
    List<String> wrong = new ArrayList<>();
    for (Labelled l : corpus) {
      UserAgentInfo got = userAgents.classify(l.ua());
      boolean ok = got.traffic().wireName().equals(l.traffic())
          && (l.botName().equals("*") ? !got.botName().isEmpty()
              : got.botName().equals(l.botName().equals("-") ? "" : l.botName()))
          && got.device().wireName().equals(l.device())
          && (l.os().equals("*") || got.os().equals(l.os()))
          && (l.browser().equals("*") || got.browser().equals(l.browser()));
      if (!ok) {
        wrong.add(String.join("\t", got.traffic().wireName(), got.botName(), got.device().wireName(),
            got.os(), got.browser()) + "\t<- " + l.ua());
      }
    }
    assertThat(wrong).as("agents classified differently from their label").isEmpty();
  }

  @Test
  void classify_humanBrowsers_haveOsAndBrowserVersions() throws Exception {
    for (Labelled l : corpus()) {
      if (l.traffic().equals("human") && !l.browser().equals("*")) {
        UserAgentInfo got = userAgents.classify(l.ua());
        assertThat(got.os()).as(l.ua()).isNotEmpty();
        assertThat(got.browserVersion()).as(l.ua()).matches("[0-9]+");
      }
    }
  }

  @Test
  void classify_emptyOrBlank_isBotNamedEmpty() {
    for (String ua : new String[] {"", "   ", "\t", null}) {
      UserAgentInfo got = userAgents.classify(ua);
      assertThat(got.traffic()).isEqualTo(Traffic.BOT);
      assertThat(got.botName()).isEqualTo("empty user agent");
      assertThat(got.device()).isEqualTo(Device.BOT);
    }
  }

  @Test
  void classify_tenKilobyteAgent_isCutAndStillClassified() {
    String huge = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        + "Chrome/120.0.0.0 Safari/537.36 " + "A".repeat(10_240);
    UserAgentInfo got = userAgents.classify(huge);
    assertThat(got.os().length()).isLessThanOrEqualTo(64);
    assertThat(got.browser().length()).isLessThanOrEqualTo(64);
  }

  @Test
  void classify_controlCharsAndNul_neverReachTheResult() {
    UserAgentInfo got = userAgents.classify("curl/8.4.0\u0000\r\nX-Injected: 1");
    assertThat(got.botName()).isEqualTo("curl");
    assertThat(got.toString()).doesNotContain("\u0000", "\r", "\n");
  }

  @Test
  void classify_sameAgentTwice_isCached() {
    String ua = "Mozilla/5.0 (X11; Linux x86_64; rv:99.0) Gecko/20100101 Firefox/99.0 cachetest";
    UserAgentInfo first = userAgents.classify(ua);
    assertThat(userAgents.classify(ua)).isSameAs(first);
  }

  @Test
  void classify_floodOfNewAgentsPastTheParseBudget_getsOurRulesOnlyAndIsNotCached() {
    AtomicLong nanos = new AtomicLong();
    UserAgents budgeted = new UserAgents(1000, nanos::get, 2, 3); // 2 parses a second, 3 at once
    String iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
        + "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
    for (int i = 0; i < 3; i++) {
      assertThat(budgeted.classify("made-up agent " + i).device()).isNotNull();
    }
    assertThat(budgeted.classify("made-up agent 0")).as("cached: costs no parse")
        .isSameAs(budgeted.classify("made-up agent 0"));

    UserAgentInfo unparsed = budgeted.classify(iphone);
    assertThat(unparsed.device()).isEqualTo(Device.UNKNOWN);
    assertThat(unparsed.browser()).isEmpty();
    assertThat(unparsed.traffic()).isEqualTo(Traffic.HUMAN);
    UserAgentInfo curl = budgeted.classify("curl/8.5.0");
    assertThat(curl.traffic()).as("our rules still apply").isEqualTo(Traffic.BOT);
    assertThat(curl.botName()).isEqualTo("curl");
    assertThat(budgeted.classify("SomeCrawler/2.0 (+https://crawl.example)").traffic()).isEqualTo(Traffic.BOT);
    assertThat(budgeted.unparsed()).isEqualTo(3);

    nanos.addAndGet(1_000_000_000L); // a second later: two parses to spend
    UserAgentInfo parsed = budgeted.classify(iphone);
    assertThat(parsed.device()).as("not cached while unparsed").isEqualTo(Device.MOBILE);
    assertThat(parsed.browser()).isEqualTo("Safari");
    assertThat(budgeted.classify(iphone)).isSameAs(parsed);
  }

  @Test
  void classify_informalTiming_printsMicrosPerHit() throws Exception {
    // Not an assertion: a number for the report (uncached = distinct agents, cached = repeats).
    List<Labelled> corpus = corpus();
    UserAgents fresh = new UserAgents(10_000);
    long t0 = System.nanoTime();
    for (Labelled l : corpus) {
      fresh.classify(l.ua());
    }
    long t1 = System.nanoTime();
    int n = 0;
    for (int round = 0; round < 200; round++) {
      for (Labelled l : corpus) {
        fresh.classify(l.ua());
        n++;
      }
    }
    long t2 = System.nanoTime();
    System.out.printf(Locale.ROOT, "user agents: uncached %.1f us/agent, cached %.2f us/hit%n",
        (t1 - t0) / 1000.0 / corpus.size(), (t2 - t1) / 1000.0 / n);
  }
}
