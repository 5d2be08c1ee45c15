package dev.waymark.hit.enrich;

import dev.waymark.hit.Device;
import dev.waymark.hit.Traffic;
import java.util.List;
import java.util.Locale;

/**
 * Our own ordered bot and link-preview rules, then the public crawler-user-agents list, both
 * checked before the UA parser's verdict: the first rule whose marker occurs in the user agent
 * decides. Order matters because unfurlers borrow each other's names (Apple's preview says
 * "facebookexternalhit ... Twitterbot", Telegram says "like TwitterBot"), a parser calls WhatsApp's
 * fetcher a "Mobile App", and the list calls previewers (facebookexternalhit, Slackbot) crawlers:
 * our preview rules come first so a preview stays a preview, with its name.
 */
final class TrafficRules {

  /** A marker is matched case-insensitively; a leading {@code ^} anchors it at the start. */
  record Rule(String marker, Traffic traffic, String name) {}

  /** What the rules decided; {@code null} from {@link #classify} means "ask the parser". */
  record Verdict(Traffic traffic, String name) {}

  static final Verdict EMPTY = new Verdict(Traffic.BOT, "empty user agent");

  private static final List<Rule> RULES = List.of(
      // Link previews (unfurlers): someone shared the link, nobody clicked it yet.
      new Rule("facebookexternalhit/1.1 facebot twitterbot/1.0", Traffic.PREVIEW, "iMessage"),
      new Rule("^whatsapp/", Traffic.PREVIEW, "WhatsApp"),
      new Rule("slackbot-linkexpanding", Traffic.PREVIEW, "Slack"),
      new Rule("slack-imgproxy", Traffic.PREVIEW, "Slack"),
      new Rule("slackbot", Traffic.PREVIEW, "Slack"),
      new Rule("facebookexternalhit", Traffic.PREVIEW, "Facebook"),
      new Rule("facebookcatalog", Traffic.PREVIEW, "Facebook"),
      new Rule("meta-externalagent", Traffic.BOT, "Meta-ExternalAgent"),
      new Rule("telegrambot", Traffic.PREVIEW, "Telegram"),
      new Rule("twitterbot", Traffic.PREVIEW, "Twitter"),
      new Rule("linkedinbot", Traffic.PREVIEW, "LinkedIn"),
      new Rule("discordbot", Traffic.PREVIEW, "Discord"),
      new Rule("skypeuripreview", Traffic.PREVIEW, "Skype/Teams"),
      new Rule("microsoftpreview", Traffic.PREVIEW, "Microsoft Teams"),
      new Rule("pinterestbot", Traffic.PREVIEW, "Pinterest"),
      new Rule("redditbot", Traffic.PREVIEW, "Reddit"),
      new Rule("mastodon/", Traffic.PREVIEW, "Mastodon"),
      new Rule("embedly", Traffic.PREVIEW, "Embedly"),
      new Rule("google-pagerenderer", Traffic.PREVIEW, "Google Page Renderer"),
      new Rule("iframely", Traffic.PREVIEW, "Iframely"),
      // Crawlers by name.
      new Rule("googlebot", Traffic.BOT, "Googlebot"),
      new Rule("adsbot-google", Traffic.BOT, "AdsBot-Google"),
      new Rule("google-inspectiontool", Traffic.BOT, "Google-InspectionTool"),
      new Rule("bingbot", Traffic.BOT, "bingbot"),
      new Rule("bingpreview", Traffic.PREVIEW, "BingPreview"),
      new Rule("applebot", Traffic.BOT, "Applebot"),
      new Rule("yandexbot", Traffic.BOT, "YandexBot"),
      new Rule("yandex.com/bots", Traffic.BOT, "Yandex"),
      new Rule("duckduckbot", Traffic.BOT, "DuckDuckBot"),
      new Rule("baiduspider", Traffic.BOT, "Baiduspider"),
      new Rule("ahrefsbot", Traffic.BOT, "AhrefsBot"),
      new Rule("semrushbot", Traffic.BOT, "SemrushBot"),
      new Rule("mj12bot", Traffic.BOT, "MJ12bot"),
      new Rule("dotbot", Traffic.BOT, "DotBot"),
      new Rule("petalbot", Traffic.BOT, "PetalBot"),
      new Rule("bytespider", Traffic.BOT, "Bytespider"),
      new Rule("amazonbot", Traffic.BOT, "Amazonbot"),
      new Rule("gptbot", Traffic.BOT, "GPTBot"),
      new Rule("chatgpt-user", Traffic.BOT, "ChatGPT-User"),
      new Rule("claudebot", Traffic.BOT, "ClaudeBot"),
      new Rule("ccbot", Traffic.BOT, "CCBot"),
      new Rule("seznambot", Traffic.BOT, "SeznamBot"),
      new Rule("uptimerobot", Traffic.BOT, "UptimeRobot"),
      // Tools and libraries: scripts, not people.
      new Rule("headlesschrome", Traffic.BOT, "HeadlessChrome"),
      new Rule("phantomjs", Traffic.BOT, "PhantomJS"),
      new Rule("^curl/", Traffic.BOT, "curl"),
      new Rule("^wget/", Traffic.BOT, "Wget"),
      new Rule("python-requests", Traffic.BOT, "python-requests"),
      new Rule("python-urllib", Traffic.BOT, "Python-urllib"),
      new Rule("python-httpx", Traffic.BOT, "python-httpx"),
      new Rule("aiohttp", Traffic.BOT, "aiohttp"),
      new Rule("scrapy", Traffic.BOT, "Scrapy"),
      new Rule("go-http-client", Traffic.BOT, "Go-http-client"),
      new Rule("^okhttp/", Traffic.BOT, "okhttp"),
      new Rule("apache-httpclient", Traffic.BOT, "Apache-HttpClient"),
      new Rule("^java/", Traffic.BOT, "Java"),
      new Rule("^java-http-client", Traffic.BOT, "Java-http-client"),
      new Rule("^axios/", Traffic.BOT, "axios"),
      new Rule("node-fetch", Traffic.BOT, "node-fetch"),
      new Rule("^undici", Traffic.BOT, "undici"),
      new Rule("postmanruntime", Traffic.BOT, "PostmanRuntime"),
      new Rule("insomnia", Traffic.BOT, "Insomnia"),
      new Rule("libwww-perl", Traffic.BOT, "libwww-perl"),
      new Rule("^ruby", Traffic.BOT, "Ruby"),
      new Rule("httpie", Traffic.BOT, "HTTPie"),
      new Rule("^php", Traffic.BOT, "PHP"),
      new Rule("^guzzlehttp", Traffic.BOT, "Guzzle"));

  /** Generic words that mark a crawler whose name we do not list; checked after the parser. */
  private static final List<String> GENERIC = List.of("bot", "crawler", "spider", "scraper", "fetcher");

  /**
   * Loaded on first use; {@link UserAgents} touches it in its constructor so the load (tens of
   * milliseconds) happens with the parser's, off the event loop.
   */
  private static final CrawlerPatterns CRAWLERS = CrawlerPatterns.vendored();

  private TrafficRules() {}

  /** Patterns of the crawler list in use, for the start-up log line. */
  static int crawlerPatterns() {
    return CRAWLERS.size();
  }

  /** The first matching rule's verdict, or {@code null} when none matches. */
  static Verdict classify(String userAgent) {
    if (userAgent.isBlank()) {
      return EMPTY;
    }
    String ua = userAgent.toLowerCase(Locale.ROOT);
    for (Rule rule : RULES) {
      String m = rule.marker();
      boolean hit = m.charAt(0) == '^' ? ua.startsWith(m.substring(1)) : ua.contains(m);
      if (hit) {
        return new Verdict(rule.traffic(), rule.name());
      }
    }
    // The list catches what our names miss: Chrome look-alikes with a crawler token, HTTP
    // libraries, monitors. Its patterns are case-sensitive, so it reads the agent as sent.
    CrawlerPatterns.Entry crawler = CRAWLERS.match(userAgent);
    return crawler == null ? null : new Verdict(Traffic.BOT, crawler.name());
  }

  /** The {@code bot_name} of a HEAD request whose user agent alone would pass for a person. */
  static final String HEAD_CHECK = "HEAD link check";

  /**
   * A HEAD request asks whether a link works without following it: a link checker, a prefetcher
   * or a monitor, never a person. Not human, then: a bot named {@link #HEAD_CHECK}, unless the user
   * agent already names a bot or preview, whose name says more and is kept.
   */
  static UserAgentInfo headRequest(UserAgentInfo ua) {
    if (ua.traffic() != Traffic.HUMAN) {
      return ua;
    }
    return new UserAgentInfo(Device.BOT, ua.os(), ua.osVersion(), ua.browser(), ua.browserVersion(),
        Traffic.BOT, HEAD_CHECK);
  }

  /** True when the agent calls itself a bot or crawler in words no listed rule caught. */
  static boolean looksAutomated(String userAgent) {
    String ua = userAgent.toLowerCase(Locale.ROOT);
    for (String word : GENERIC) {
      if (ua.contains(word)) {
        return true;
      }
    }
    return false;
  }
}
