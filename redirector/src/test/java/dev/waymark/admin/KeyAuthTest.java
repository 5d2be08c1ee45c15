package dev.waymark.admin;

import static dev.waymark.admin.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waymark.key.AuthenticatedKey;
import dev.waymark.key.Scope;
import dev.waymark.problem.ProblemHandler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Named keys at the door of the admin API: which keys get in (401 for wrong, revoked and expired
 * ones, alike), which endpoints each scope reaches (403 naming the missing scope), and that every
 * registered endpoint declares what it needs.
 */
class KeyAuthTest {

  private AdminServer server = new AdminServer();

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<Buffer> get(String uri, String key) {
    return server.request(HttpMethod.GET, uri, key).send().await();
  }

  @Test
  void namedKey_withItsScope_reachesItsEndpoints() {
    String code = server.createOk(new JsonObject().put("url", "https://example.com")).bodyAsJsonObject().getString("code");
    String reader = server.createKey("reader", "links:read").getString("key");
    String writer = server.createKey("writer", "links:write").getString("key");
    String stats = server.createKey("stats", "stats:read").getString("key");

    assertThat(get("/api/v1/links/" + code, reader).statusCode()).isEqualTo(200);
    assertThat(server.request(HttpMethod.POST, "/api/v1/links", writer).putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer("{\"url\":\"https://example.com/w\"}")).await().statusCode()).isEqualTo(201);
    assertThat(get("/metrics", stats).statusCode()).isEqualTo(200);
    assertThat(get("/api/v1/openapi.yaml", stats).statusCode()).as("any valid key reads the spec").isEqualTo(200);
  }

  @Test
  void slowKeyStore_requestBodyWaitsForTheLookup_andIsStillRead() {
    String writer = server.createKey("writer", "links:write").getString("key");
    server.keys.findDelay(100);

    HttpResponse<Buffer> r = server.request(HttpMethod.POST, "/api/v1/links", writer)
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{\"url\":\"https://example.com/s\"}"))
        .await();

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
  }

  @Test
  void keyWithoutTheScope_gets403NamingTheScope() {
    String reader = server.createKey("read only", "links:read").getString("key");

    HttpResponse<Buffer> r = server.request(HttpMethod.POST, "/api/v1/links", reader)
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{\"url\":\"https://example.com\"}"))
        .await();

    JsonObject problem = assertProblem(r, 403);
    assertThat(problem.getString("type")).isEqualTo("https://waymark.dev/problems/forbidden");
    assertThat(problem.getString("detail")).contains("'links:write'").contains("POST /api/v1/links")
        .contains("'read only'");
    assertThat(server.store.size()).as("nothing created").isZero();
    assertProblem(get("/metrics", reader), 403);
    assertThat(get("/metrics", reader).bodyAsJsonObject().getString("detail")).contains("'stats:read'");
    assertThat(get("/api/v1/keys", reader).bodyAsJsonObject().getString("detail")).contains("'keys:admin'");
  }

  @Test
  void keysAdmin_reachesEveryScope() {
    String admin = server.createKey("admin", "keys:admin").getString("key");

    assertThat(get("/api/v1/links", admin).statusCode()).isEqualTo(200);
    assertThat(get("/metrics", admin).statusCode()).isEqualTo(200);
    assertThat(get("/api/v1/keys", admin).statusCode()).isEqualTo(200);
    assertThat(server.request(HttpMethod.POST, "/api/v1/links", admin).putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer("{\"url\":\"https://example.com/a\"}")).await().statusCode()).isEqualTo(201);
  }

  @Test
  void wrongSecret_revokedAndExpiredKeys_getTheSame401AsAnUnknownKey() {
    JsonObject created = server.createKey("soon gone", "links:read");
    String key = created.getString("key");
    String wrongSecret = key.substring(0, key.length() - 4) + (key.endsWith("AAAA") ? "BBBB" : "AAAA");
    JsonObject expiring = new JsonObject(server.sendJson(HttpMethod.POST, "/api/v1/keys",
        "{\"name\":\"expiring\",\"scopes\":[\"links:read\"],\"expiresAt\":\"2026-11-24T11:00:00Z\"}").bodyAsString());
    String expiringKey = expiring.getString("key");
    assertThat(get("/api/v1/links", key).statusCode()).isEqualTo(200);
    assertThat(get("/api/v1/links", expiringKey).statusCode()).isEqualTo(200);

    JsonObject unknown = assertProblem(get("/api/v1/links", "wmk_nosuchkey12_" + "x".repeat(43)), 401);
    assertThat(assertProblem(get("/api/v1/links", wrongSecret), 401)).isEqualTo(unknown);

    server.clock.advance(Duration.ofHours(2));
    HttpResponse<Buffer> expired = get("/api/v1/links", expiringKey);
    assertThat(assertProblem(expired, 401)).isEqualTo(unknown);
    assertThat(expired.getHeader("WWW-Authenticate")).isEqualTo(BearerAuthHandler.CHALLENGE);

    assertThat(server.send(HttpMethod.DELETE, "/api/v1/keys/" + created.getString("id")).statusCode()).isEqualTo(204);
    assertThat(assertProblem(get("/api/v1/links", key), 401)).as("revoked: refused at once here").isEqualTo(unknown);
  }

  @Test
  void keyRevokedElsewhere_stopsWorkingWithinAboutASecond() {
    JsonObject created = server.createKey("other instance revokes it", "links:read");
    String key = created.getString("key");
    assertThat(get("/api/v1/links", key).statusCode()).isEqualTo(200);

    // As another instance would: straight in the store, so this instance's cache is not told.
    server.keys.delete(created.getString("id"));

    await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
        .until(() -> get("/api/v1/links", key).statusCode() == 401);
  }

  @Test
  void lastUse_isRecorded_butWrittenOncePerMinuteNotPerRequest() {
    JsonObject created = server.createKey("busy", "links:read");
    for (int i = 0; i < 20; i++) {
      assertThat(get("/api/v1/links", created.getString("key")).statusCode()).isEqualTo(200);
    }
    assertThat(server.keys.touches()).isEqualTo(1);
    JsonObject listed = server.send(HttpMethod.GET, "/api/v1/keys").bodyAsJsonObject().getJsonArray("keys").stream()
        .map(JsonObject.class::cast).filter(k -> k.getString("id").equals(created.getString("id"))).findFirst().orElseThrow();
    assertThat(listed.getString("lastUsedAt")).isNotNull();
  }

  @Test
  void keyStoreDown_namedKeysGet503_theBootstrapKeyStillWorks() {
    String key = server.createKey("any", "links:read").getString("key");
    server.keys.down(true);
    try {
      await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
          .until(() -> get("/api/v1/links", key).statusCode() == 503);
      assertThat(server.send(HttpMethod.GET, "/api/v1/links").statusCode()).isEqualTo(200);
    } finally {
      server.keys.down(false);
    }
  }

  @Test
  void theAuthenticatedKey_isOnTheContextForHandlers() {
    server.router.get("/api/v1/test-whoami").handler(ctx -> {
      AuthenticatedKey key = AuthenticatedKey.of(ctx);
      ctx.json(new JsonObject().put("id", key.id()).put("name", key.name())
          .put("scopes", key.scopes().stream().map(Scope::wireName).toList()));
    });
    JsonObject created = server.createKey("ci", "links:write", "stats:read");

    JsonObject seen = get("/api/v1/test-whoami", created.getString("key")).bodyAsJsonObject();
    assertThat(seen).isEqualTo(new JsonObject().put("id", created.getString("id")).put("name", "ci")
        .put("scopes", List.of("links:write", "stats:read")));
    assertThat(server.send(HttpMethod.GET, "/api/v1/test-whoami").bodyAsJsonObject().getString("id"))
        .isEqualTo("bootstrap");
  }

  @Test
  void failuresOfNamedKeys_countTowardsTheThrottle() {
    server.close();
    server = new AdminServer(RandomGenerator.of("L64X128MixRandom"),
        new AuthThrottle(new TestClock(AdminServer.START, Duration.ZERO), 3, Duration.ofMinutes(1)));
    String key = server.createKey("good", "links:read").getString("key");
    String wrong = key.substring(0, key.length() - 4) + (key.endsWith("AAAA") ? "BBBB" : "AAAA");
    for (int i = 0; i < 3; i++) {
      assertProblem(get("/api/v1/links", wrong), 401);
    }
    HttpResponse<Buffer> refused = get("/api/v1/links", key);
    assertProblem(refused, 429);
    assertThat(refused.getHeader("Retry-After")).isNotNull();
  }

  /**
   * Walks every registered endpoint: each declares its access; health alone needs no key, the
   * OpenAPI document any key; every other one refuses a key holding every scope but its own.
   */
  @Test
  void everyEndpoint_declaresAccess_andRefusesAKeyWithoutItsScope() {
    Map<Scope, String> withoutScope = new HashMap<>();
    for (Scope scope : Scope.values()) {
      String[] others = Arrays.stream(Scope.values()).filter(s -> s != scope && s != Scope.KEYS_ADMIN)
          .map(Scope::wireName).toArray(String[]::new);
      withoutScope.put(scope, server.createKey("all but " + scope.wireName(), others).getString("key"));
    }
    int checked = 0;
    for (Route route : server.router.getRoutes()) {
      String name = route.getName();
      String template = route.getMetadata(AdminRouter.TEMPLATE);
      if (ProblemHandler.ROUTE_NAME.equals(name) || (name != null && name.startsWith(AdminRouter.MIDDLEWARE))) {
        continue;
      }
      assertThat(template).as("route %s is not registered as an endpoint", route.getPath()).isNotNull();
      Access access = route.getMetadata(AdminRouter.ACCESS);
      assertThat(access).as("%s %s declares no access", route.methods(), template).isNotNull();
      if (!access.needsKey()) {
        assertThat(template).startsWith("/health/");
        continue;
      }
      if (access.scope() == null) {
        assertThat(template).isEqualTo("/api/v1/openapi.yaml");
        continue;
      }
      String uri = template.replaceAll(":[A-Za-z0-9_]+", "x1");
      for (HttpMethod method : route.methods()) {
        HttpResponse<Buffer> r = server.request(method, uri, withoutScope.get(access.scope()))
            .putHeader("Content-Type", "application/json").putHeader("Content-Length", "2")
            .sendBuffer(Buffer.buffer("{}")).await();
        String what = method + " " + template;
        assertThat(r.statusCode()).as(what + ": " + r.bodyAsString()).isEqualTo(403);
        assertThat(r.bodyAsJsonObject().getString("detail")).as(what).contains("'" + access.scope().wireName() + "'");
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(25);
  }
}
