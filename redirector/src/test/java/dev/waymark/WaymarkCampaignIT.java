package dev.waymark;

import static dev.waymark.WaymarkJarIT.KEY;
import static dev.waymark.WaymarkJarIT.authed;
import static dev.waymark.WaymarkJarIT.createLink;
import static dev.waymark.WaymarkJarIT.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A campaign's conversions default through the real admin API and redirects of the jar: it reaches
 * the links of that campaign only, on every instance sharing a Redis within a second, and stops
 * when it is turned off or deleted.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WaymarkCampaignIT {

  private static final String CLICK = "https://shop\\.example/[a-z]+\\?ref=poster&wm_click=[0-9a-f-]{36}";

  @TempDir
  Path tmp;

  @Test
  void redis_campaignDefault_reachesEveryInstanceWithinOneSecond_andOnlyThatCampaignsLinks() throws Exception {
    try (RedisProcess redis = RedisProcess.start();
        WaymarkProcess a = WaymarkProcess.start(tmp.resolve("a"), env(redis)).awaitReady();
        WaymarkProcess b = WaymarkProcess.start(tmp.resolve("b"), env(redis)).awaitReady()) {
      createLinks(a);
      // b caches both links as they are before any default exists.
      assertThat(location(b, "/spring-buy")).isEqualTo("https://shop.example/spring?ref=poster");
      assertThat(location(b, "/autumn-buy")).isEqualTo("https://shop.example/autumn?ref=poster");

      assertThat(putCampaign(a, "spring", "{\"conversions\":true}").statusCode()).isEqualTo(201);
      for (WaymarkProcess w : new WaymarkProcess[] {a, b}) {
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).untilAsserted(() ->
            assertThat(location(w, "/spring-buy")).matches(CLICK));
        assertThat(location(w, "/autumn-buy")).as("another campaign").isEqualTo("https://shop.example/autumn?ref=poster");
      }
      String first = location(b, "/spring-buy");
      assertThat(location(b, "/spring-buy")).as("a new click id per hit").matches(CLICK).isNotEqualTo(first);

      // An instance started now reads the defaults at start: its first redirect already has them.
      try (WaymarkProcess c = WaymarkProcess.start(tmp.resolve("c"), env(redis)).awaitReady()) {
        assertThat(location(c, "/spring-buy")).matches(CLICK);
      }

      assertThat(putCampaign(b, "spring", "{\"conversions\":false}").statusCode()).isEqualTo(200);
      for (WaymarkProcess w : new WaymarkProcess[] {a, b}) {
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).untilAsserted(() ->
            assertThat(location(w, "/spring-buy")).isEqualTo("https://shop.example/spring?ref=poster"));
      }

      assertThat(putCampaign(a, "spring", "{\"conversions\":true}").statusCode()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).untilAsserted(() ->
          assertThat(location(b, "/spring-buy")).matches(CLICK));
      assertThat(send(authed(a.admin("/api/v1/campaigns/spring"), KEY).DELETE()).statusCode()).isEqualTo(204);
      await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).untilAsserted(() ->
          assertThat(location(b, "/spring-buy")).isEqualTo("https://shop.example/spring?ref=poster"));
      assertThat(send(authed(b.admin("/api/v1/campaigns/spring"), KEY)).statusCode()).isEqualTo(404);
    }
  }

  @Test
  void embedded_campaignDefault_turnsOnAndOff_aLinksOwnSettingStays() throws Exception {
    try (WaymarkProcess w = WaymarkProcess.start(tmp.resolve("w"), Map.of("WAYMARK_ADMIN_API_KEY", KEY))
        .awaitReady()) {
      createLinks(w);
      assertThat(createLink(w, KEY, "{\"url\":\"https://shop.example/own?ref=poster\",\"slug\":\"own-buy\","
          + "\"campaign\":\"spring\",\"conversions\":true}").statusCode()).isEqualTo(201);
      assertThat(location(w, "/spring-buy")).isEqualTo("https://shop.example/spring?ref=poster");

      assertThat(putCampaign(w, "spring", "{\"conversions\":true}").statusCode()).isEqualTo(201);
      await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).untilAsserted(() ->
          assertThat(location(w, "/spring-buy")).matches(CLICK));
      assertThat(location(w, "/autumn-buy")).isEqualTo("https://shop.example/autumn?ref=poster");
      // The link view shows the link's own setting, not its campaign's.
      assertThat(send(authed(w.admin("/api/v1/links/spring-buy"), KEY)).body()).contains("\"conversions\":false");

      assertThat(putCampaign(w, "spring", "{\"conversions\":false}").statusCode()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).untilAsserted(() ->
          assertThat(location(w, "/spring-buy")).isEqualTo("https://shop.example/spring?ref=poster"));
      assertThat(location(w, "/own-buy")).as("its own setting, whatever its campaign says").matches(CLICK);
    }
  }

  private static void createLinks(WaymarkProcess w) throws Exception {
    assertThat(createLink(w, KEY, "{\"url\":\"https://shop.example/spring?ref=poster\",\"slug\":\"spring-buy\","
        + "\"campaign\":\"spring\"}").statusCode()).isEqualTo(201);
    assertThat(createLink(w, KEY, "{\"url\":\"https://shop.example/autumn?ref=poster\",\"slug\":\"autumn-buy\","
        + "\"campaign\":\"autumn\"}").statusCode()).isEqualTo(201);
  }

  private static HttpResponse<String> putCampaign(WaymarkProcess w, String name, String body) throws Exception {
    HttpResponse<String> r = send(authed(w.admin("/api/v1/campaigns/" + name), KEY)
        .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)));
    assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
    return r;
  }

  private static String location(WaymarkProcess w, String path) throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(w.pub(path)));
    assertThat(r.statusCode()).as(path).isEqualTo(302);
    return r.headers().firstValue("Location").orElseThrow();
  }

  private static Map<String, String> env(RedisProcess redis) {
    return Map.of("WAYMARK_ADMIN_API_KEY", KEY, "WAYMARK_REDIS_URL", redis.url());
  }
}
