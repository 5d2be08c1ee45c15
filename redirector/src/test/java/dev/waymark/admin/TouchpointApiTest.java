package dev.waymark.admin;

import static dev.waymark.admin.Problems.assertInvalid;
import static dev.waymark.admin.Problems.assertProblem;
import static dev.waymark.admin.Problems.fields;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TouchpointApiTest {

  AdminServer server;

  @BeforeEach
  void start() {
    server = new AdminServer();
    server.createOk(new JsonObject().put("url", "https://shop.example/spring").put("slug", "spring")
        .put("campaign", "spring-2027"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  HttpResponse<Buffer> createTouchpoint(String link, String body) {
    return server.sendJson(HttpMethod.POST, "/api/v1/links/" + link + "/touchpoints", body);
  }

  JsonObject createOk(String body) {
    HttpResponse<Buffer> r = createTouchpoint("spring", body);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    return r.bodyAsJsonObject();
  }

  @Test
  void create_valid_returns201WithCodeShortUrlAndQrUrls() {
    HttpResponse<Buffer> r = createTouchpoint("spring",
        "{\"name\":\" Poster CS \",\"channel\":\"poster\",\"source\":\"utrecht-cs\",\"stage\":\"awareness\","
            + "\"medium\":\"qr\",\"notes\":\"platform 5\"}");
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    JsonObject tp = r.bodyAsJsonObject();
    String code = tp.getString("code");
    assertThat(code).matches("[A-Za-z0-9]{7}");
    assertThat(r.getHeader("Location")).isEqualTo("/api/v1/touchpoints/" + code);
    assertThat(tp.getString("shortUrl")).isEqualTo("https://wmk.example/" + code);
    assertThat(tp.getString("link")).isEqualTo("spring");
    assertThat(tp.getString("name")).isEqualTo("Poster CS");
    assertThat(tp.getString("channel")).isEqualTo("poster");
    assertThat(tp.getString("source")).isEqualTo("utrecht-cs");
    assertThat(tp.getString("stage")).isEqualTo("awareness");
    assertThat(tp.getString("medium")).isEqualTo("qr");
    assertThat(tp.getString("notes")).isEqualTo("platform 5");
    assertThat(tp.getJsonObject("qr")).isEqualTo(new JsonObject()
        .put("png", "/api/v1/touchpoints/" + code + "/qr.png").put("svg", "/api/v1/touchpoints/" + code + "/qr.svg"));
    assertThat(server.send(HttpMethod.GET, "/api/v1/touchpoints/" + code).bodyAsJsonObject()).isEqualTo(tp);
  }

  @Test
  void create_minimal_hasExplicitNulls() {
    JsonObject tp = createOk("{\"name\":\"Flyer\",\"channel\":\"flyer\",\"slug\":\"flyer-1\"}");
    assertThat(tp.getString("code")).isEqualTo("flyer-1");
    assertThat(tp.containsKey("stage")).isTrue();
    assertThat(tp.getValue("stage")).isNull();
    assertThat(tp.getValue("medium")).isNull();
  }

  @Test
  void create_missingNameAndChannel_returns400NamingBoth() {
    JsonObject p = assertProblem(createTouchpoint("spring", "{}"), 400);
    assertThat(fields(p)).containsExactlyInAnyOrder("name", "channel");
  }

  @Test
  void create_badChannelStageMedium_returns400NamingEach() {
    JsonObject p = assertProblem(createTouchpoint("spring",
        "{\"name\":\"x\",\"channel\":\"  \",\"stage\":\"later\",\"medium\":\"fax\"}"), 400);
    assertThat(fields(p)).containsExactlyInAnyOrder("channel", "stage", "medium");
    assertThat(p.getString("detail")).contains("qr, url, nfc").contains("awareness");
  }

  @Test
  void create_unknownAndReadOnlyFields_returns400() {
    JsonObject p = assertProblem(createTouchpoint("spring",
        "{\"name\":\"x\",\"channel\":\"poster\",\"url\":\"https://x.example\",\"link\":\"other\",\"code\":\"c\"}"), 400);
    assertThat(fields(p)).containsExactlyInAnyOrder("url", "link", "code");
  }

  @Test
  void create_unknownLink_returns404() {
    JsonObject p = assertProblem(createTouchpoint("nope", "{\"name\":\"x\",\"channel\":\"poster\"}"), 404);
    assertThat(p.getString("detail")).contains("nope");
  }

  @Test
  void create_underATouchpoint_isRefused() {
    createOk("{\"name\":\"x\",\"channel\":\"poster\",\"slug\":\"tp1\"}");
    JsonObject p = assertProblem(createTouchpoint("tp1", "{\"name\":\"y\",\"channel\":\"poster\"}"), 404);
    assertThat(p.getString("detail")).contains("is a touchpoint").contains("spring");
  }

  @Test
  void create_takenSlug_returns409() {
    assertProblem(createTouchpoint("spring", "{\"name\":\"x\",\"channel\":\"poster\",\"slug\":\"spring\"}"), 409);
  }

  @Test
  void list_perLink_newestFirst_andNeverInTheLinkList() {
    createOk("{\"name\":\"a\",\"channel\":\"poster\",\"slug\":\"tp-a\"}");
    createOk("{\"name\":\"b\",\"channel\":\"poster\",\"slug\":\"tp-b\"}");
    JsonObject page = server.send(HttpMethod.GET, "/api/v1/links/spring/touchpoints").bodyAsJsonObject();
    assertThat(page.getJsonArray("touchpoints").stream().map(t -> ((JsonObject) t).getString("code")))
        .containsExactly("tp-b", "tp-a");
    assertThat(page.getValue("nextCursor")).isNull();
    JsonObject first = server.send(HttpMethod.GET, "/api/v1/links/spring/touchpoints?limit=1").bodyAsJsonObject();
    assertThat(first.getString("nextCursor")).isNotNull();

    JsonObject links = server.send(HttpMethod.GET, "/api/v1/links").bodyAsJsonObject();
    assertThat(links.getJsonArray("links").stream().map(l -> ((JsonObject) l).getString("code")))
        .containsExactly("spring");
    JsonObject byCampaign = server.send(HttpMethod.GET, "/api/v1/links?campaign=spring-2027").bodyAsJsonObject();
    assertThat(byCampaign.getJsonArray("links")).hasSize(1);
  }

  @Test
  void list_unknownLink_returns404_andBadLimit400() {
    assertProblem(server.send(HttpMethod.GET, "/api/v1/links/nope/touchpoints"), 404);
    assertInvalid(server.send(HttpMethod.GET, "/api/v1/links/spring/touchpoints?limit=0"), "limit");
  }

  @Test
  void touchpointAndLinkEndpoints_doNotServeEachOther() {
    createOk("{\"name\":\"a\",\"channel\":\"poster\",\"slug\":\"tp-a\"}");
    assertThat(assertProblem(server.send(HttpMethod.GET, "/api/v1/links/tp-a"), 404).getString("detail"))
        .contains("is a touchpoint");
    assertProblem(server.send(HttpMethod.DELETE, "/api/v1/links/tp-a"), 404);
    assertThat(assertProblem(server.send(HttpMethod.GET, "/api/v1/touchpoints/spring"), 404).getString("detail"))
        .contains("is a link");
    assertProblem(server.send(HttpMethod.DELETE, "/api/v1/touchpoints/spring"), 404);
    assertThat(server.send(HttpMethod.GET, "/api/v1/touchpoints/tp-a").statusCode()).isEqualTo(200);
    assertThat(server.send(HttpMethod.GET, "/api/v1/links/spring").statusCode()).isEqualTo(200);
  }

  @Test
  void patch_changesAndClears_keepsCodeAndLink() {
    createOk("{\"name\":\"a\",\"channel\":\"poster\",\"slug\":\"tp-a\",\"notes\":\"n\",\"medium\":\"qr\"}");
    HttpResponse<Buffer> r = server.sendJson(HttpMethod.PATCH, "/api/v1/touchpoints/tp-a",
        "{\"name\":\"renamed\",\"notes\":null,\"stage\":\"loyalty\"}");
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    JsonObject tp = r.bodyAsJsonObject();
    assertThat(tp.getString("name")).isEqualTo("renamed");
    assertThat(tp.getValue("notes")).isNull();
    assertThat(tp.getString("stage")).isEqualTo("loyalty");
    assertThat(tp.getString("medium")).isEqualTo("qr");
    assertThat(tp.getString("link")).isEqualTo("spring");
    assertThat(tp.getString("updatedAt")).isNotEqualTo(tp.getString("createdAt"));
  }

  @Test
  void enabled_defaultsToTrue_canBeCreatedFalse_patched_andNullMeansTrueAgain() {
    assertThat(createOk("{\"name\":\"a\",\"channel\":\"poster\",\"slug\":\"tp-a\"}").getBoolean("enabled")).isTrue();
    assertThat(createOk("{\"name\":\"b\",\"channel\":\"poster\",\"slug\":\"tp-b\",\"enabled\":false}")
        .getBoolean("enabled")).isFalse();
    assertThat(server.store.find("tp-b").result().enabled()).isFalse();

    HttpResponse<Buffer> off = server.sendJson(HttpMethod.PATCH, "/api/v1/touchpoints/tp-a", "{\"enabled\":false}");
    assertThat(off.statusCode()).as(off.bodyAsString()).isEqualTo(200);
    assertThat(off.bodyAsJsonObject().getBoolean("enabled")).isFalse();
    assertThat(off.bodyAsJsonObject().getString("name")).isEqualTo("a");
    assertThat(server.send(HttpMethod.GET, "/api/v1/touchpoints/tp-a").bodyAsJsonObject().getBoolean("enabled")).isFalse();
    assertThat(server.send(HttpMethod.GET, "/api/v1/links/spring").bodyAsJsonObject().getBoolean("enabled"))
        .as("the link stays enabled").isTrue();

    JsonObject on = server.sendJson(HttpMethod.PATCH, "/api/v1/touchpoints/tp-a", "{\"enabled\":null}").bodyAsJsonObject();
    assertThat(on.getBoolean("enabled")).isTrue();
  }

  @Test
  void enabled_notABoolean_returns400NamingIt() {
    assertInvalid(createTouchpoint("spring", "{\"name\":\"a\",\"channel\":\"poster\",\"enabled\":\"no\"}"), "enabled");
    createOk("{\"name\":\"a\",\"channel\":\"poster\",\"slug\":\"tp-a\"}");
    assertInvalid(server.sendJson(HttpMethod.PATCH, "/api/v1/touchpoints/tp-a", "{\"enabled\":0}"), "enabled");
  }

  @Test
  void patch_invalid_returns400NamingEachField() {
    createOk("{\"name\":\"a\",\"channel\":\"poster\",\"slug\":\"tp-a\"}");
    JsonObject p = assertProblem(server.sendJson(HttpMethod.PATCH, "/api/v1/touchpoints/tp-a",
        "{\"name\":null,\"link\":\"other\",\"medium\":\"fax\",\"url\":\"https://x.example\"}"), 400);
    assertThat(fields(p)).containsExactlyInAnyOrder("name", "link", "medium", "url");
  }

  @Test
  void delete_touchpoint_returns204AndLeavesTheLink() {
    createOk("{\"name\":\"a\",\"channel\":\"poster\",\"slug\":\"tp-a\"}");
    assertThat(server.send(HttpMethod.DELETE, "/api/v1/touchpoints/tp-a").statusCode()).isEqualTo(204);
    assertProblem(server.send(HttpMethod.GET, "/api/v1/touchpoints/tp-a"), 404);
    assertThat(server.send(HttpMethod.GET, "/api/v1/links/spring").statusCode()).isEqualTo(200);
  }
}
