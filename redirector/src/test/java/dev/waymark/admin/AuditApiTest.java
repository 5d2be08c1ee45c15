package dev.waymark.admin;

import static dev.waymark.admin.Problems.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.waymark.audit.AuditLog;
import dev.waymark.audit.AuditPage;
import dev.waymark.audit.AuditQuery;
import dev.waymark.brand.BrandFixtures;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every admin write path records what it changed, and {@code GET /api/v1/audit} reads it back. */
class AuditApiTest {

  static AdminServer server;

  @BeforeAll
  static void start() {
    server = new AdminServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static JsonObject audit(String query) {
    HttpResponse<Buffer> r = server.send(HttpMethod.GET, "/api/v1/audit" + query);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  private static List<JsonObject> entries(String query) {
    JsonArray array = audit(query).getJsonArray("entries");
    List<JsonObject> list = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      list.add(array.getJsonObject(i));
    }
    return list;
  }

  private static JsonObject ok(HttpResponse<Buffer> r, int status) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
    return r.body() == null ? null : r.bodyAsJsonObject();
  }

  @Test
  void linkPatch_recordsBeforeAndAfterExactlyAsTheApiShowedThem() {
    JsonObject created = server.createOk(new JsonObject().put("url", "https://shop.example/a").put("slug", "aud-patch")
        .put("campaign", "spring")).bodyAsJsonObject();
    JsonObject patched = ok(server.sendJson(HttpMethod.PATCH, "/api/v1/links/aud-patch",
        "{\"campaign\":\"summer\",\"tags\":[\"x\"]}"), 200);

    List<JsonObject> log = entries("?target=link:aud-patch");

    assertThat(log).hasSize(2);
    JsonObject update = log.get(0);
    assertThat(update.getString("action")).isEqualTo("update");
    assertThat(update.getJsonObject("target")).isEqualTo(new JsonObject().put("type", "link").put("id", "aud-patch"));
    assertThat(update.getJsonObject("key")).isEqualTo(new JsonObject().put("id", "bootstrap").put("name", "bootstrap"));
    assertThat(update.getJsonObject("before")).isEqualTo(created);
    assertThat(update.getJsonObject("after")).isEqualTo(patched);
    assertThat(Instant.parse(update.getString("time"))).isAfter(Instant.parse(log.get(1).getString("time")));
    JsonObject create = log.get(1);
    assertThat(create.getString("action")).isEqualTo("create");
    assertThat(create.getValue("before")).isNull();
    assertThat(create.getJsonObject("after")).isEqualTo(created);
  }

  @Test
  void concurrentPatches_ofOneLink_chainInTheLog_eachBeforeIsThePreviousAfter() {
    server.createOk(new JsonObject().put("url", "https://shop.example/c").put("slug", "aud-chain"));
    List<Future<HttpResponse<Buffer>>> patches = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      patches.add(server.request(HttpMethod.PATCH, "/api/v1/links/aud-chain")
          .putHeader("Content-Type", "application/json")
          .sendBuffer(Buffer.buffer("{\"campaign\":\"c" + i + "\"}")));
    }
    Future.all(patches).await();
    patches.forEach(p -> assertThat(p.result().statusCode()).isEqualTo(200));

    List<JsonObject> log = new ArrayList<>(entries("?target=link:aud-chain"));
    java.util.Collections.reverse(log);

    assertThat(log).hasSize(13);
    for (int i = 1; i < log.size(); i++) {
      assertThat(log.get(i).getJsonObject("before")).as("entry %d", i).isEqualTo(log.get(i - 1).getJsonObject("after"));
    }
  }

  @Test
  void linkDelete_recordsTheLastStateAsBefore_andNoAfter() {
    JsonObject created = server.createOk(new JsonObject().put("url", "https://shop.example/d").put("slug", "aud-del"))
        .bodyAsJsonObject();
    assertThat(server.send(HttpMethod.DELETE, "/api/v1/links/aud-del").statusCode()).isEqualTo(204);

    JsonObject delete = entries("?target=link:aud-del").get(0);

    assertThat(delete.getString("action")).isEqualTo("delete");
    assertThat(delete.getJsonObject("before")).isEqualTo(created);
    assertThat(delete.containsKey("after")).isTrue();
    assertThat(delete.getValue("after")).isNull();
  }

  @Test
  void refusedWrites_recordNothing() {
    server.createOk(new JsonObject().put("url", "https://shop.example/r").put("slug", "aud-refused"));
    assertThat(server.request(HttpMethod.PATCH, "/api/v1/links/aud-refused").putHeader("If-Match", "\"nope\"")
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{\"campaign\":\"x\"}")).await()
        .statusCode()).isEqualTo(412);
    assertThat(server.sendJson(HttpMethod.PATCH, "/api/v1/links/aud-missing", "{\"campaign\":\"x\"}").statusCode())
        .isEqualTo(404);
    assertThat(server.sendJson(HttpMethod.PATCH, "/api/v1/links/aud-refused", "{\"url\":\"nope\"}").statusCode())
        .isEqualTo(400);

    assertThat(entries("?target=link:aud-refused")).extracting(e -> e.getString("action")).containsExactly("create");
    assertThat(entries("?target=link:aud-missing")).isEmpty();
  }

  @Test
  void touchpointCreatePatchDelete_areRecordedAsTouchpoints() {
    server.createOk(new JsonObject().put("url", "https://shop.example/t").put("slug", "aud-tp-link"));
    JsonObject tp = ok(server.sendJson(HttpMethod.POST, "/api/v1/links/aud-tp-link/touchpoints",
        "{\"name\":\"poster\",\"channel\":\"poster\",\"slug\":\"aud-tp\"}"), 201);
    JsonObject patched = ok(server.sendJson(HttpMethod.PATCH, "/api/v1/touchpoints/aud-tp", "{\"name\":\"flyer\"}"), 200);
    assertThat(server.send(HttpMethod.DELETE, "/api/v1/touchpoints/aud-tp").statusCode()).isEqualTo(204);

    List<JsonObject> log = entries("?target=touchpoint:aud-tp");

    assertThat(log).extracting(e -> e.getString("action")).containsExactly("delete", "update", "create");
    assertThat(log.get(2).getJsonObject("after")).isEqualTo(tp);
    assertThat(log.get(1).getJsonObject("before")).isEqualTo(tp);
    assertThat(log.get(1).getJsonObject("after")).isEqualTo(patched);
    assertThat(log.get(0).getJsonObject("before")).isEqualTo(patched);
    assertThat(entries("?target=link:aud-tp")).isEmpty();
  }

  @Test
  void brandWritesAndLogos_areRecorded_logoAsItsDescriptionOnly() {
    JsonObject created = ok(server.sendJson(HttpMethod.PUT, "/api/v1/brands/audbrand", "{\"fg\":\"#112233\"}"), 201);
    JsonObject updated = ok(server.sendJson(HttpMethod.PUT, "/api/v1/brands/audbrand", "{\"fg\":\"#000000\"}"), 200);
    byte[] png = BrandFixtures.pngLogo();
    JsonObject withLogo = ok(server.request(HttpMethod.PUT, "/api/v1/brands/audbrand/logo")
        .putHeader("Content-Type", "image/png").sendBuffer(Buffer.buffer(png)).await(), 200);
    assertThat(server.send(HttpMethod.DELETE, "/api/v1/brands/audbrand/logo").statusCode()).isEqualTo(204);
    assertThat(server.send(HttpMethod.DELETE, "/api/v1/brands/audbrand").statusCode()).isEqualTo(204);
    ok(server.sendJson(HttpMethod.POST, "/api/v1/brands", "{\"name\":\"audbrand2\"}"), 201);

    List<JsonObject> log = entries("?target=brand:audbrand");

    assertThat(log).extracting(e -> e.getString("action"))
        .containsExactly("delete", "update", "update", "update", "create");
    assertThat(log.get(4).getJsonObject("after")).isEqualTo(created);
    assertThat(log.get(3).getJsonObject("before")).isEqualTo(created);
    assertThat(log.get(3).getJsonObject("after")).isEqualTo(updated);
    assertThat(log.get(2).getJsonObject("after")).isEqualTo(withLogo);
    assertThat(log.get(2).getJsonObject("after").getJsonObject("logo").getString("sha256")).matches("[0-9a-f]{64}");
    assertThat(log.get(1).getJsonObject("before")).isEqualTo(withLogo);
    assertThat(log.get(1).getJsonObject("after").getValue("logo")).isNull();
    assertThat(log.get(0).getValue("after")).isNull();
    assertThat(entries("?target=brand:audbrand2")).extracting(e -> e.getString("action")).containsExactly("create");
    // Descriptions only: the image's bytes appear nowhere in the log.
    String everything = audit("?target=brand&limit=500").encode();
    assertThat(everything).doesNotContain(java.util.Base64.getEncoder().encodeToString(png).substring(0, 40));
  }

  @Test
  void import_recordsOneCreatePerLinkMade() {
    HttpResponse<Buffer> r = server.request(HttpMethod.POST, "/api/v1/links/import")
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{\"links\":["
            + "{\"url\":\"https://shop.example/1\",\"slug\":\"aud-imp1\"},"
            + "{\"url\":\"nope\",\"slug\":\"aud-imp2\"},"
            + "{\"url\":\"https://shop.example/3\",\"slug\":\"aud-imp3\"}]}")).await();
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);

    assertThat(entries("?target=link:aud-imp1")).extracting(e -> e.getString("action")).containsExactly("create");
    assertThat(entries("?target=link:aud-imp2")).isEmpty();
    JsonObject third = entries("?target=link:aud-imp3").get(0);
    assertThat(third.getJsonObject("after").getString("url")).isEqualTo("https://shop.example/3");
  }

  @Test
  void largeImport_recordsEveryLink_builtOffTheEventLoop() {
    StringBuilder body = new StringBuilder("{\"links\":[");
    for (int i = 0; i < 40; i++) {
      body.append(i == 0 ? "" : ",").append("{\"url\":\"https://shop.example/big\",\"campaign\":\"aud-big\"}");
    }
    HttpResponse<Buffer> r = server.request(HttpMethod.POST, "/api/v1/links/import")
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body.append("]}").toString())).await();
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);

    List<JsonObject> creates = entries("?target=link&limit=500").stream()
        .filter(e -> "aud-big".equals(e.getJsonObject("after") == null ? null
            : e.getJsonObject("after").getString("campaign")))
        .toList();
    assertThat(creates).hasSize(40).allMatch(e -> e.getString("action").equals("create"));
  }

  @Test
  void filtersAndCursor_pageThroughExactlyTheMatchingEntries() {
    for (int i = 0; i < 5; i++) {
      server.createOk(new JsonObject().put("url", "https://shop.example/p").put("slug", "aud-page" + i));
      ok(server.sendJson(HttpMethod.PATCH, "/api/v1/links/aud-page" + i, "{\"campaign\":\"c\"}"), 200);
    }
    List<JsonObject> all = entries("?target=link&limit=500");
    List<JsonObject> pages = new ArrayList<>();
    String cursor = null;
    int calls = 0;
    do {
      JsonObject page = audit("?target=link&limit=3" + (cursor == null ? "" : "&cursor=" + cursor));
      page.getJsonArray("entries").forEach(e -> pages.add((JsonObject) e));
      cursor = page.getString("nextCursor");
      calls++;
    } while (cursor != null && calls < 100);
    assertThat(pages).isEqualTo(all);
    assertThat(calls).isEqualTo((all.size() + 2) / 3);

    // A window in time: from the third create (inclusive) to the last patch (exclusive).
    List<JsonObject> mine = entries("?target=link&key=bootstrap&limit=500").stream()
        .filter(e -> e.getJsonObject("target").getString("id").startsWith("aud-page")).toList();
    assertThat(mine).hasSize(10);
    String from = mine.get(5).getString("time");
    String to = mine.get(0).getString("time");
    List<JsonObject> window = entries("?target=link&from=" + from + "&to=" + to).stream()
        .filter(e -> e.getJsonObject("target").getString("id").startsWith("aud-page")).toList();
    assertThat(window).isEqualTo(mine.subList(1, 6));

    assertThat(entries("?key=someone-else")).isEmpty();
    assertThat(entries("?target=webhook")).isEmpty();
  }

  @Test
  void badQueryValues_return400NamingTheParameter() {
    assertInvalid(server.send(HttpMethod.GET, "/api/v1/audit?from=yesterday"), "from");
    assertInvalid(server.send(HttpMethod.GET, "/api/v1/audit?to=2026-12-01"), "to");
    assertInvalid(server.send(HttpMethod.GET,
        "/api/v1/audit?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z"), "to");
    assertInvalid(server.send(HttpMethod.GET, "/api/v1/audit?target=links"), "target");
    assertInvalid(server.send(HttpMethod.GET, "/api/v1/audit?target=link:"), "target");
    assertInvalid(server.send(HttpMethod.GET, "/api/v1/audit?limit=0"), "limit");
    assertInvalid(server.send(HttpMethod.GET, "/api/v1/audit?limit=501"), "limit");
    assertInvalid(server.send(HttpMethod.GET, "/api/v1/audit?limit=ten"), "limit");
    assertInvalid(server.send(HttpMethod.GET, "/api/v1/audit?cursor=abc"), "cursor");
    assertInvalid(server.send(HttpMethod.GET, "/api/v1/audit?key=a&key=b"), "key");
  }

  @Test
  void auditLogDown_changeStands_failureIsCountedNot5xx() {
    AuditLog down = new AuditLog() {
      @Override
      public Future<Void> append(List<dev.waymark.audit.AuditEntry> entries) {
        return Future.failedFuture(new IllegalStateException("audit store down"));
      }

      @Override
      public Future<AuditPage> query(AuditQuery query) {
        return Future.failedFuture(new IllegalStateException("audit store down"));
      }

      @Override
      public Future<Long> removeBefore(Instant cutoff) {
        return Future.failedFuture(new IllegalStateException("audit store down"));
      }

      @Override
      public Future<Void> close() {
        return Future.succeededFuture();
      }
    };
    try (AdminServer broken = new AdminServer(RandomGenerator.of("L64X128MixRandom"), down)) {
      double before = broken.registry.counter("waymark.audit.write.failures").count();
      HttpResponse<Buffer> created = broken.create(new JsonObject().put("url", "https://shop.example/x").put("slug", "kept"));
      assertThat(created.statusCode()).isEqualTo(201);
      HttpResponse<Buffer> patched = broken.sendJson(HttpMethod.PATCH, "/api/v1/links/kept", "{\"campaign\":\"c\"}");
      assertThat(patched.statusCode()).isEqualTo(200);
      assertThat(broken.send(HttpMethod.GET, "/api/v1/links/kept").bodyAsJsonObject().getString("campaign"))
          .isEqualTo("c");
      assertThat(broken.registry.counter("waymark.audit.write.failures").count() - before).isEqualTo(2.0);
      // Reading a log that is down is an outage of that store: 503, as for any store.
      assertThat(broken.send(HttpMethod.GET, "/api/v1/audit").statusCode()).isEqualTo(503);
    }
  }
}
