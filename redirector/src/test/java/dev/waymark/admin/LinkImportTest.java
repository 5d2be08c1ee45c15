package dev.waymark.admin;

import static dev.waymark.admin.Problems.assertInvalid;
import static dev.waymark.admin.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LinkImportTest {

  static AdminServer server;

  @BeforeAll
  static void start() {
    server = new AdminServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<Buffer> importLinks(JsonArray links) {
    return raw(new JsonObject().put("links", links).encode());
  }

  private static HttpResponse<Buffer> raw(String body) {
    return server.sendJson(HttpMethod.POST, "/api/v1/links/import", body);
  }

  private static JsonObject ok(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
    return response.bodyAsJsonObject();
  }

  private static JsonObject url(String url) {
    return new JsonObject().put("url", url);
  }

  @Test
  void import_mixedItems_eachAnsweredOnItsOwnInRequestOrder() {
    server.createOk(url("https://shop.example/old").put("slug", "imp-taken"));
    JsonArray links = new JsonArray()
        .add(url("https://shop.example/a").put("slug", "imp-a").put("campaign", "spring").put("tags", new JsonArray().add("x")))
        .add(url("https://shop.example/b"))
        .add(url("ftp://shop.example/c").put("stage", "nope"))
        .add("https://shop.example/not-an-object")
        .add(url("https://shop.example/again").put("slug", "imp-a"))
        .add(url("https://shop.example/taken").put("slug", "imp-taken"))
        .add(new JsonObject().put("slug", "imp-nourl").put("code", "x"));

    JsonObject outcome = ok(importLinks(links));

    assertThat(outcome.getInteger("created")).isEqualTo(2);
    assertThat(outcome.getInteger("failed")).isEqualTo(5);
    JsonArray results = outcome.getJsonArray("results");
    assertThat(results).hasSize(7);
    for (int i = 0; i < 7; i++) {
      assertThat(results.getJsonObject(i).getInteger("index")).isEqualTo(i);
    }
    assertThat(results.getJsonObject(0).getMap()).containsEntry("status", 201).containsEntry("code", "imp-a")
        .containsEntry("shortUrl", "https://wmk.example/imp-a").doesNotContainKey("errors");
    String generated = results.getJsonObject(1).getString("code");
    assertThat(results.getJsonObject(1).getInteger("status")).isEqualTo(201);
    assertThat(generated).matches("[0-9A-Za-z]{7}");
    assertThat(fields(results.getJsonObject(2))).containsExactlyInAnyOrder("links[2].url", "links[2].stage");
    assertThat(results.getJsonObject(2).getInteger("status")).isEqualTo(400);
    assertThat(results.getJsonObject(2).containsKey("code")).isFalse();
    assertThat(results.getJsonObject(3).getInteger("status")).isEqualTo(400);
    assertThat(results.getJsonObject(3).getJsonArray("errors").getJsonObject(0).getMap())
        .containsEntry("field", "links[3]")
        .hasEntrySatisfying("detail", d -> assertThat((String) d).startsWith("must be a JSON object"));
    assertThat(results.getJsonObject(4).getMap()).containsEntry("status", 409).containsEntry("code", "imp-a");
    assertThat(fields(results.getJsonObject(4))).containsExactly("links[4].slug");
    assertThat(results.getJsonObject(5).getMap()).containsEntry("status", 409).containsEntry("code", "imp-taken");
    assertThat(fields(results.getJsonObject(6))).containsExactlyInAnyOrder("links[6].url", "links[6].code");

    JsonObject a = server.send(HttpMethod.GET, "/api/v1/links/imp-a").bodyAsJsonObject();
    assertThat(a.getString("url")).as("the first of two items with one slug wins").isEqualTo("https://shop.example/a");
    assertThat(a.getString("campaign")).isEqualTo("spring");
    assertThat(a.getJsonArray("tags")).containsExactly("x");
    assertThat(server.send(HttpMethod.GET, "/api/v1/links/" + generated).bodyAsJsonObject().getString("url"))
        .isEqualTo("https://shop.example/b");
    assertThat(server.send(HttpMethod.GET, "/api/v1/links/imp-taken").bodyAsJsonObject().getString("url"))
        .isEqualTo("https://shop.example/old");
    assertThat(server.send(HttpMethod.GET, "/api/v1/links/imp-nourl").statusCode()).isEqualTo(404);
  }

  @Test
  void import_aThousandLinks_allCreatedAndListed() {
    JsonArray links = new JsonArray();
    IntStream.range(0, 1000).forEach(i -> links.add(url("https://shop.example/p?i=" + i)
        .put("slug", "imp-k" + i).put("campaign", "thousand")));

    JsonObject outcome = ok(importLinks(links));

    assertThat(outcome.getInteger("created")).isEqualTo(1000);
    assertThat(outcome.getInteger("failed")).isZero();
    assertThat(server.send(HttpMethod.GET, "/api/v1/links/imp-k999").statusCode()).isEqualTo(200);
    assertThat(server.send(HttpMethod.GET, "/api/v1/links?campaign=thousand&limit=500").bodyAsJsonObject()
        .getJsonArray("links")).hasSize(500);
  }

  @Test
  void import_badRequestShape_400NamingLinks() {
    int stored = server.store.size();
    assertInvalid(raw("{}"), "links");
    assertInvalid(raw("{\"links\": null}"), "links");
    assertThat(assertInvalid(raw("{\"links\": {\"url\": \"https://a.example\"}}"), "links").getString("detail"))
        .contains("must be an array");
    assertThat(assertInvalid(raw("{\"links\": []}"), "links").getString("detail")).contains("at least one");
    JsonObject tooMany = assertInvalid(importLinks(new JsonArray(
        IntStream.range(0, 1001).mapToObj(i -> (Object) url("https://a.example")).toList())), "links");
    assertThat(tooMany.getString("detail")).contains("at most 1000 links, had 1001");
    assertInvalid(raw("{\"links\": [{\"url\": \"https://a.example\"}], \"mode\": \"upsert\"}"), "mode");
    assertInvalid(raw("[{\"url\": \"https://a.example\"}]"), "body");
    assertInvalid(raw("{\"links\": [ {\"url\": }"), "body");
    assertThat(server.store.size()).as("nothing stored from rejected requests").isEqualTo(stored);
  }

  @Test
  void import_notJson_415() {
    HttpResponse<Buffer> r = server.request(HttpMethod.POST, "/api/v1/links/import")
        .putHeader("Content-Type", "text/csv").sendBuffer(Buffer.buffer("url\nhttps://a.example\n")).await();
    assertProblem(r, 415);
  }

  @Test
  void import_bodyOverFourMiB_413NamingTheLimit() {
    String big = "{\"links\": [{\"url\": \"https://a.example/" + "x".repeat(5 << 20) + "\"}]}";
    JsonObject problem = assertProblem(raw(big), 413);
    assertThat(problem.getString("detail")).contains("at most " + (4 << 20) + " bytes");
  }

  @Test
  void import_chunkedBody_411() throws Exception {
    // A body of unknown length: the JDK client sends it chunked. Vert.x's client could hand over
    // the response before its body was wanted and drop the body now and then.
    byte[] body = "{\"links\": [{\"url\": \"https://a.example\"}]}".getBytes(StandardCharsets.UTF_8);
    java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newBuilder()
        .version(java.net.http.HttpClient.Version.HTTP_1_1).build().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.server.actualPort() + "/api/v1/links/import"))
            .header("Authorization", "Bearer " + AdminServer.KEY).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
            .build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(411);
    assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(new JsonObject(answer.body()).getString("detail")).contains("Content-Length");
  }

  @Test
  void import_storeDown_503AndNothingReportedCreated() {
    server.store.down(true);
    try {
      HttpResponse<Buffer> r = importLinks(new JsonArray().add(url("https://a.example").put("slug", "imp-down")));
      assertProblem(r, 503);
      assertThat(r.getHeader("Retry-After")).isEqualTo("1");
    } finally {
      server.store.down(false);
    }
    assertThat(server.send(HttpMethod.GET, "/api/v1/links/imp-down").statusCode()).isEqualTo(404);
  }

  @Test
  void import_withoutKey_401() {
    HttpResponse<Buffer> r = server.anonymous(HttpMethod.POST, "/api/v1/links/import")
        .putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer("{\"links\": [{\"url\": \"https://a.example\"}]}")).await();
    assertProblem(r, 401);
  }

  @Test
  void import_expiresAtBeyondYear9999_400ForThatItemOnly() {
    JsonArray results = ok(importLinks(new JsonArray()
        .add(url("https://shop.example/far").put("expiresAt", "+999999999-12-31T23:59:59Z"))
        .add(url("https://shop.example/near").put("expiresAt", "2030-01-01T00:00:00Z")))).getJsonArray("results");
    assertThat(results.getJsonObject(0).getInteger("status")).isEqualTo(400);
    assertThat(fields(results.getJsonObject(0))).containsExactly("links[0].expiresAt");
    assertThat(results.getJsonObject(1).getInteger("status")).isEqualTo(201);
  }

  @Test
  void import_urlToOwnShortCode_400ForThatItemOnly() {
    JsonArray results = ok(importLinks(new JsonArray()
        .add(url("https://shop.example/fine"))
        .add(url("https://WMK.example/imp-loop")))).getJsonArray("results");
    assertThat(results.getJsonObject(0).getInteger("status")).isEqualTo(201);
    assertThat(results.getJsonObject(1).getInteger("status")).isEqualTo(400);
    assertThat(fields(results.getJsonObject(1))).containsExactly("links[1].url");
  }

  private static java.util.List<String> fields(JsonObject result) {
    return result.getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")).toList();
  }
}
