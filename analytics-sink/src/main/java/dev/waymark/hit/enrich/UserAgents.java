package dev.waymark.hit.enrich;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.waymark.hit.Device;
import dev.waymark.hit.Traffic;
import java.util.function.Function;
import nl.basjes.parse.useragent.UserAgent;
import nl.basjes.parse.useragent.UserAgentAnalyzer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Classifies user agent strings with Yauaa plus our own preview/bot rules, behind a bounded cache
 * keyed by the (cut) UA string: the few thousand distinct agents of real traffic cost a parse
 * (≈300 µs) once, then a lookup. Thread-safe; building it takes seconds and ≈150 MB, so build one
 * per process, off the event loop.
 */
public final class UserAgents {

  private static final Logger log = LoggerFactory.getLogger(UserAgents.class);

  /**
   * UAs are cut to this before parsing and caching: real ones stay under 1 KB, and a 10 KB
   * hostile header must neither cost a long parse nor pin 10 KB per cache entry.
   */
  static final int MAX_UA_CHARS = 1024;

  private final UserAgentAnalyzer analyzer;
  private final Cache<String, UserAgentInfo> cache;
  /** Made once: a lambda capturing {@code this} at the call would be a new object per hit. */
  private final Function<String, UserAgentInfo> parseRaw =
      raw -> parse(CleanText.of(raw, MAX_UA_CHARS));

  public UserAgents(int cacheSize) {
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
    log.info("event=user_agent_parser_ready parser=yauaa cache_size={} init_ms={}",
        cacheSize, (System.nanoTime() - start) / 1_000_000);
  }

  public UserAgentInfo classify(String rawUserAgent) {
    if (rawUserAgent == null || rawUserAgent.length() > MAX_UA_CHARS) {
      // Hostile lengths are cut before they become a key, so no entry pins more than the limit.
      return cache.get(CleanText.of(rawUserAgent, MAX_UA_CHARS), this::parse);
    }
    // Keyed by the header as sent: the common case then costs one map lookup, and the cleaning
    // is paid once per distinct user agent, on a miss.
    return cache.get(rawUserAgent, parseRaw);
  }

  public long cacheSize() {
    return cache.estimatedSize();
  }

  private UserAgentInfo parse(String ua) {
    TrafficRules.Verdict rule = TrafficRules.classify(ua);
    if (rule == TrafficRules.EMPTY) {
      return new UserAgentInfo(Device.BOT, "", "", "", "", rule.traffic(), rule.name());
    }
    UserAgent parsed = analyzer.parse(ua);
    String deviceClass = parsed.getValue(UserAgent.DEVICE_CLASS);
    Device device = device(deviceClass);
    String os = known(parsed.getValue(UserAgent.OPERATING_SYSTEM_NAME));
    String osVersion = known(parsed.getValue(UserAgent.OPERATING_SYSTEM_VERSION_MAJOR));
    String browser = known(parsed.getValue(UserAgent.AGENT_NAME));
    String browserVersion = known(parsed.getValue(UserAgent.AGENT_VERSION_MAJOR));
    Traffic traffic = Traffic.HUMAN;
    String botName = "";
    if (rule != null) {
      traffic = rule.traffic();
      botName = rule.name();
    } else if (device == Device.BOT || TrafficRules.looksAutomated(ua)) {
      traffic = Traffic.BOT;
      botName = browser.isEmpty() ? "unknown bot" : browser;
    }
    if (traffic != Traffic.HUMAN) {
      device = Device.BOT;
    }
    return new UserAgentInfo(device, os, osVersion, browser, browserVersion, traffic, botName);
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
