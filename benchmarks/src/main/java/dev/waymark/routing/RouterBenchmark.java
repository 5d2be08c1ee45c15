package dev.waymark.routing;

import dev.waymark.hit.Traffic;
import dev.waymark.hit.enrich.TrafficCheck;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What journey rules add to a redirect on the event loop: {@link Router#decide} for a link with 2
 * variants and 10 rules of which none holds (every rule is tried, then a variant is assigned: the
 * worst realistic case), for one OS rule that holds, and for a link whose only rule is a preview
 * (the floor: one cached classification). The agents repeat, as on a real link, so the classifier
 * answers from its cache; {@code classifyMiss} and {@code trafficCheck} give the cost of an agent
 * seen for the first time. Plain links never call the router.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RouterBenchmark {

  /** Eight agents, a power of two. */
  static final String[] AGENTS = {
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          + "Version/17.5 Mobile/15E148 Safari/604.1",
      "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
          + "Chrome/126.0.6478.122 Mobile Safari/537.36",
      "Mozilla/5.0 (Linux; Android 13; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) "
          + "SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36",
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
          + "Chrome/126.0.0.0 Safari/537.36",
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          + "Version/17.5 Safari/605.1.15",
      "Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0",
      "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          + "Version/17.5 Mobile/15E148 Safari/604.1",
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
          + "Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0"};

  /** A request as the handler's lazy visit would answer it, all facts known up front. */
  record BenchVisit(String userAgent, String acceptLanguage, String rawQuery, boolean qr, String country,
      long monthlyVisitorId) implements Visit {}

  static final int VISITS = 1024; // a power of two

  final AgentClassifier classifier = new AgentClassifier(10_000);
  final Router router = new Router(HitCaps.NONE, classifier);
  final byte[][] agentBytes = new byte[AGENTS.length][];
  final long now = Instant.parse("2026-12-07T12:00:00Z").toEpochMilli(); // Monday 13:00 in Amsterdam
  Routes tenRules;
  Routes osRule;
  Routes previewOnly;
  BenchVisit[] visits;
  String[] unseenAgents;
  int next;

  @Setup
  public void setUp() {
    List<Variant> ab = List.of(new Variant("a", "https://example.com/a", 50),
        new Variant("b", "https://example.com/b", 50));
    // Every rule below fails for every visit, most of them only at their last condition.
    List<Rule> rules = List.of(
        rule(when(null, List.of("windows"), null, List.of("DE"), null, null, null, null)),
        rule(when(List.of("tv", "console"), null, null, null, null, null, null, null)),
        rule(when(null, null, null, List.of("BE", "FR", "LU"), null, null, null, null)),
        rule(when(null, null, null, null, List.of("de", "fr-BE"), null, null, null)),
        rule(when(null, null, null, null, null, true, null, null)),
        rule(when(null, null, null, null, null, null, Map.of("utm_campaign", "winter"), null)),
        rule(when(null, null, null, null, null, null, null,
            new TimeWindow("20:00", "06:00", List.of(), "Europe/Amsterdam"))),
        rule(when(List.of("mobile", "desktop", "tablet"), null, null, List.of("US"), null, null, null, null)),
        rule(when(null, null, null, List.of("NL"), List.of("en"), null, null, null)),
        rule(when(null, null, null, List.of("NL"), List.of("nl"), null, Map.of("ref", "*"), null)));
    tenRules = Routes.compile("Ab3xY9k", new Routing(ab, rules, null, null, null, null, null, null));
    osRule = Routes.compile("Ab3xY9k", new Routing(null,
        List.of(new Rule("apple", when(null, List.of("ios", "macos"), null, null, null, null, null, null),
            "https://apps.apple.com/app/x", null)),
        null, null, null, null, null, null));
    previewOnly = Routes.compile("Ab3xY9k", new Routing(null, null, null, null, null, null, null,
        new Preview("t", "d", null)));
    visits = new BenchVisit[VISITS];
    long s = 42;
    for (int i = 0; i < VISITS; i++) {
      s += 0x9e3779b97f4a7c15L;
      visits[i] = new BenchVisit(AGENTS[i % AGENTS.length], "nl-NL,nl;q=0.9,en-US;q=0.8,en;q=0.7",
          "utm_source=poster&utm_medium=qr", false, "NL", Hashing.fmix64(s));
    }
    for (int i = 0; i < AGENTS.length; i++) {
      agentBytes[i] = AGENTS[i].getBytes(StandardCharsets.ISO_8859_1);
    }
    unseenAgents = new String[VISITS];
    for (int i = 0; i < VISITS; i++) {
      unseenAgents[i] = AGENTS[i % AGENTS.length].replace("Mozilla/5.0", "Mozilla/5." + i);
    }
    check();
  }

  private void check() {
    for (BenchVisit v : visits) {
      if (!router.decide(null, tenRules, true, v, now).rule().isEmpty()
          || router.decide(null, tenRules, true, v, now).variant().isEmpty()) {
        throw new IllegalStateException("a rule held: the benchmark would not measure the worst case");
      }
    }
    if (TrafficCheck.of(AGENTS[0]) != Traffic.HUMAN) {
      throw new IllegalStateException("the agents must be people");
    }
  }

  private static Rule rule(When when) {
    return new Rule(null, when, "https://example.com/rule", null);
  }

  private static When when(List<String> device, List<String> os, List<String> browser, List<String> country,
      List<String> language, Boolean qr, Map<String, String> query, TimeWindow time) {
    return new When(device, os, browser, country, language, qr, query, time);
  }

  private BenchVisit nextVisit() {
    return visits[next++ & (VISITS - 1)];
  }

  @Benchmark
  public Decision twoVariantsTenRulesNoneHolds() {
    return router.decide(null, tenRules, true, nextVisit(), now);
  }

  @Benchmark
  public Decision oneOsRule() {
    return router.decide(null, osRule, true, nextVisit(), now);
  }

  @Benchmark
  public Decision previewOnly() {
    return router.decide(null, previewOnly, true, nextVisit(), now);
  }

  /**
   * A cached agent as a request brings it: a new String each time (Vert.x reads the header into
   * one), so its hash is computed and compared in full; the copy itself is in the allocation.
   */
  @Benchmark
  public Agent classifyHitNewString() {
    return classifier.classify(new String(agentBytes[next++ & (AGENTS.length - 1)], StandardCharsets.ISO_8859_1));
  }

  @Benchmark
  public Agent classifyMiss() {
    return AgentClassifier.parse(unseenAgents[next++ & (VISITS - 1)]);
  }

  @Benchmark
  public Traffic trafficCheck() {
    return TrafficCheck.of(unseenAgents[next++ & (VISITS - 1)]);
  }
}
