package dev.waymark;

import static dev.waymark.WaymarkJarIT.KEY;
import static dev.waymark.WaymarkJarIT.authed;
import static dev.waymark.WaymarkJarIT.createLink;
import static dev.waymark.WaymarkJarIT.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The audit log through the jar on a real Redis: a change made on one instance is read on another. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WaymarkAuditIT {

  @TempDir
  Path tmp;

  @Test
  void patchOnOneInstance_showsBeforeAndAfterInTheAuditOfAnother() throws Exception {
    try (RedisProcess redis = RedisProcess.start();
        WaymarkProcess a = WaymarkProcess.start(tmp.resolve("a"), env(redis)).awaitReady();
        WaymarkProcess b = WaymarkProcess.start(tmp.resolve("b"), env(redis)).awaitReady()) {
      assertThat(createLink(a, KEY, "{\"url\":\"https://example.com/one\",\"slug\":\"audited\",\"campaign\":\"spring\"}")
          .statusCode()).isEqualTo(201);
      HttpResponse<String> patched = send(authed(a.admin("/api/v1/links/audited"), KEY)
          .header("Content-Type", "application/merge-patch+json")
          .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"campaign\":\"summer\"}")));
      assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);

      HttpResponse<String> audit = send(authed(b.admin("/api/v1/audit?target=link:audited"), KEY));

      assertThat(audit.statusCode()).as(audit.body()).isEqualTo(200);
      JsonArray entries = new JsonObject(audit.body()).getJsonArray("entries");
      assertThat(entries).hasSize(2);
      JsonObject update = entries.getJsonObject(0);
      assertThat(update.getString("action")).isEqualTo("update");
      assertThat(update.getJsonObject("key").getString("name")).isEqualTo("bootstrap");
      assertThat(update.getJsonObject("before").getString("campaign")).isEqualTo("spring");
      assertThat(update.getJsonObject("after")).isEqualTo(new JsonObject(patched.body()));
      assertThat(entries.getJsonObject(1).getString("action")).isEqualTo("create");

      HttpResponse<String> bad = send(authed(b.admin("/api/v1/audit?from=soon"), KEY));
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.body()).contains("from");
    }
  }

  private static Map<String, String> env(RedisProcess redis) {
    return Map.of("WAYMARK_ADMIN_API_KEY", KEY, "WAYMARK_REDIS_URL", redis.url());
  }
}
