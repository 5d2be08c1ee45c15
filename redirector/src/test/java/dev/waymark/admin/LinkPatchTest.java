package dev.waymark.admin;

import static dev.waymark.admin.Problems.assertInvalid;
import static dev.waymark.admin.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LinkPatchTest {

  static AdminServer server;
  static int counter;
  JsonObject link;
  String path;

  @BeforeAll
  static void start() {
    server = new AdminServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void createLink() {
    link = server.createOk(new JsonObject().put("url", "https://shop.example/a").put("slug", "patch-" + counter++)
        .put("campaign", "spring").put("channel", "poster").put("stage", "awareness").put("source", "utrecht")
        .put("tags", new JsonArray().add("a")).put("utm", new JsonObject().put("source", "poster").put("medium", "offline"))
        .put("redirect", 301).put("expiresAt", "2030-01-01T00:00:00Z")).bodyAsJsonObject();
    path = "/api/v1/links/" + link.getString("code");
  }

  private HttpResponse<Buffer> patch(String body) {
    return server.request(HttpMethod.PATCH, path).putHeader("Content-Type", "application/merge-patch+json")
        .sendBuffer(Buffer.buffer(body)).await();
  }

  private JsonObject patchOk(String body) {
    HttpResponse<Buffer> r = patch(body);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  @Test
  void patch_presentFields_replaceAndOthersStay() {
    JsonObject after = patchOk("{\"campaign\":\"summer\",\"tags\":[\"x\",\"y\"],\"redirect\":308}");
    assertThat(after.getString("campaign")).isEqualTo("summer");
    assertThat(after.getJsonArray("tags")).containsExactly("x", "y");
    assertThat(after.getInteger("redirect")).isEqualTo(308);
    assertThat(after.getString("channel")).isEqualTo("poster");
    assertThat(after.getString("url")).isEqualTo("https://shop.example/a");
    assertThat(after.getString("code")).isEqualTo(link.getString("code"));
    assertThat(after.getString("shortUrl")).isEqualTo(link.getString("shortUrl"));
  }

  @Test
  void patch_setsUpdatedAtFromClockAndKeepsCreatedAt() {
    JsonObject after = patchOk("{\"enabled\":false}");
    assertThat(after.getString("createdAt")).isEqualTo(link.getString("createdAt"));
    assertThat(Instant.parse(after.getString("updatedAt"))).isAfter(Instant.parse(link.getString("updatedAt")));
  }

  @Test
  void patch_isStored() {
    patchOk("{\"channel\":\"flyer\"}");
    assertThat(server.send(HttpMethod.GET, path).bodyAsJsonObject().getString("channel")).isEqualTo("flyer");
  }

  @Test
  void patch_nullClearsOptionalFields() {
    JsonObject after = patchOk("{\"campaign\":null,\"channel\":null,\"stage\":null,\"source\":null,"
        + "\"tags\":null,\"utm\":null,\"expiresAt\":null}");
    assertThat(after.getString("campaign")).isNull();
    assertThat(after.getString("channel")).isNull();
    assertThat(after.getString("stage")).isNull();
    assertThat(after.getString("source")).isNull();
    assertThat(after.getJsonArray("tags")).isEmpty();
    assertThat(after.getJsonObject("utm")).isEmpty();
    assertThat(after.getString("expiresAt")).isNull();
  }

  @Test
  void patch_nullRedirectAndEnabled_restoreDefaults() {
    patchOk("{\"enabled\":false}");
    JsonObject after = patchOk("{\"redirect\":null,\"enabled\":null}");
    assertThat(after.getInteger("redirect")).isEqualTo(302);
    assertThat(after.getBoolean("enabled")).isTrue();
  }

  @Test
  void patch_conversions_switchesOn_otherPatchesKeepIt_nullRestoresFalse() {
    assertThat(link.getBoolean("conversions")).isFalse();
    assertThat(patchOk("{\"conversions\":true}").getBoolean("conversions")).isTrue();
    assertThat(patchOk("{\"campaign\":\"summer\"}").getBoolean("conversions")).as("kept").isTrue();
    assertThat(server.send(HttpMethod.GET, path).bodyAsJsonObject().getBoolean("conversions")).isTrue();
    assertThat(patchOk("{\"conversions\":null}").getBoolean("conversions")).isFalse();
    assertInvalid(patch("{\"conversions\":1}"), "conversions");
  }

  @Test
  void patch_utmMergesKeyByKey() {
    JsonObject after = patchOk("{\"utm\":{\"medium\":null,\"campaign\":\"spring-27\"}}");
    assertThat(after.getJsonObject("utm").getMap()).containsOnly(
        java.util.Map.entry("source", "poster"), java.util.Map.entry("campaign", "spring-27"));
  }

  @Test
  void patch_url_replacesDestination() {
    assertThat(patchOk("{\"url\":\"https://shop.example/b\"}").getString("url")).isEqualTo("https://shop.example/b");
  }

  @Test
  void patch_nullUrl_returns400NamingUrl() {
    assertInvalid(patch("{\"url\":null}"), "url");
  }

  @Test
  void patch_badUrl_returns400NamingUrl() {
    assertInvalid(patch("{\"url\":\"javascript:alert(1)\"}"), "url");
  }

  @Test
  void patch_code_returns400NamingCode() {
    assertInvalid(patch("{\"code\":\"other\"}"), "code");
  }

  @Test
  void patch_slug_returns400NamingSlug() {
    assertInvalid(patch("{\"slug\":\"other\"}"), "slug");
  }

  @Test
  void patch_createdAt_returns400NamingCreatedAt() {
    assertInvalid(patch("{\"createdAt\":null}"), "createdAt");
  }

  @Test
  void patch_updatedAt_returns400NamingUpdatedAt() {
    assertInvalid(patch("{\"updatedAt\":\"2030-01-01T00:00:00Z\"}"), "updatedAt");
  }

  @Test
  void patch_unknownField_returns400NamingIt() {
    assertInvalid(patch("{\"colour\":\"red\"}"), "colour");
  }

  @Test
  void patch_expiresAtInPast_returns400NamingExpiresAt() {
    assertInvalid(patch("{\"expiresAt\":\"2020-01-01T00:00:00Z\"}"), "expiresAt");
  }

  @Test
  void patch_expiresAtBeyondYear9999_returns400NamingTheRange() {
    assertThat(assertInvalid(patch("{\"expiresAt\":\"+999999999-12-31T23:59:59Z\"}"), "expiresAt")
        .getString("detail")).contains("9999-12-31T23:59:59Z");
  }

  @Test
  void patch_urlToOwnShortCode_returns400NamingUrl() {
    assertInvalid(patch("{\"url\":\"http://wmk.example/" + link.getString("code") + "\"}"), "url");
  }

  @Test
  void patch_badUtmKey_returns400NamingIt() {
    assertInvalid(patch("{\"utm\":{\"gclid\":\"x\"}}"), "utm.gclid");
  }

  @Test
  void patch_invalid_changesNothing() {
    assertInvalid(patch("{\"campaign\":\"summer\",\"redirect\":303}"), "redirect");
    assertThat(server.send(HttpMethod.GET, path).bodyAsJsonObject().getString("campaign")).isEqualTo("spring");
  }

  @Test
  void patch_plainJsonContentType_isAccepted() {
    HttpResponse<Buffer> r = server.sendJson(HttpMethod.PATCH, path, "{\"channel\":\"sms\"}");
    assertThat(r.statusCode()).isEqualTo(200);
  }

  @Test
  void patch_textContentType_returns415() {
    HttpResponse<Buffer> r = server.request(HttpMethod.PATCH, path).putHeader("Content-Type", "text/plain")
        .sendBuffer(Buffer.buffer("{}")).await();
    assertProblem(r, 415);
  }

  @Test
  void patch_bodyNotObject_returns400NamingBody() {
    assertInvalid(patch("[]"), "body");
  }

  @Test
  void patch_malformedJson_returns400NamingBody() {
    assertInvalid(patch("{campaign: 'x'}"), "body");
  }

  @Test
  void patch_bodyOver64KiB_returns413() {
    assertProblem(patch("{\"campaign\":\"" + "x".repeat(65 * 1024) + "\"}"), 413);
  }

  @Test
  void patch_unknownCode_returns404() {
    HttpResponse<Buffer> r = server.request(HttpMethod.PATCH, "/api/v1/links/nope-nope")
        .putHeader("Content-Type", "application/merge-patch+json").sendBuffer(Buffer.buffer("{}")).await();
    assertThat(assertProblem(r, 404).getString("detail")).contains("nope-nope");
  }

  @Test
  void patch_emptyObject_returnsLinkUnchangedButForUpdatedAt() {
    JsonObject after = patchOk("{}");
    assertThat(after.copy().put("updatedAt", "x")).isEqualTo(link.copy().put("updatedAt", "x"));
  }
}
