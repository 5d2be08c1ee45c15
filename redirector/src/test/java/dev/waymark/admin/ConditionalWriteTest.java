package dev.waymark.admin;

import static dev.waymark.admin.Problems.assertInvalid;
import static dev.waymark.admin.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.waymark.admin.http.AtomicWrites;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ETag on every answer that shows a link, touchpoint or brand; If-Match on their writes (412 on a
 * mismatch, nothing changed; 400 for a value that is no If-Match); concurrent patches of one
 * object all applied; writes that keep losing answer 409 contended, never 503.
 */
class ConditionalWriteTest {

  static AdminServer server;
  static int counter;
  // The store completes on other threads, as Lettuce does, so patches really interleave.
  static final ExecutorService STORE_THREADS = Executors.newFixedThreadPool(4);

  @BeforeAll
  static void start() {
    server = new AdminServer();
    server.store.completeOn(STORE_THREADS);
  }

  @AfterAll
  static void stop() {
    server.close();
    STORE_THREADS.shutdown();
  }

  @AfterEach
  void noRivals() {
    server.store.rivalWrites(0);
  }

  private String newLink() {
    return server.createOk(new JsonObject().put("url", "https://shop.example/a").put("slug", "cw-" + counter++))
        .bodyAsJsonObject().getString("code");
  }

  private HttpResponse<Buffer> patch(String path, String ifMatch, String body) {
    var request = server.request(HttpMethod.PATCH, path).putHeader("Content-Type", "application/merge-patch+json");
    if (ifMatch != null) {
      request.putHeader("If-Match", ifMatch);
    }
    return request.sendBuffer(Buffer.buffer(body)).await();
  }

  private HttpResponse<Buffer> delete(String path, String ifMatch) {
    return server.request(HttpMethod.DELETE, path).putHeader("If-Match", ifMatch).send().await();
  }

  @Test
  void link_getPostPatch_sendStrongETag_changedByEveryWrite() {
    HttpResponse<Buffer> created = server.createOk(new JsonObject().put("url", "https://shop.example/e")
        .put("slug", "cw-etag").put("utm", new JsonObject().put("source", "a").put("medium", "b").put("term", "c")));
    String path = "/api/v1/links/cw-etag";
    String etag = created.getHeader("ETag");
    assertThat(etag).matches("\"[A-Za-z0-9_-]{22}\"");
    assertThat(server.send(HttpMethod.GET, path).getHeader("ETag")).isEqualTo(etag);

    HttpResponse<Buffer> patched = patch(path, etag, "{\"campaign\":\"summer\"}");
    assertThat(patched.statusCode()).as(patched.bodyAsString()).isEqualTo(200);
    assertThat(patched.getHeader("ETag")).isNotEqualTo(etag);
    assertThat(server.send(HttpMethod.GET, path).getHeader("ETag")).isEqualTo(patched.getHeader("ETag"));
  }

  @Test
  void patch_staleIfMatch_returns412_andChangesNothing() {
    String path = "/api/v1/links/" + newLink();
    String first = server.send(HttpMethod.GET, path).getHeader("ETag");
    assertThat(patch(path, first, "{\"campaign\":\"one\"}").statusCode()).isEqualTo(200);

    JsonObject problem = assertProblem(patch(path, first, "{\"campaign\":\"two\"}"), 412);

    assertThat(problem.getString("type")).isEqualTo("https://waymark.dev/problems/precondition-failed");
    assertThat(problem.getString("detail")).contains("ETag");
    assertThat(server.send(HttpMethod.GET, path).bodyAsJsonObject().getString("campaign")).isEqualTo("one");
  }

  @Test
  void patch_ifMatchStarOrListHoldingCurrent_applies() {
    String path = "/api/v1/links/" + newLink();
    assertThat(patch(path, "*", "{\"campaign\":\"star\"}").statusCode()).isEqualTo(200);
    String etag = server.send(HttpMethod.GET, path).getHeader("ETag");
    assertThat(patch(path, "\"old\", " + etag, "{\"campaign\":\"list\"}").statusCode()).isEqualTo(200);
  }

  @Test
  void patch_weakIfMatch_neverMatches_returns412() {
    String path = "/api/v1/links/" + newLink();
    String etag = server.send(HttpMethod.GET, path).getHeader("ETag");
    assertProblem(patch(path, "W/" + etag, "{\"campaign\":\"weak\"}"), 412);
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "\"unterminated", "\"a\" junk", "**", ",", "\"a\"\"b\""})
  void patch_malformedIfMatch_returns400NamingIt(String ifMatch) {
    String path = "/api/v1/links/" + newLink();
    assertInvalid(patch(path, ifMatch, "{\"campaign\":\"x\"}"), "If-Match");
  }

  @Test
  void patch_unknownLinkWithIfMatch_returns404() {
    assertProblem(patch("/api/v1/links/cw-none", "*", "{\"campaign\":\"x\"}"), 404);
  }

  @Test
  void delete_staleIfMatch_returns412_keepsLink_currentOneDeletes() {
    String path = "/api/v1/links/" + newLink();
    assertProblem(delete(path, "\"stale\""), 412);
    assertThat(server.send(HttpMethod.GET, path).statusCode()).isEqualTo(200);
    assertThat(delete(path, server.send(HttpMethod.GET, path).getHeader("ETag")).statusCode()).isEqualTo(204);
    assertThat(server.send(HttpMethod.GET, path).statusCode()).isEqualTo(404);
  }

  /** One patch per field a link has, each to a value it does not hold yet. */
  static final List<String> FIELD_PATCHES = List.of(
      "{\"url\":\"https://shop.example/b\"}", "{\"campaign\":\"c\"}", "{\"channel\":\"flyer\"}",
      "{\"source\":\"s\"}", "{\"stage\":\"loyalty\"}", "{\"tags\":[\"t\"]}", "{\"redirect\":307}",
      "{\"expiresAt\":\"2031-01-01T00:00:00Z\"}", "{\"utm\":{\"source\":\"us\"}}",
      "{\"utm\":{\"medium\":\"um\"}}", "{\"utm\":{\"campaign\":\"uc\"}}", "{\"utm\":{\"term\":\"ut\"}}",
      "{\"utm\":{\"content\":\"uo\"}}", "{\"enabled\":false}");

  @Test
  void patch_concurrentFieldsOfOneLink_allApplied_disableAlwaysWins() {
    String path = "/api/v1/links/" + newLink();
    List<Future<HttpResponse<Buffer>>> patches = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      for (String body : FIELD_PATCHES) {
        patches.add(server.request(HttpMethod.PATCH, path).putHeader("Content-Type", "application/merge-patch+json")
            .sendBuffer(Buffer.buffer(body)));
      }
    }
    Future.all(patches).await();

    assertThat(patches).allSatisfy(p -> assertThat(p.result().statusCode()).as(p.result().bodyAsString())
        .isEqualTo(200));
    JsonObject link = server.send(HttpMethod.GET, path).bodyAsJsonObject();
    assertThat(link.getString("url")).isEqualTo("https://shop.example/b");
    assertThat(link.getString("campaign")).isEqualTo("c");
    assertThat(link.getString("channel")).isEqualTo("flyer");
    assertThat(link.getString("source")).isEqualTo("s");
    assertThat(link.getString("stage")).isEqualTo("loyalty");
    assertThat(link.getJsonArray("tags")).containsExactly("t");
    assertThat(link.getInteger("redirect")).isEqualTo(307);
    assertThat(link.getString("expiresAt")).isEqualTo("2031-01-01T00:00:00Z");
    assertThat(link.getJsonObject("utm").getMap()).containsOnlyKeys("source", "medium", "campaign", "term", "content");
    assertThat(link.getBoolean("enabled")).isFalse();
  }

  @Test
  void patch_losingEveryAttemptToRivals_returns409Contended_notWritten_counted() {
    String path = "/api/v1/links/" + newLink();
    server.store.rivalWrites(AtomicWrites.ATTEMPTS);

    HttpResponse<Buffer> r = patch(path, null, "{\"campaign\":\"lost\"}");

    JsonObject problem = assertProblem(r, 409);
    assertThat(problem.getString("type")).isEqualTo("https://waymark.dev/problems/contended");
    assertThat(r.getHeader("Retry-After")).isEqualTo("1");
    assertThat(server.send(HttpMethod.GET, path).bodyAsJsonObject().getValue("campaign")).isNull();
    assertThat(server.registry.get("waymark.admin.write.contended").tag("kind", "link").counter().count())
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void patch_losingSomeAttempts_retriesAndApplies() {
    String path = "/api/v1/links/" + newLink();
    double before = server.registry.get("waymark.admin.write.retries").tag("kind", "link").counter().count();
    server.store.rivalWrites(AtomicWrites.ATTEMPTS - 1);

    HttpResponse<Buffer> r = patch(path, null, "{\"campaign\":\"won\"}");

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(server.send(HttpMethod.GET, path).bodyAsJsonObject().getString("campaign")).isEqualTo("won");
    assertThat(server.registry.get("waymark.admin.write.retries").tag("kind", "link").counter().count() - before)
        .isEqualTo(AtomicWrites.ATTEMPTS - 1);
  }

  @Test
  void touchpoint_etag_ifMatch412_andConcurrentPatchesAllApplied() {
    String link = newLink();
    HttpResponse<Buffer> created = server.sendJson(HttpMethod.POST, "/api/v1/links/" + link + "/touchpoints",
        "{\"name\":\"poster\",\"channel\":\"poster\"}");
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    String etag = created.getHeader("ETag");
    assertThat(etag).isNotNull();
    String path = created.getHeader("Location");
    assertThat(server.send(HttpMethod.GET, path).getHeader("ETag")).isEqualTo(etag);

    assertProblem(patch(path, "\"stale\"", "{\"source\":\"x\"}"), 412);
    List<Future<HttpResponse<Buffer>>> patches = List.of(
        server.request(HttpMethod.PATCH, path).putHeader("Content-Type", "application/merge-patch+json")
            .sendBuffer(Buffer.buffer("{\"source\":\"utrecht\"}")),
        server.request(HttpMethod.PATCH, path).putHeader("Content-Type", "application/merge-patch+json")
            .sendBuffer(Buffer.buffer("{\"notes\":\"platform 5\"}")),
        server.request(HttpMethod.PATCH, path).putHeader("Content-Type", "application/merge-patch+json")
            .sendBuffer(Buffer.buffer("{\"stage\":\"awareness\"}")));
    Future.all(patches).await();
    assertThat(patches).allSatisfy(p -> assertThat(p.result().statusCode()).as(p.result().bodyAsString())
        .isEqualTo(200));
    JsonObject tp = server.send(HttpMethod.GET, path).bodyAsJsonObject();
    assertThat(tp.getString("source")).isEqualTo("utrecht");
    assertThat(tp.getString("stage")).isEqualTo("awareness");
    assertThat(tp.getString("notes")).isEqualTo("platform 5");
    assertProblem(delete(path, etag), 412);
  }

  @Test
  void brand_putGet_sendETag_ifMatchGuardsPutAndDelete() {
    HttpResponse<Buffer> created = server.sendJson(HttpMethod.PUT, "/api/v1/brands/cw-brand", "{\"fg\":\"#111111\"}");
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    String etag = created.getHeader("ETag");
    assertThat(etag).isNotNull();
    assertThat(server.send(HttpMethod.GET, "/api/v1/brands/cw-brand").getHeader("ETag")).isEqualTo(etag);

    HttpResponse<Buffer> replaced = server.request(HttpMethod.PUT, "/api/v1/brands/cw-brand")
        .putHeader("Content-Type", "application/json").putHeader("If-Match", etag)
        .sendBuffer(Buffer.buffer("{\"fg\":\"#222222\"}")).await();
    assertThat(replaced.statusCode()).as(replaced.bodyAsString()).isEqualTo(200);
    assertThat(replaced.getHeader("ETag")).isNotEqualTo(etag);

    HttpResponse<Buffer> stale = server.request(HttpMethod.PUT, "/api/v1/brands/cw-brand")
        .putHeader("Content-Type", "application/json").putHeader("If-Match", etag)
        .sendBuffer(Buffer.buffer("{\"fg\":\"#333333\"}")).await();
    assertThat(assertProblem(stale, 412).getString("type")).endsWith("/precondition-failed");
    assertThat(server.send(HttpMethod.GET, "/api/v1/brands/cw-brand").bodyAsJsonObject().getString("fg"))
        .isEqualTo("#222222");

    assertProblem(delete("/api/v1/brands/cw-brand", etag), 412);
    assertThat(delete("/api/v1/brands/cw-brand", replaced.getHeader("ETag")).statusCode()).isEqualTo(204);
  }

  @Test
  void brand_putNewWithIfMatch_returns412_createsNothing() {
    HttpResponse<Buffer> r = server.request(HttpMethod.PUT, "/api/v1/brands/cw-ghost")
        .putHeader("Content-Type", "application/json").putHeader("If-Match", "*")
        .sendBuffer(Buffer.buffer("{}")).await();
    assertProblem(r, 412);
    assertThat(server.send(HttpMethod.GET, "/api/v1/brands/cw-ghost").statusCode()).isEqualTo(404);
  }
}
