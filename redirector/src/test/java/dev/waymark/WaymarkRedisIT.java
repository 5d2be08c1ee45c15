package dev.waymark;

import static dev.waymark.WaymarkJarIT.KEY;
import static dev.waymark.WaymarkJarIT.authed;
import static dev.waymark.WaymarkJarIT.createLink;
import static dev.waymark.WaymarkJarIT.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two service processes sharing one real Redis, and one whose Redis goes away. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WaymarkRedisIT {

  @TempDir
  Path tmp;

  @Test
  void twoInstances_adminWriteOnOne_reachesTheOthersCacheWithinOneSecond() throws Exception {
    try (RedisProcess redis = RedisProcess.start();
        WaymarkProcess a = WaymarkProcess.start(tmp.resolve("a"), env(redis)).awaitReady();
        WaymarkProcess b = WaymarkProcess.start(tmp.resolve("b"), env(redis)).awaitReady()) {
      assertThat(createLink(a, KEY, "{\"url\":\"https://example.com/one\",\"slug\":\"shared\"}").statusCode())
          .isEqualTo(201);
      // b caches the link by following it...
      HttpResponse<String> first = send(HttpRequest.newBuilder(b.pub("/shared")));
      assertThat(first.headers().firstValue("Location")).hasValue("https://example.com/one");

      // ...then a changes it; b must see the change within a second.
      HttpResponse<String> patched = send(authed(a.admin("/api/v1/links/shared"), KEY)
          .header("Content-Type", "application/merge-patch+json")
          .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"url\":\"https://example.com/two\"}")));
      assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).untilAsserted(() ->
          assertThat(send(HttpRequest.newBuilder(b.pub("/shared"))).headers().firstValue("Location"))
              .hasValue("https://example.com/two"));

      send(authed(a.admin("/api/v1/links/shared"), KEY)
          .header("Content-Type", "application/json")
          .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"enabled\":false}")));
      await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).untilAsserted(() ->
          assertThat(send(HttpRequest.newBuilder(b.pub("/shared"))).statusCode()).isEqualTo(410));

      send(authed(a.admin("/api/v1/links/shared"), KEY).DELETE());
      await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).untilAsserted(() ->
          assertThat(send(HttpRequest.newBuilder(b.pub("/shared"))).statusCode()).isEqualTo(404));

      // A code b has negatively cached becomes visible as soon as it is created on a.
      assertThat(send(HttpRequest.newBuilder(b.pub("/later"))).statusCode()).isEqualTo(404);
      createLink(a, KEY, "{\"url\":\"https://example.com/later\",\"slug\":\"later\"}");
      await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).untilAsserted(() ->
          assertThat(send(HttpRequest.newBuilder(b.pub("/later"))).statusCode()).isEqualTo(302));
    }
  }

  @Test
  void sameSlugCreatedOnTwoInstancesAtOnce_exactlyOneWins() throws Exception {
    try (RedisProcess redis = RedisProcess.start();
        WaymarkProcess a = WaymarkProcess.start(tmp.resolve("a"), env(redis)).awaitReady();
        WaymarkProcess b = WaymarkProcess.start(tmp.resolve("b"), env(redis)).awaitReady()) {
      for (int round = 0; round < 10; round++) {
        String body = "{\"url\":\"https://example.com/\",\"slug\":\"race" + round + "\"}";
        CompletableFuture<Integer> onA = CompletableFuture.supplyAsync(() -> status(a, body));
        CompletableFuture<Integer> onB = CompletableFuture.supplyAsync(() -> status(b, body));
        assertThat(List.of(onA.get(10, TimeUnit.SECONDS), onB.get(10, TimeUnit.SECONDS)))
            .containsExactlyInAnyOrder(201, 409);
      }
    }
  }

  @Test
  void concurrentPatchesOfOneLinkOnTwoInstances_noneLost_no503() throws Exception {
    List<String> fields = List.of("{\"campaign\":\"c\"}", "{\"channel\":\"flyer\"}", "{\"source\":\"s\"}",
        "{\"stage\":\"loyalty\"}", "{\"tags\":[\"t\"]}", "{\"redirect\":307}",
        "{\"utm\":{\"source\":\"us\"}}", "{\"utm\":{\"medium\":\"um\"}}", "{\"utm\":{\"term\":\"ut\"}}",
        "{\"enabled\":false}");
    try (RedisProcess redis = RedisProcess.start();
        WaymarkProcess a = WaymarkProcess.start(tmp.resolve("a"), env(redis)).awaitReady();
        WaymarkProcess b = WaymarkProcess.start(tmp.resolve("b"), env(redis)).awaitReady()) {
      assertThat(createLink(a, KEY, "{\"url\":\"https://example.com/p\",\"slug\":\"hot\"}").statusCode())
          .isEqualTo(201);
      java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
      List<CompletableFuture<HttpResponse<String>>> patches = new java.util.ArrayList<>();
      for (int round = 0; round < 5; round++) {
        for (String body : fields) {
          WaymarkProcess w = patches.size() % 2 == 0 ? a : b;
          patches.add(client.sendAsync(authed(w.admin("/api/v1/links/hot"), KEY)
              .header("Content-Type", "application/merge-patch+json")
              .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build(),
              HttpResponse.BodyHandlers.ofString()));
        }
      }
      CompletableFuture.allOf(patches.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

      // Contention across instances may answer 409 (the client retries); never 503, never a lost write.
      assertThat(patches).allSatisfy(p -> assertThat(p.join().statusCode()).as(p.join().body()).isIn(200, 409));
      assertThat(patches.stream().filter(p -> p.join().statusCode() == 200).count()).isGreaterThanOrEqualTo(fields.size());
      String link = send(authed(a.admin("/api/v1/links/hot"), KEY)).body();
      assertThat(link).contains("\"campaign\":\"c\"", "\"channel\":\"flyer\"", "\"source\":\"s\"",
          "\"stage\":\"loyalty\"", "\"tags\":[\"t\"]", "\"redirect\":307", "\"source\":\"us\"",
          "\"medium\":\"um\"", "\"term\":\"ut\"", "\"enabled\":false");
      assertThat(send(HttpRequest.newBuilder(b.pub("/hot"))).statusCode()).isEqualTo(410);
    }
  }

  @Test
  void redisDown_cachedLinksKeepRedirecting_uncachedGet503_neverA500() throws Exception {
    RedisProcess redis = RedisProcess.start();
    try (WaymarkProcess w = WaymarkProcess.start(tmp.resolve("w"), env(redis)).awaitReady()) {
      createLink(w, KEY, "{\"url\":\"https://example.com/cached\",\"slug\":\"cached\"}");
      createLink(w, KEY, "{\"url\":\"https://example.com/cold\",\"slug\":\"cold\"}");
      assertThat(send(HttpRequest.newBuilder(w.pub("/cached"))).statusCode()).isEqualTo(302);

      redis.close();

      assertThat(send(HttpRequest.newBuilder(w.pub("/cached"))).statusCode()).isEqualTo(302);
      HttpResponse<String> cold = send(HttpRequest.newBuilder(w.pub("/cold")));
      assertThat(cold.statusCode()).isEqualTo(503);
      assertThat(cold.headers().firstValue("Retry-After")).isPresent();
      HttpResponse<String> ready = send(HttpRequest.newBuilder(w.admin("/health/ready")));
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.body()).contains("\"DEGRADED\"");
      HttpResponse<String> adminRead = send(authed(w.admin("/api/v1/links/cached"), KEY));
      assertThat(adminRead.statusCode()).isEqualTo(503);
      assertThat(adminRead.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(w.terminate(Duration.ofSeconds(10))).isZero();
    } finally {
      redis.close();
    }
  }

  @Test
  void storedRecordsTheRedirectCannotUse_farExpiryRedirects_damagedAnswer500LoggedOnce() throws Exception {
    try (RedisProcess redis = RedisProcess.start();
        WaymarkProcess w = WaymarkProcess.start(tmp.resolve("w"), env(redis)).awaitReady()) {
      RedisClient client = RedisClient.create(redis.url());
      try (var connection = client.connect()) {
        // As a hand (or a bug) wrote them, straight into the store of record.
        String times = ",\"redirect\":302,\"enabled\":true,\"createdAt\":\"2026-01-01T00:00:00Z\","
            + "\"updatedAt\":\"2026-01-01T00:00:00Z\"}";
        connection.sync().set("{waymark}:link:far", "{\"code\":\"far\",\"url\":\"https://example.com/far\","
            + "\"expiresAt\":\"+999999999-12-31T23:59:59Z\"" + times);
        connection.sync().set("{waymark}:link:broken", "{\"code\":\"broken\",\"url\":");
        connection.sync().set("{waymark}:link:copied", "{\"code\":\"elsewhere\",\"url\":\"https://example.com/\"" + times);
        connection.sync().set("{waymark}:link:bad-status", "{\"code\":\"bad-status\",\"url\":\"https://example.com/\""
            + times.replace("302", "399"));
      } finally {
        client.shutdown();
      }

      HttpResponse<String> far = send(HttpRequest.newBuilder(w.pub("/far")));
      assertThat(far.statusCode()).isEqualTo(302);
      assertThat(far.headers().firstValue("Location")).hasValue("https://example.com/far");
      for (int i = 0; i < 3; i++) {
        for (String code : List.of("broken", "copied", "bad-status")) {
          HttpResponse<String> damaged = send(HttpRequest.newBuilder(w.pub("/" + code)));
          assertThat(damaged.statusCode()).as(code).isEqualTo(500);
          assertThat(damaged.headers().firstValue("Retry-After")).as("retrying does not cure it").isEmpty();
        }
      }
      HttpResponse<String> adminRead = send(authed(w.admin("/api/v1/links/broken"), KEY));
      assertThat(adminRead.statusCode()).isEqualTo(500);
      assertThat(adminRead.headers().firstValue("Content-Type")).hasValue("application/problem+json");

      String metrics = send(authed(w.admin("/metrics"), KEY)).body();
      assertThat(WaymarkJarIT.metric(metrics, "waymark_links_unreadable_total")).isEqualTo(3.0);
      assertThat(WaymarkJarIT.metric(metrics, "waymark_redirects_total{status=\"500\"}")).isEqualTo(9.0);
      assertThat(WaymarkJarIT.metric(metrics, "waymark_link_store_errors_total")).isZero();
      String output = w.output();
      for (String code : List.of("broken", "copied", "bad-status")) {
        assertThat(output.split("event=link_unreadable code=" + code + " ", -1)).as(code).hasSize(2);
      }
      assertThat(w.terminate(Duration.ofSeconds(10))).isZero();
    }
  }

  private static Integer status(WaymarkProcess w, String body) {
    try {
      return createLink(w, KEY, body).statusCode();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> env(RedisProcess redis) {
    return Map.of("WAYMARK_ADMIN_API_KEY", KEY, "WAYMARK_REDIS_URL", redis.url());
  }
}
