package dev.waymark.hit.enrich;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.waymark.hit.Device;
import dev.waymark.hit.Traffic;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import nl.basjes.parse.useragent.UserAgent;
import nl.basjes.parse.useragent.UserAgentAnalyzer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Classifies user agent strings with Yauaa plus our own preview/bot rules and the
 * crawler-user-agents list, behind a bounded cache keyed by the (cut) UA string: the few thousand
 * distinct agents of real traffic cost a parse once, then a lookup. Thread-safe; building it takes
 * seconds and much heap, so build one per process, off the event loop.
 *
 * <p>New agents are parsed at most {@value #PARSES_PER_SECOND} a second (after a start-up burst of
 * {@value #PARSE_BURST}). Past that, as in a flood of made-up user agents, an agent gets only our
 * own bot and preview rules and the crawler list, with device, OS and browser left unknown, and is
 * not cached: parsing every one would slow the sink thread to a parse a hit, fill the hit queue and
 * lose real hits.
 */
public final class UserAgents {

  private static final Logger LOG = LoggerFactory.getLogger(UserAgents.class);

  /**
   * UAs are cut to this before parsing and caching: real ones stay under 1 KB, and a 10 KB
   * hostile header must neither cost a long parse nor pin 10 KB per cache entry.
   */
  static final int MAX_UA_CHARS = 1024;

  /** New user agents parsed per second at most: about a third of a core at ~0.3 ms a parse. */
  static final int PARSES_PER_SECOND = 1_000;
  /** Parses allowed at once, so a cold cache after a start fills at full speed. */
  static final int PARSE_BURST = 5_000;

  private final UserAgentAnalyzer analyzer;
  private final Cache<String, UserAgentInfo> cache;
  private final LongSupplier nanoTime;
  private final double parsesPerNano;
  private final int parseBurst;
  private final LongAdder unparsed = new LongAdder();
  private double parseTokens;
  private long tokensAt;

  public UserAgents(int cacheSize) {
    this(cacheSize, System::nanoTime, PARSES_PER_SECOND, PARSE_BURST);
  }

  /** One that parses every new agent however many arrive: for benchmarks of the parser itself. */
  public static UserAgents withoutParseBudget(int cacheSize) {
    return new UserAgents(cacheSize, System::nanoTime, Integer.MAX_VALUE, Integer.MAX_VALUE);
  }

  UserAgents(int cacheSize, LongSupplier nanoTime, int parsesPerSecond, int parseBurst) {
    this.nanoTime = nanoTime;
    this.parsesPerNano = parsesPerSecond / 1e9;
    this.parseBurst = parseBurst;
    this.parseTokens = parseBurst;
    this.tokensAt = nanoTime.getAsLong();
    long start = System.nanoTime();
    this.analyzer = UserAgentAnalyzer.newBuilder()
        .hideMatcherLoadStats()
        .withoutCache() // ours holds the small result, not Yauaa's full field map
        .withUserAgentMaxLength(MAX_UA_CHARS)
        .dropTests() // its bundled test cases: about 27 MiB of heap nobody reads here
        .withFields(UserAgent.DEVICE_CLASS, UserAgent.OPERATING_SYSTEM_NAME,
            UserAgent.OPERATING_SYSTEM_VERSION_MAJOR, UserAgent.AGENT_NAME,
            UserAgent.AGENT_VERSION_MAJOR, UserAgent.AGENT_CLASS)
        .immediateInitialization()
        .build();
    this.cache = Caffeine.newBuilder().maximumSize(cacheSize).build();
    int crawlerPatterns = TrafficRules.crawlerPatterns(); // loads the list here, not on a first hit
    LOG.info("event=user_agent_parser_ready parser=yauaa cache_size={} crawler_patterns={} init_ms={}",
        cacheSize, crawlerPatterns, (System.nanoTime() - start) / 1_000_000);
  }

  public UserAgentInfo classify(String rawUserAgent) {
    // Keyed by the header as sent: the common case then costs one map lookup, and the cleaning
    // is paid once per distinct user agent, on a miss. Hostile lengths are cut before they become
    // a key, so no entry pins more than the limit.
    boolean cut = rawUserAgent == null || rawUserAgent.length() > MAX_UA_CHARS;
    String key = cut ? CleanText.of(rawUserAgent, MAX_UA_CHARS) : rawUserAgent;
    UserAgentInfo known = cache.getIfPresent(key);
    if (known != null) {
      return known;
    }
    String ua = cut ? key : CleanText.of(rawUserAgent, MAX_UA_CHARS);
    if (!takeParse()) {
      unparsed.increment();
      return rulesOnly(ua);
    }
    UserAgentInfo parsed = parse(ua);
    cache.put(key, parsed);
    return parsed;
  }

  public long cacheSize() {
    return cache.estimatedSize();
  }

  /** User agents classified by our rules alone because the parse budget was spent. */
  public long unparsed() {
    return unparsed.sum();
  }

  private synchronized boolean takeParse() {
    long now = nanoTime.getAsLong();
    parseTokens = Math.min(parseBurst, parseTokens + (now - tokensAt) * parsesPerNano);
    tokensAt = now;
    if (parseTokens < 1) {
      return false;
    }
    parseTokens--;
    return true;
  }

  /** What our own rules tell without the parser: bots and link previews by name, else unknown. */
  private static UserAgentInfo rulesOnly(String ua) {
    return judged(ua, TrafficRules.classify(ua), Device.UNKNOWN, "", "", "", "");
  }

  private UserAgentInfo parse(String ua) {
    TrafficRules.Verdict rule = TrafficRules.classify(ua);
    if (rule == TrafficRules.EMPTY) {
      return judged(ua, rule, Device.UNKNOWN, "", "", "", ""); // nothing for the parser to read
    }
    UserAgent parsed = analyzer.parse(ua);
    return judged(ua, rule, device(parsed.getValue(UserAgent.DEVICE_CLASS)),
        known(parsed.getValue(UserAgent.OPERATING_SYSTEM_NAME)),
        known(parsed.getValue(UserAgent.OPERATING_SYSTEM_VERSION_MAJOR)),
        known(parsed.getValue(UserAgent.AGENT_NAME)),
        known(parsed.getValue(UserAgent.AGENT_VERSION_MAJOR)));
  }

  /**
   * Human, bot or preview for what is known of an agent: our rule ({@code null} when none
   * matched) decides first, then the parser's device class or a generic bot word. Anything but a
   * human is a bot device.
   */
  private static UserAgentInfo judged(String ua, TrafficRules.Verdict rule, Device device, String os,
      String osVersion, String browser, String browserVersion) {
    Traffic traffic = Traffic.HUMAN;
    String botName = "";
    if (rule != null) {
      traffic = rule.traffic();
      botName = rule.name();
    } else if (device == Device.BOT || TrafficRules.looksAutomated(ua)) {
      traffic = Traffic.BOT;
      botName = browser.isEmpty() ? "unknown bot" : browser;
    }
    return new UserAgentInfo(traffic == Traffic.HUMAN ? device : Device.BOT, os, osVersion, browser,
        browserVersion, traffic, botName);
  }

  private static Device device(String deviceClass) {
    switch (deviceClass) {
      case "Desktop":
        return Device.DESKTOP;
      case "Phone":
      case "Mobile":
        return Device.MOBILE;
      case "Tablet":
      case "eReader":
        return Device.TABLET;
      case "TV":
      case "Set-top box":
        return Device.TV;
      case "Game Console":
      case "Handheld Game Console":
        return Device.CONSOLE;
      case "Watch":
      case "Augmented Reality":
      case "Virtual Reality":
        return Device.WEARABLE;
      case "Robot":
      case "Robot Mobile":
      case "Robot Imitator":
      case "Spy":
      case "Hacker":
        return Device.BOT;
      case "Unknown":
      case "":
        return Device.UNKNOWN;
      default:
        return Device.OTHER;
    }
  }

  /** Yauaa says "Unknown" or "??" for what it cannot tell; the table says "". */
  private static String known(String value) {
    if (value == null || value.equals("??") || value.startsWith("Unknown") || value.equals("Hacker")) {
      return "";
    }
    return CleanText.of(value, 64);
  }
}
