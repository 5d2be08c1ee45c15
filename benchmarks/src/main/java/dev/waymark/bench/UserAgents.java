package dev.waymark.bench;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A weighted mix of real User-Agent strings (mobile, desktop, link previews and crawlers), so the
 * server's hit path sees the variety a poster or a shared link brings, not one cached string.
 */
public final class UserAgents {

  /** One User-Agent and how often it is sent, relative to the others. */
  record Weighted(String userAgent, int weight) {}

  static final List<Weighted> MIX = List.of(
      // Mobile: most scans of a QR code come from phones.
      new Weighted("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
          + "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", 25),
      new Weighted("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
          + "Chrome/126.0.6478.122 Mobile Safari/537.36", 18),
      new Weighted("Mozilla/5.0 (Linux; Android 13; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) "
          + "SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36", 8),
      new Weighted("Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
          + "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", 4),
      // Desktop.
      new Weighted("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
          + "Chrome/126.0.0.0 Safari/537.36", 14),
      new Weighted("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 "
          + "(KHTML, like Gecko) Version/17.5 Safari/605.1.15", 8),
      new Weighted("Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0", 5),
      new Weighted("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
          + "Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0", 3),
      // Link previews and crawlers: a shared link is fetched by these before any human clicks.
      new Weighted("WhatsApp/2.24.13.78 A", 4),
      new Weighted("Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)", 2),
      new Weighted("facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", 2),
      new Weighted("Twitterbot/1.0", 1),
      new Weighted("LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)", 1),
      new Weighted("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", 3),
      new Weighted("curl/7.88.1", 2));

  private final String[] table;

  public UserAgents() {
    int total = MIX.stream().mapToInt(Weighted::weight).sum();
    table = new String[total];
    int i = 0;
    for (Weighted w : MIX) {
      for (int k = 0; k < w.weight(); k++) {
        table[i++] = w.userAgent();
      }
    }
  }

  /** A User-Agent drawn with the mix's weights. */
  public String next(RandomGenerator random) {
    return table[random.nextInt(table.length)];
  }
}
