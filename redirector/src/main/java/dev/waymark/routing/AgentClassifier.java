package dev.waymark.routing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.waymark.hit.enrich.TrafficCheck;

/**
 * Classifies user agents for journey rules on the event loop: a bounded cache (keyed by the agent
 * as sent) in front of hand-written token checks and the sink's bot and preview rules
 * ({@link TrafficCheck}), so a repeated agent costs one lookup and a new one a few microseconds,
 * never a parser. Thread-safe; build it where blocking is allowed (it loads the crawler list).
 *
 * <p>Families follow the engine a page runs in: in-app browsers (Instagram, Facebook, WeChat, the
 * Google app) and WebViews count as Chrome on Android and Safari on iOS; Chromium browsers that
 * name themselves (Vivaldi, Yandex, UC, Whale, Silk, MIUI, Huawei, QQ, Opera, Edge, Samsung) are
 * not Chrome. iPadOS Safari in its default desktop mode sends a Mac's agent and cannot be told
 * from one: it is macOS and desktop. Smart TVs and consoles keep the OS their agent names, if one
 * of the vocabulary (Android TV is android, a Tizen or webOS TV none or linux).
 */
public final class AgentClassifier {

  /** Longer agents are classified each time, not cached, so the cache's memory stays bounded. */
  static final int MAX_CACHED_LENGTH = 512;

  private final Cache<String, Agent> cache;

  public AgentClassifier(long maximumSize) {
    this.cache = Caffeine.newBuilder().maximumSize(maximumSize).build();
    TrafficCheck.load();
  }

  public AgentClassifier() {
    this(10_000);
  }

  /** The classification of {@code userAgent} ({@code null} is an empty agent, a bot). */
  public Agent classify(String userAgent) {
    String ua = userAgent == null ? "" : userAgent;
    if (ua.length() > MAX_CACHED_LENGTH) {
      return parse(ua);
    }
    return cache.get(ua, AgentClassifier::parse);
  }

  /** The uncached classification. */
  static Agent parse(String ua) {
    OsFamily os = os(ua);
    return new Agent(device(ua, os), os, browser(ua, os), TrafficCheck.of(ua));
  }

  static OsFamily os(String ua) {
    if (ua.contains("iPhone") || ua.contains("iPad") || ua.contains("iPod")) {
      return OsFamily.IOS;
    }
    if (ua.contains("Windows Phone")) {
      return OsFamily.WINDOWS; // it may also say "Android" to be served mobile pages
    }
    if (ua.contains("Android")) {
      return OsFamily.ANDROID;
    }
    if (ua.contains("CrOS")) {
      return OsFamily.CHROMEOS;
    }
    if (ua.contains("Windows")) {
      return OsFamily.WINDOWS;
    }
    if (ua.contains("Mac OS X") || ua.contains("Macintosh")) {
      return OsFamily.MACOS;
    }
    if (ua.contains("Linux") || ua.contains("X11")) {
      return OsFamily.LINUX;
    }
    return null;
  }

  static DeviceType device(String ua, OsFamily os) {
    if (ua.contains("PlayStation") || ua.contains("Xbox") || ua.contains("Nintendo")) {
      return DeviceType.CONSOLE;
    }
    if (isTv(ua)) {
      return DeviceType.TV;
    }
    if (ua.contains("Watch") || ua.contains("Wear OS") || ua.contains("WearOS")) {
      return DeviceType.WEARABLE;
    }
    if (ua.contains("iPad") || ua.contains("Tablet")) {
      return DeviceType.TABLET;
    }
    if (ua.contains("iPhone") || ua.contains("iPod")) {
      return DeviceType.MOBILE;
    }
    if (os == OsFamily.ANDROID) {
      // Android's rule for browsers: phones say "Mobile", tablets do not.
      return ua.contains("Mobile") ? DeviceType.MOBILE : DeviceType.TABLET;
    }
    if (ua.contains("Mobile") || ua.contains("Windows Phone")) {
      return DeviceType.MOBILE;
    }
    return os == null ? null : DeviceType.DESKTOP;
  }

  private static boolean isTv(String ua) {
    return ua.contains("SmartTV") || ua.contains("SMART-TV") || ua.contains("Smart-TV")
        || ua.contains("SMARTTV") || ua.contains("HbbTV") || ua.contains("Web0S")
        || ua.contains("BRAVIA") || ua.contains("AppleTV") || ua.contains("Apple TV")
        || ua.contains("GoogleTV") || ua.contains("Android TV") || ua.contains("AndroidTV")
        || ua.contains("CrKey") || ua.contains("Roku") || ua.contains(" TV ")
        || ua.contains("; AFT"); // Amazon Fire TV models: AFTS, AFTMM, AFTKA...
  }

  static BrowserFamily browser(String ua, OsFamily os) {
    // Order matters: each of these also says "Chrome" or "Safari".
    if (ua.contains("Edg/") || ua.contains("EdgA/") || ua.contains("EdgiOS/") || ua.contains("Edge/")) {
      return BrowserFamily.EDGE;
    }
    if (ua.contains("OPR/") || ua.contains("Opera") || ua.contains("OPT/") || ua.contains("OPiOS/")) {
      return BrowserFamily.OPERA;
    }
    if (ua.contains("SamsungBrowser/")) {
      return BrowserFamily.SAMSUNG;
    }
    if (ua.contains("Firefox/") || ua.contains("FxiOS/")) {
      return BrowserFamily.FIREFOX;
    }
    if (ua.contains("CriOS/")) {
      return BrowserFamily.CHROME;
    }
    if (os == OsFamily.IOS) {
      // Every iOS browser and in-app view is WebKit; the named ones were caught above.
      return ua.contains("AppleWebKit") ? BrowserFamily.SAFARI : null;
    }
    if (ua.contains("Chrome/")) {
      return otherChromium(ua) ? null : BrowserFamily.CHROME;
    }
    if (ua.contains("Safari/") && !ua.contains("Chromium") && os != OsFamily.ANDROID) {
      return BrowserFamily.SAFARI;
    }
    return null;
  }

  private static boolean otherChromium(String ua) {
    return ua.contains("Vivaldi/") || ua.contains("YaBrowser/") || ua.contains("UCBrowser/")
        || ua.contains("Whale/") || ua.contains("Silk/") || ua.contains("MiuiBrowser/")
        || ua.contains("HuaweiBrowser/") || ua.contains("QQBrowser/") || ua.contains("Chromium/")
        || ua.contains("DuckDuckGo/") || ua.contains("Brave");
  }

  /** Agents in the cache now, for metrics. */
  public long cachedAgents() {
    return cache.estimatedSize();
  }
}
