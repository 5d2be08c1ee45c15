package dev.waymark.admin;

import static dev.waymark.admin.Problems.assertInvalid;
import static dev.waymark.admin.Problems.assertProblem;
import static dev.waymark.admin.Problems.fields;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /api/v1/campaigns} on a real HTTP server over the embedded campaign store. */
class CampaignApiTest {

  AdminServer server;

  @BeforeEach
  void start() {
    server = new AdminServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  HttpResponse<Buffer> put(String path, String body) {
    return server.sendJson(HttpMethod.PUT, "/api/v1/campaigns/" + path, body);
  }

  @Test
  void put_new_returns201WithLocationAndETag_thenGetAndListShowIt() {
    HttpResponse<Buffer> created = put("spring-2026", "{\"conversions\":true}");
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    assertThat(created.getHeader("Location")).isEqualTo("/api/v1/campaigns/spring-2026");
    assertThat(created.getHeader("ETag")).matches("\"[A-Za-z0-9_-]{22}\"");
    JsonObject body = created.bodyAsJsonObject();
    assertThat(body.getString("name")).isEqualTo("spring-2026");
    assertThat(body.getBoolean("conversions")).isTrue();
    assertThat(body.getString("createdAt")).isEqualTo(body.getString("updatedAt"));

    HttpResponse<Buffer> got = server.send(HttpMethod.GET, "/api/v1/campaigns/spring-2026");
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.bodyAsJsonObject()).isEqualTo(body);
    assertThat(got.getHeader("ETag")).isEqualTo(created.getHeader("ETag"));

    assertThat(put("autumn", "{}").statusCode()).isEqualTo(201);
    JsonArray list = server.send(HttpMethod.GET, "/api/v1/campaigns").bodyAsJsonObject().getJsonArray("campaigns");
    assertThat(list.stream().map(c -> ((JsonObject) c).getString("name"))).containsExactly("autumn", "spring-2026");
    assertThat(list.getJsonObject(0).getBoolean("conversions")).as("left out: the default").isFalse();
  }

  @Test
  void put_existing_returns200_keepsCreatedAt_andNewETag() {
    JsonObject first = put("spring", "{\"conversions\":true}").bodyAsJsonObject();
    HttpResponse<Buffer> replaced = put("spring", "{\"conversions\":false,\"name\":\"spring\"}");
    assertThat(replaced.statusCode()).as(replaced.bodyAsString()).isEqualTo(200);
    assertThat(replaced.getHeader("Location")).isNull();
    JsonObject body = replaced.bodyAsJsonObject();
    assertThat(body.getBoolean("conversions")).isFalse();
    assertThat(body.getString("createdAt")).isEqualTo(first.getString("createdAt"));
  }

  @Test
  void nameWithSpacesAndSlash_isPercentEncodedInThePath_andStoredAsLinksNameIt() {
    HttpResponse<Buffer> created = put("Spring%20Sale%2F2026", "{\"conversions\":true}");
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    assertThat(created.bodyAsJsonObject().getString("name")).isEqualTo("Spring Sale/2026");
    assertThat(created.getHeader("Location")).isEqualTo("/api/v1/campaigns/Spring%20Sale%2F2026");
    assertThat(server.send(HttpMethod.GET, created.getHeader("Location")).bodyAsJsonObject().getString("name"))
        .isEqualTo("Spring Sale/2026");
  }

  @Test
  void badBodies_are400NamingEachMember_nothingStored() {
    HttpResponse<Buffer> r = put("spring", "{\"conversions\":\"yes\",\"convertions\":true,\"createdAt\":\"x\"}");
    JsonObject problem = assertInvalid(r, "conversions");
    assertThat(fields(problem)).containsExactlyInAnyOrder("conversions", "convertions", "createdAt");
    assertThat(problem.encode()).contains("must be true or false", "is not a known field; known: conversions, name",
        "is read-only");
    assertThat(assertInvalid(put("spring", "{\"conversions\":1}"), "conversions").encode())
        .contains("must be true or false");
    assertThat(assertInvalid(put("spring", "{\"name\":\"autumn\"}"), "name").encode())
        .contains("must be the name in the path ('spring')");
    assertInvalid(put("spring", "{\"name\":7}"), "name");
    assertProblem(put("spring", "[true]"), 400);
    assertProblem(put("spring", "{\"conversions\":"), 400);
    assertProblem(server.request(HttpMethod.PUT, "/api/v1/campaigns/spring").putHeader("Content-Type", "text/plain")
        .sendBuffer(Buffer.buffer("{\"conversions\":true}")).await(), 415);

    assertProblem(server.send(HttpMethod.GET, "/api/v1/campaigns/spring"), 404);
  }

  @Test
  void badNames_are400NamingName_withALinksCampaignRules() {
    assertThat(assertInvalid(put("%20spring", "{}"), "name").encode()).contains("must not start or end with spaces");
    assertThat(assertInvalid(put("%20", "{}"), "name").encode()).contains("must not be blank");
    assertThat(assertInvalid(put("a%01b", "{}"), "name").encode()).contains("control characters");
    assertThat(assertInvalid(put("x".repeat(129), "{}"), "name").encode())
        .contains("at most 128 characters, was 129");
    assertThat(put("x".repeat(128), "{}").statusCode()).isEqualTo(201);
    HttpResponse<Buffer> malformed = put("%zz", "{}");
    assertThat(malformed.statusCode()).as(malformed.bodyAsString()).isBetween(400, 499);
    assertThat(server.send(HttpMethod.GET, "/api/v1/campaigns/%zz").statusCode()).isBetween(400, 499);
  }

  @Test
  void get_unset_is404Problem_deleteUnset404_deleteSet204ThenGone() {
    JsonObject problem = assertProblem(server.send(HttpMethod.GET, "/api/v1/campaigns/spring"), 404);
    assertThat(problem.getString("detail")).contains("campaign 'spring' has no settings");
    assertProblem(server.send(HttpMethod.DELETE, "/api/v1/campaigns/spring"), 404);

    put("spring", "{\"conversions\":true}");
    assertThat(server.send(HttpMethod.DELETE, "/api/v1/campaigns/spring").statusCode()).isEqualTo(204);
    assertProblem(server.send(HttpMethod.GET, "/api/v1/campaigns/spring"), 404);
    assertThat(server.send(HttpMethod.GET, "/api/v1/campaigns").bodyAsJsonObject().getJsonArray("campaigns")).isEmpty();
  }

  @Test
  void ifMatch_staleTag_is412_currentTagWrites_onPutAndDelete() {
    String tag = put("spring", "{\"conversions\":true}").getHeader("ETag");
    HttpResponse<Buffer> stale = server.request(HttpMethod.PUT, "/api/v1/campaigns/spring")
        .putHeader("Content-Type", "application/json").putHeader("If-Match", "\"nope\"")
        .sendBuffer(Buffer.buffer("{\"conversions\":false}")).await();
    assertProblem(stale, 412);
    HttpResponse<Buffer> ok = server.request(HttpMethod.PUT, "/api/v1/campaigns/spring")
        .putHeader("Content-Type", "application/json").putHeader("If-Match", tag)
        .sendBuffer(Buffer.buffer("{\"conversions\":false}")).await();
    assertThat(ok.statusCode()).as(ok.bodyAsString()).isEqualTo(200);
    assertProblem(server.request(HttpMethod.DELETE, "/api/v1/campaigns/spring").putHeader("If-Match", tag)
        .send().await(), 412);
    assertThat(server.request(HttpMethod.DELETE, "/api/v1/campaigns/spring").putHeader("If-Match", ok.getHeader("ETag"))
        .send().await().statusCode()).isEqualTo(204);
    assertProblem(server.request(HttpMethod.PUT, "/api/v1/campaigns/new").putHeader("Content-Type", "application/json")
        .putHeader("If-Match", "*").sendBuffer(Buffer.buffer("{}")).await(), 412);
  }

  @Test
  void writes_needLinksWrite_readsNeedLinksRead() {
    String reader = server.createKey("reader", "links:read").getString("key");
    assertThat(server.request(HttpMethod.GET, "/api/v1/campaigns", reader).send().await().statusCode()).isEqualTo(200);
    HttpResponse<Buffer> denied = server.request(HttpMethod.PUT, "/api/v1/campaigns/spring", reader)
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{\"conversions\":true}")).await();
    assertThat(assertProblem(denied, 403).getString("detail")).contains("links:write");
    String stats = server.createKey("stats", "stats:read").getString("key");
    assertProblem(server.request(HttpMethod.GET, "/api/v1/campaigns/spring", stats).send().await(), 403);
  }

  @Test
  void storeDown_everyOperationIs503NamingTheCampaignStore() {
    put("spring", "{\"conversions\":true}");
    server.campaigns.down(true);
    for (HttpResponse<Buffer> r : java.util.List.of(server.send(HttpMethod.GET, "/api/v1/campaigns"),
        server.send(HttpMethod.GET, "/api/v1/campaigns/spring"), put("spring", "{\"conversions\":false}"),
        server.send(HttpMethod.DELETE, "/api/v1/campaigns/spring"))) {
      assertThat(assertProblem(r, 503).getString("detail")).contains("campaign store unavailable");
      assertThat(r.getHeader("Retry-After")).isNotNull();
    }
    server.campaigns.down(false);
    assertThat(server.send(HttpMethod.GET, "/api/v1/campaigns/spring").bodyAsJsonObject().getBoolean("conversions"))
        .as("nothing written while down").isTrue();
  }

  @Test
  void putAndDelete_areAudited_withTheSettingsBeforeAndAfter() {
    put("spring", "{\"conversions\":true}");
    put("spring", "{\"conversions\":false}");
    server.send(HttpMethod.DELETE, "/api/v1/campaigns/spring");

    JsonArray entries = server.send(HttpMethod.GET, "/api/v1/audit?target=campaign:spring").bodyAsJsonObject()
        .getJsonArray("entries");
    assertThat(entries).hasSize(3);
    JsonObject deleted = entries.getJsonObject(0);
    assertThat(deleted.getString("action")).isEqualTo("delete");
    assertThat(deleted.getJsonObject("before").getBoolean("conversions")).isFalse();
    assertThat(deleted.getValue("after")).isNull();
    JsonObject updated = entries.getJsonObject(1);
    assertThat(updated.getString("action")).isEqualTo("update");
    assertThat(updated.getJsonObject("before").getBoolean("conversions")).isTrue();
    assertThat(entries.getJsonObject(2).getString("action")).isEqualTo("create");
    assertThat(entries.getJsonObject(2).getValue("before")).isNull();
  }
}
