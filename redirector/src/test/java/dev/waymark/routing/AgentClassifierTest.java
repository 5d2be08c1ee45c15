package dev.waymark.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waymark.hit.Traffic;
import org.junit.jupiter.api.Test;

class AgentClassifierTest {

  static final String IPHONE_SAFARI = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 "
      + "(KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1";
  static final String ANDROID_CHROME = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
      + "(KHTML, like Gecko) Chrome/120.0.6099.144 Mobile Safari/537.36";
  static final String WINDOWS_CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
      + "(KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";

  final AgentClassifier classifier = new AgentClassifier(100);

  void assertAgent(String ua, DeviceType device, OsFamily os, BrowserFamily browser, Traffic traffic) {
    assertThat(classifier.classify(ua)).as(ua).isEqualTo(new Agent(device, os, browser, traffic));
  }

  void assertPerson(String ua, DeviceType device, OsFamily os, BrowserFamily browser) {
    assertAgent(ua, device, os, browser, Traffic.HUMAN);
  }

  @Test
  void classify_iPhoneAndIPad_areIosPhoneAndTablet() {
    assertPerson(IPHONE_SAFARI, DeviceType.MOBILE, OsFamily.IOS, BrowserFamily.SAFARI);
    assertPerson("Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        + "Version/16.6 Mobile/15E148 Safari/604.1", DeviceType.TABLET, OsFamily.IOS, BrowserFamily.SAFARI);
    assertPerson("Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        + "CriOS/120.0.6099.119 Mobile/15E148 Safari/604.1", DeviceType.MOBILE, OsFamily.IOS, BrowserFamily.CHROME);
    assertPerson("Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        + "FxiOS/121.0 Mobile/15E148 Safari/605.1.15", DeviceType.MOBILE, OsFamily.IOS, BrowserFamily.FIREFOX);
    assertPerson("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        + "Version/17.0 EdgiOS/120.0.2210.126 Mobile/15E148 Safari/605.1.15",
        DeviceType.MOBILE, OsFamily.IOS, BrowserFamily.EDGE);
  }

  @Test
  void classify_iPadInDesktopMode_isAMac() {
    // iPadOS Safari's default agent is a Mac's, byte for byte: nothing tells them apart.
    assertPerson("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        + "Version/17.2 Safari/605.1.15", DeviceType.DESKTOP, OsFamily.MACOS, BrowserFamily.SAFARI);
  }

  @Test
  void classify_iosInAppBrowsers_areSafari() {
    assertPerson("Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        + "Mobile/15E148 [FBAN/FBIOS;FBDV/iPhone13,2;FBMD/iPhone;FBSN/iOS;FBSV/16.6;FBSS/3;FBID/phone;FBLC/en_US]",
        DeviceType.MOBILE, OsFamily.IOS, BrowserFamily.SAFARI);
  }

  @Test
  void classify_android_phoneWithMobileTabletWithout() {
    assertPerson(ANDROID_CHROME, DeviceType.MOBILE, OsFamily.ANDROID, BrowserFamily.CHROME);
    assertPerson("Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) "
        + "Chrome/120.0.0.0 Safari/537.36", DeviceType.TABLET, OsFamily.ANDROID, BrowserFamily.CHROME);
    assertPerson("Mozilla/5.0 (Android 14; Mobile; rv:121.0) Gecko/121.0 Firefox/121.0",
        DeviceType.MOBILE, OsFamily.ANDROID, BrowserFamily.FIREFOX);
    assertPerson("Mozilla/5.0 (Android 13; Tablet; rv:121.0) Gecko/121.0 Firefox/121.0",
        DeviceType.TABLET, OsFamily.ANDROID, BrowserFamily.FIREFOX);
  }

  @Test
  void classify_samsungInternetAndEdgeAndroid_beforeChrome() {
    assertPerson("Mozilla/5.0 (Linux; Android 13; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) "
        + "SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36",
        DeviceType.MOBILE, OsFamily.ANDROID, BrowserFamily.SAMSUNG);
    assertPerson("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
        + "Chrome/120.0.0.0 Mobile Safari/537.36 EdgA/120.0.2210.115",
        DeviceType.MOBILE, OsFamily.ANDROID, BrowserFamily.EDGE);
  }

  @Test
  void classify_androidWebViewAndInAppBrowsers_areChrome() {
    assertPerson("Mozilla/5.0 (Linux; Android 13; SM-A536B Build/TP1A.220624.014; wv) AppleWebKit/537.36 "
        + "(KHTML, like Gecko) Version/4.0 Chrome/119.0.6045.193 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/443.0.0.29.110;]",
        DeviceType.MOBILE, OsFamily.ANDROID, BrowserFamily.CHROME);
  }

  @Test
  void classify_otherChromiumBrowsers_areNotChrome() {
    assertPerson(WINDOWS_CHROME + " Vivaldi/6.5.3206.48", DeviceType.DESKTOP, OsFamily.WINDOWS, null);
    assertPerson("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        + "Chrome/118.0.0.0 YaBrowser/23.11.0.0 Safari/537.36", DeviceType.DESKTOP, OsFamily.WINDOWS, null);
    assertPerson("Mozilla/5.0 (Linux; U; Android 11; en-US; RMX2185 Build/QP1A.190711.020) AppleWebKit/537.36 "
        + "(KHTML, like Gecko) Version/4.0 Chrome/78.0.3904.108 UCBrowser/13.4.0.1306 Mobile Safari/537.36",
        DeviceType.MOBILE, OsFamily.ANDROID, null);
  }

  @Test
  void classify_desktops() {
    assertPerson(WINDOWS_CHROME, DeviceType.DESKTOP, OsFamily.WINDOWS, BrowserFamily.CHROME);
    assertPerson(WINDOWS_CHROME + " Edg/120.0.2210.91", DeviceType.DESKTOP, OsFamily.WINDOWS, BrowserFamily.EDGE);
    assertPerson("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0",
        DeviceType.DESKTOP, OsFamily.WINDOWS, BrowserFamily.FIREFOX);
    assertPerson(WINDOWS_CHROME.replace("120.0.0.0 Safari", "119.0.0.0 Safari") + " OPR/105.0.0.0",
        DeviceType.DESKTOP, OsFamily.WINDOWS, BrowserFamily.OPERA);
    assertPerson("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
        + "Chrome/120.0.0.0 Safari/537.36", DeviceType.DESKTOP, OsFamily.MACOS, BrowserFamily.CHROME);
    assertPerson("Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
        DeviceType.DESKTOP, OsFamily.LINUX, BrowserFamily.FIREFOX);
    assertPerson("Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) "
        + "Chrome/120.0.0.0 Safari/537.36", DeviceType.DESKTOP, OsFamily.CHROMEOS, BrowserFamily.CHROME);
  }

  @Test
  void classify_tvsConsolesAndWatches() {
    assertPerson("Mozilla/5.0 (SMART-TV; Linux; Tizen 6.0) AppleWebKit/537.36 (KHTML, like Gecko) "
        + "76.0.3809.146/6.0 TV Safari/537.36", DeviceType.TV, OsFamily.LINUX, BrowserFamily.SAFARI);
    assertPerson("Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) "
        + "Chrome/79.0.3945.79 Safari/537.36 WebAppManager", DeviceType.TV, OsFamily.LINUX, BrowserFamily.CHROME);
    assertPerson("Mozilla/5.0 (Linux; Android 9; AFTMM Build/PS7633) AppleWebKit/537.36 (KHTML, like Gecko) "
        + "Chrome/108.0.5359.160 Mobile Safari/537.36", DeviceType.TV, OsFamily.ANDROID, BrowserFamily.CHROME);
    assertPerson("Mozilla/5.0 (PlayStation; PlayStation 5/2.26) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        + "Version/13.0 Safari/605.1.15", DeviceType.CONSOLE, null, BrowserFamily.SAFARI);
    assertPerson("Mozilla/5.0 (Windows NT 10.0; Win64; x64; Xbox; Xbox One) AppleWebKit/537.36 (KHTML, like Gecko) "
        + "Chrome/70.0.3538.102 Safari/537.36 Edge/18.19041", DeviceType.CONSOLE, OsFamily.WINDOWS, BrowserFamily.EDGE);
    assertPerson("Mozilla/5.0 (Nintendo Switch; WifiWebAuthApplet) AppleWebKit/606.4 (KHTML, like Gecko) "
        + "NF/6.0.1.15.4 NintendoBrowser/5.1.0.20393", DeviceType.CONSOLE, null, null);
    assertPerson("Mozilla/5.0 (Linux; Android 11; Wear OS; SM-R890) AppleWebKit/537.36 (KHTML, like Gecko) "
        + "Chrome/110.0.0.0 Mobile Safari/537.36", DeviceType.WEARABLE, OsFamily.ANDROID, BrowserFamily.CHROME);
  }

  @Test
  void classify_unfurlers_arePreviews() {
    for (String ua : new String[] {
        "WhatsApp/2.23.20.0 A",
        "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "Twitterbot/1.0",
        "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
        "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
        "TelegramBot (like TwitterBot)",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_1) AppleWebKit/601.2.4 (KHTML, like Gecko) Version/9.0.1 "
            + "Safari/601.2.4 facebookexternalhit/1.1 Facebot Twitterbot/1.0"}) {
      assertThat(classifier.classify(ua).traffic()).as(ua).isEqualTo(Traffic.PREVIEW);
    }
  }

  @Test
  void classify_crawlersAndTools_areBots() {
    assertThat(classifier.classify("Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 "
        + "(KHTML, like Gecko) Chrome/120.0.6099.129 Mobile Safari/537.36 (compatible; Googlebot/2.1; "
        + "+http://www.google.com/bot.html)").traffic()).isEqualTo(Traffic.BOT);
    assertThat(classifier.classify("curl/8.4.0").traffic()).isEqualTo(Traffic.BOT);
    assertThat(classifier.classify("").traffic()).isEqualTo(Traffic.BOT);
    assertThat(classifier.classify(null).traffic()).isEqualTo(Traffic.BOT);
  }

  @Test
  void classify_repeatedAgent_isServedFromTheCache() {
    Agent first = classifier.classify(IPHONE_SAFARI);
    assertThat(classifier.classify(new String(IPHONE_SAFARI.toCharArray()))).isSameAs(first);
    assertThat(classifier.cachedAgents()).isEqualTo(1);
  }

  @Test
  void classify_overlongAgent_isClassifiedButNotCached() {
    String ua = IPHONE_SAFARI + " " + "x".repeat(AgentClassifier.MAX_CACHED_LENGTH);
    assertThat(classifier.classify(ua).os()).isEqualTo(OsFamily.IOS);
    assertThat(classifier.cachedAgents()).isZero();
  }

  @Test
  void classify_unknownAgent_namesNothingButIsAPerson() {
    assertPerson("Mozilla/5.0 (compatible)", null, null, null);
  }
}
