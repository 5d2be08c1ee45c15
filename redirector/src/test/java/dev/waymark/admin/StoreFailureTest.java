package dev.waymark.admin;

import static dev.waymark.admin.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StoreFailureTest {

  static AdminServer server;

  @BeforeAll
  static void start() {
    server = new AdminServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @AfterEach
  void storeBack() {
    server.store.down(false);
  }

  private static void assertUnavailable(HttpResponse<Buffer> r) {
    JsonObject p = assertProblem(r, 503);
    assertThat(p.getString("type")).isEqualTo("https://waymark.dev/problems/unavailable");
    assertThat(p.getString("detail")).isEqualTo("link store unavailable");
    assertThat(r.getHeader("Retry-After")).isEqualTo("1");
  }

  @Test
  void create_storeDown_returns503WithRetryAfter() {
    server.store.down(true);
    assertUnavailable(server.create(new JsonObject().put("url", "https://a.example")));
    assertUnavailable(server.create(new JsonObject().put("url", "https://a.example").put("slug", "down")));
  }

  @Test
  void get_storeDown_returns503WithRetryAfter() {
    server.store.down(true);
    assertUnavailable(server.send(HttpMethod.GET, "/api/v1/links/abc"));
  }

  @Test
  void patch_storeDown_returns503WithRetryAfter() {
    server.store.down(true);
    assertUnavailable(server.sendJson(HttpMethod.PATCH, "/api/v1/links/abc", "{\"campaign\":\"x\"}"));
  }

  @Test
  void delete_storeDown_returns503WithRetryAfter() {
    server.store.down(true);
    assertUnavailable(server.send(HttpMethod.DELETE, "/api/v1/links/abc"));
  }

  @Test
  void list_storeDown_returns503WithRetryAfter() {
    server.store.down(true);
    assertUnavailable(server.send(HttpMethod.GET, "/api/v1/links"));
  }

  @Test
  void create_invalidInputWhileStoreDown_stillReturns400() {
    server.store.down(true);
    Problems.assertInvalid(server.create(new JsonObject().put("url", "ftp://a.example")), "url");
  }

  @Test
  void create_everyGeneratedCodeTaken_returns503AfterRetries() {
    // A generator that always yields the same number yields the same code every time.
    try (AdminServer stuck = new AdminServer(constant())) {
      stuck.createOk(new JsonObject().put("url", "https://a.example"));
      HttpResponse<Buffer> r = stuck.create(new JsonObject().put("url", "https://b.example"));
      JsonObject p = assertProblem(r, 503);
      assertThat(p.getString("detail")).contains("no free code");
      assertThat(r.getHeader("Retry-After")).isEqualTo("1");
    }
  }

  @Test
  void storeCompletingOnForeignThread_answersOnTheEventLoop() {
    java.util.concurrent.ExecutorService foreign = java.util.concurrent.Executors.newSingleThreadExecutor();
    server.store.completeOn(foreign);
    try {
      String code = server.createOk(new JsonObject().put("url", "https://a.example")).bodyAsJsonObject().getString("code");
      assertThat(server.send(HttpMethod.GET, "/api/v1/links/" + code).statusCode()).isEqualTo(200);
      assertThat(server.sendJson(HttpMethod.PATCH, "/api/v1/links/" + code, "{\"channel\":\"sms\"}").statusCode())
          .isEqualTo(200);
      assertThat(server.send(HttpMethod.GET, "/api/v1/links").statusCode()).isEqualTo(200);
      assertProblem(server.send(HttpMethod.GET, "/api/v1/links/missing"), 404);
      server.store.down(true);
      assertUnavailable(server.send(HttpMethod.GET, "/api/v1/links/" + code));
    } finally {
      server.store.completeOn(null);
      foreign.shutdownNow();
    }
  }

  private static RandomGenerator constant() {
    return () -> 0L;
  }
}
