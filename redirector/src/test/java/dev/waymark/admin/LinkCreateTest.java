package dev.waymark.admin;

import static dev.waymark.admin.Problems.assertInvalid;
import static dev.waymark.admin.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LinkCreateTest {

  static AdminServer server;

  @BeforeAll
  static void start() {
    server = new AdminServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static JsonObject url() {
    return new JsonObject().put("url", "https://shop.example/spring?ref=poster");
  }

  private static HttpResponse<Buffer> create(JsonObject body) {
    return server.create(body);
  }

  private static HttpResponse<Buffer> raw(String body) {
    return server.sendJson(HttpMethod.POST, "/api/v1/links", body);
  }

  // --- happy paths ---

  @Test
  void create_allFields_returns201WithViewAndLocation() {
    JsonObject body = url().put("slug", "spring-poster").put("campaign", "  spring-2027 ").put("channel", "poster")
        .put("stage", "awareness").put("source", "poster-utrecht-cs").put("tags", new JsonArray().add("a").add("b").add("a"))
        .put("utm", new JsonObject().put("source", "poster").put("medium", "offline"))
        .put("redirect", 301).put("expiresAt", "2030-01-31T23:59:59Z").put("enabled", false);
    HttpResponse<Buffer> r = server.createOk(body);
    assertThat(r.getHeader("Location")).isEqualTo("/api/v1/links/spring-poster");
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
    JsonObject link = r.bodyAsJsonObject();
    assertThat(link.getString("code")).isEqualTo("spring-poster");
    assertThat(link.getString("shortUrl")).isEqualTo("https://wmk.example/spring-poster");
    assertThat(link.getString("url")).isEqualTo("https://shop.example/spring?ref=poster");
    assertThat(link.getString("campaign")).isEqualTo("spring-2027");
    assertThat(link.getString("channel")).isEqualTo("poster");
    assertThat(link.getString("stage")).isEqualTo("awareness");
    assertThat(link.getString("source")).isEqualTo("poster-utrecht-cs");
    assertThat(link.getJsonArray("tags")).containsExactly("a", "b");
    assertThat(link.getJsonObject("utm").getMap()).containsOnlyKeys("source", "medium");
    assertThat(link.getInteger("redirect")).isEqualTo(301);
    assertThat(link.getString("expiresAt")).isEqualTo("2030-01-31T23:59:59Z");
    assertThat(link.getBoolean("enabled")).isFalse();
    assertThat(link.getString("createdAt")).isEqualTo(link.getString("updatedAt"));
  }

  @Test
  void create_onlyUrl_generatesSevenCharCodeAndDefaults() {
    JsonObject link = server.createOk(url()).bodyAsJsonObject();
    assertThat(link.getString("code")).matches("[0-9A-Za-z]{7}");
    assertThat(link.getString("shortUrl")).isEqualTo("https://wmk.example/" + link.getString("code"));
    assertThat(link.getInteger("redirect")).isEqualTo(302);
    assertThat(link.getBoolean("enabled")).isTrue();
    assertThat(link.getJsonArray("tags")).isEmpty();
    assertThat(link.getJsonObject("utm")).isEmpty();
    assertThat(link.containsKey("campaign")).as("unset fields are explicit nulls").isTrue();
    assertThat(link.getString("campaign")).isNull();
    assertThat(link.getString("expiresAt")).isNull();
  }

  @Test
  void create_conversions_defaultsToFalse_trueIsStoredAndShown_nonBooleanIs400() {
    assertThat(server.createOk(url()).bodyAsJsonObject().getBoolean("conversions")).isFalse();
    String code = server.createOk(url().put("conversions", true)).bodyAsJsonObject().getString("code");
    assertThat(server.send(HttpMethod.GET, "/api/v1/links/" + code).bodyAsJsonObject().getBoolean("conversions"))
        .isTrue();
    assertThat(server.store.find(code).result().conversions()).isTrue();
    assertInvalid(create(url().put("conversions", "yes")), "conversions");
  }

  @Test
  void create_nullOptionalFields_meanAbsent() {
    JsonObject link = server.createOk(url().putNull("slug").putNull("campaign").putNull("tags").putNull("redirect")
        .putNull("enabled")).bodyAsJsonObject();
    assertThat(link.getInteger("redirect")).isEqualTo(302);
    assertThat(link.getBoolean("enabled")).isTrue();
  }

  @Test
  void create_storesTheLink() {
    String code = server.createOk(url().put("slug", "stored-one")).bodyAsJsonObject().getString("code");
    assertThat(server.send(HttpMethod.GET, "/api/v1/links/" + code).bodyAsJsonObject().getString("url"))
        .isEqualTo("https://shop.example/spring?ref=poster");
  }

  @Test
  void create_jsonContentTypeWithCharsetAnyCase_isAccepted() {
    HttpResponse<Buffer> r = server.request(HttpMethod.POST, "/api/v1/links")
        .putHeader("Content-Type", "Application/JSON; charset=utf-8").sendBuffer(Buffer.buffer(url().encode())).await();
    assertThat(r.statusCode()).isEqualTo(201);
  }

  @Test
  void create_slugTaken_returns409() {
    server.createOk(url().put("slug", "taken"));
    JsonObject p = assertProblem(create(url().put("slug", "taken")), 409);
    assertThat(p.getString("type")).isEqualTo("https://waymark.dev/problems/conflict");
    assertThat(p.getString("detail")).contains("slug", "taken");
  }

  // --- body shape ---

  @Test
  void create_malformedJson_returns400NamingBody() {
    JsonObject p = assertInvalid(raw("{\"url\": "), "body");
    assertThat(p.getString("detail")).contains("not valid JSON", "line 1");
  }

  @Test
  void create_trailingGarbage_returns400NamingBody() {
    assertInvalid(raw(url().encode() + " {}"), "body");
  }

  @Test
  void create_duplicateMember_returns400NamingBody() {
    assertThat(assertInvalid(raw("{\"url\":\"https://a.example\",\"url\":\"https://b.example\"}"), "body")
        .getString("detail")).contains("url");
  }

  @Test
  void create_deeplyNestedJson_returns400NamingBody() {
    assertInvalid(raw("{\"utm\":" + "[".repeat(5000) + "]".repeat(5000) + "}"), "body");
  }

  @Test
  void create_invalidUtf8_returns400NamingBody() {
    HttpResponse<Buffer> r = server.request(HttpMethod.POST, "/api/v1/links").putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(new byte[] {'{', '"', 'u', (byte) 0xff, '"', ':', '1', '}'})).await();
    assertInvalid(r, "body");
  }

  @Test
  void create_emptyBody_returns400NamingBody() {
    assertInvalid(raw(""), "body");
  }

  @Test
  void create_bodyNotAnObject_returns400NamingBody() {
    assertThat(assertInvalid(raw("[1,2]"), "body").getString("detail")).contains("array");
    assertInvalid(raw("\"https://a.example\""), "body");
    assertInvalid(raw("null"), "body");
  }

  @Test
  void create_bodyOver64KiB_returns413() {
    String big = url().put("campaign", "x".repeat(70 * 1024)).encode();
    JsonObject p = assertProblem(raw(big), 413);
    assertThat(p.getString("detail")).contains("65536");
  }

  @Test
  void create_withoutContentType_returns415() {
    HttpResponse<Buffer> r = server.request(HttpMethod.POST, "/api/v1/links").sendBuffer(Buffer.buffer(url().encode())).await();
    assertThat(assertProblem(r, 415).getString("detail")).contains("application/json");
  }

  @Test
  void create_formContentType_returns415() {
    HttpResponse<Buffer> r = server.request(HttpMethod.POST, "/api/v1/links")
        .putHeader("Content-Type", "application/x-www-form-urlencoded").sendBuffer(Buffer.buffer("url=https://a.example")).await();
    assertProblem(r, 415);
  }

  @Test
  void create_unknownFields_returns400NamingEach() {
    JsonObject p = assertInvalid(create(url().put("colour", "red").put("desitnation", "x")), "colour");
    assertThat(Problems.fields(p)).containsExactlyInAnyOrder("colour", "desitnation");
  }

  @Test
  void create_readOnlyFields_returns400NamingThem() {
    JsonObject p = assertInvalid(create(url().put("code", "abc").put("createdAt", "2020-01-01T00:00:00Z")), "code");
    assertThat(Problems.fields(p)).containsExactlyInAnyOrder("code", "createdAt");
  }

  @Test
  void create_severalMistakes_listsEveryField() {
    JsonObject p = assertInvalid(create(new JsonObject().put("url", 1).put("slug", "a/b").put("redirect", 303)), "url");
    assertThat(Problems.fields(p)).containsExactlyInAnyOrder("url", "slug", "redirect");
    assertThat(p.getString("detail")).contains("url", "slug", "redirect");
  }

  // --- url ---

  @Test
  void create_missingUrl_returns400NamingUrl() {
    assertThat(assertInvalid(create(new JsonObject().put("slug", "no-url")), "url").getString("detail")).contains("required");
  }

  @Test
  void create_nullUrl_returns400NamingUrl() {
    assertInvalid(create(new JsonObject().putNull("url")), "url");
  }

  @Test
  void create_numberUrl_returns400NamingUrl() {
    assertInvalid(create(new JsonObject().put("url", 42)), "url");
  }

  @Test
  void create_javascriptUrl_returns400NamingUrl() {
    assertInvalid(create(new JsonObject().put("url", "javascript:alert(1)")), "url");
  }

  @Test
  void create_dataUrl_returns400NamingUrl() {
    assertInvalid(create(new JsonObject().put("url", "data:text/html,<script>alert(1)</script>")), "url");
  }

  @Test
  void create_fileUrl_returns400NamingUrl() {
    assertInvalid(create(new JsonObject().put("url", "file:///etc/passwd")), "url");
  }

  @Test
  void create_ftpUrl_returns400NamingUrl() {
    assertInvalid(create(new JsonObject().put("url", "ftp://files.example/a")), "url");
  }

  @Test
  void create_relativeUrl_returns400NamingUrl() {
    assertInvalid(create(new JsonObject().put("url", "/spring")), "url");
    assertInvalid(create(new JsonObject().put("url", "//shop.example/spring")), "url");
  }

  @Test
  void create_urlWithoutHost_returns400NamingUrl() {
    assertInvalid(create(new JsonObject().put("url", "https:///path")), "url");
    assertInvalid(create(new JsonObject().put("url", "https:shop.example")), "url");
  }

  @Test
  void create_urlWithSpace_returns400NamingUrl() {
    assertInvalid(create(new JsonObject().put("url", "https://shop.example/a b")), "url");
  }

  @Test
  void create_urlWithControlCharacter_returns400NamingUrl() {
    assertInvalid(create(new JsonObject().put("url", "https://shop.example/a\r\nSet-Cookie: x=1")), "url");
    assertInvalid(create(new JsonObject().put("url", "https://shop.example/\u0000")), "url");
  }

  @Test
  void create_urlWithUserinfo_returns400NamingUrl() {
    assertInvalid(create(new JsonObject().put("url", "http://a@b")), "url");
    assertInvalid(create(new JsonObject().put("url", "https://bank.example:pw@evil.example/")), "url");
  }

  @Test
  void create_urlOver2048Chars_returns400NamingUrl() {
    assertInvalid(create(new JsonObject().put("url", "https://shop.example/" + "a".repeat(2048))), "url");
  }

  @Test
  void create_urlOf2048Chars_isAccepted() {
    String u = "https://shop.example/";
    server.createOk(new JsonObject().put("url", u + "a".repeat(2048 - u.length())));
  }

  @Test
  void create_nonAsciiUrl_returns400NamingUrl() {
    assertInvalid(create(new JsonObject().put("url", "https://shop.example/café")), "url");
  }

  @Test
  void create_urlWithPortAbove65535_returns400NamingUrl() {
    assertInvalid(create(new JsonObject().put("url", "https://shop.example:70000/")), "url");
  }

  @Test
  void create_upperCaseHttpsSchemeAndPort_isAccepted() {
    server.createOk(new JsonObject().put("url", "HTTPS://shop.example:8443/a?b=c#d"));
  }

  // --- slug ---

  @Test
  void create_slugWithSlash_returns400NamingSlug() {
    assertInvalid(create(url().put("slug", "a/b")), "slug");
  }

  @Test
  void create_slugDotDot_returns400NamingSlug() {
    assertInvalid(create(url().put("slug", "..")), "slug");
  }

  @Test
  void create_unicodeSlug_returns400NamingSlug() {
    assertInvalid(create(url().put("slug", "lente-aanbieding-ü")), "slug");
  }

  @Test
  void create_slugWithWhitespace_returns400NamingSlug() {
    assertInvalid(create(url().put("slug", "a b")), "slug");
    assertInvalid(create(url().put("slug", " ab")), "slug");
  }

  @Test
  void create_slugOver64Chars_returns400NamingSlug() {
    assertInvalid(create(url().put("slug", "a".repeat(65))), "slug");
  }

  @Test
  void create_emptySlug_returns400NamingSlug() {
    assertInvalid(create(url().put("slug", "")), "slug");
  }

  @Test
  void create_reservedSlugs_return400NamingSlug() {
    for (String reserved : new String[] {"api", "admin", "health", "metrics", "qr", "static", "robots.txt", "favicon.ico", "API"}) {
      assertInvalid(create(url().put("slug", reserved)), "slug");
    }
  }

  @Test
  void create_numberSlug_returns400NamingSlug() {
    assertInvalid(create(url().put("slug", 123)), "slug");
  }

  // --- other fields ---

  @Test
  void create_unknownStage_returns400NamingStage() {
    assertThat(assertInvalid(create(url().put("stage", "purchase")), "stage").getString("detail")).contains("awareness");
    assertInvalid(create(url().put("stage", "Awareness")), "stage");
  }

  @Test
  void create_redirect303_returns400NamingRedirect() {
    assertInvalid(create(url().put("redirect", 303)), "redirect");
  }

  @Test
  void create_redirectNotInteger_returns400NamingRedirect() {
    assertInvalid(create(url().put("redirect", "301")), "redirect");
    assertInvalid(create(url().put("redirect", 301.5)), "redirect");
    assertInvalid(raw("{\"url\":\"https://a.example\",\"redirect\":301.0}"), "redirect");
    assertInvalid(raw("{\"url\":\"https://a.example\",\"redirect\":99999999999999999999}"), "redirect");
  }

  @Test
  void create_expiresAtInPast_returns400NamingExpiresAt() {
    assertThat(assertInvalid(create(url().put("expiresAt", "2026-11-24T09:59:59Z")), "expiresAt")
        .getString("detail")).contains("future");
  }

  @Test
  void create_expiresAtNotIso_returns400NamingExpiresAt() {
    assertInvalid(create(url().put("expiresAt", "31-01-2030")), "expiresAt");
    assertInvalid(create(url().put("expiresAt", 1900000000)), "expiresAt");
  }

  @Test
  void create_expiresAtBeyondYear9999_returns400NamingTheRange() {
    // Year 999999999 parses as an Instant but overflowed the redirect's epoch millis: 503 forever.
    for (String far : new String[] {"+999999999-12-31T23:59:59Z", "+10000-01-01T00:00:00Z", "9999-12-31T23:59:59.001Z"}) {
      assertThat(assertInvalid(create(url().put("expiresAt", far)), "expiresAt").getString("detail"))
          .as(far).contains("between 2000-01-01T00:00:00Z and 9999-12-31T23:59:59Z");
    }
  }

  @Test
  void create_expiresAtBeforeYear2000_returns400NamingTheRange() {
    assertThat(assertInvalid(create(url().put("expiresAt", "-000001-01-01T00:00:00Z")), "expiresAt")
        .getString("detail")).contains("between 2000-01-01T00:00:00Z and 9999-12-31T23:59:59Z");
  }

  @Test
  void create_expiresAtLastSecondOfYear9999_isAccepted() {
    JsonObject link = server.createOk(url().put("expiresAt", "9999-12-31T23:59:59Z")).bodyAsJsonObject();
    assertThat(link.getString("expiresAt")).isEqualTo("9999-12-31T23:59:59Z");
  }

  @Test
  void create_urlToOwnShortCode_returns400NamingUrl() {
    for (String own : new String[] {"https://wmk.example/spring", "http://WMK.example./abc1234?qr=1",
        "https://wmk.example:443/%73pring"}) {
      assertThat(assertInvalid(create(new JsonObject().put("url", own)), "url").getString("detail"))
          .as(own).contains("leads back to this service's short code");
    }
  }

  @Test
  void create_urlToOwnHostButNotACode_isAccepted() {
    server.createOk(new JsonObject().put("url", "https://wmk.example/robots.txt"));
    server.createOk(new JsonObject().put("url", "https://wmk.example/"));
    server.createOk(new JsonObject().put("url", "https://wmk.example:8443/spring"));
  }

  @Test
  void create_expiresAtWithOffset_isAccepted() {
    JsonObject link = server.createOk(url().put("expiresAt", "2030-01-31T23:59:59+01:00")).bodyAsJsonObject();
    assertThat(link.getString("expiresAt")).isEqualTo("2030-01-31T22:59:59Z");
  }

  @Test
  void create_blankCampaign_returns400NamingCampaign() {
    assertInvalid(create(url().put("campaign", "   ")), "campaign");
  }

  @Test
  void create_campaignOver128Chars_returns400NamingCampaign() {
    assertInvalid(create(url().put("campaign", "c".repeat(129))), "campaign");
  }

  @Test
  void create_campaignWithControlChar_returns400NamingCampaign() {
    assertInvalid(create(url().put("campaign", "spring\u0007")), "campaign");
  }

  @Test
  void create_channelNotString_returns400NamingChannel() {
    assertInvalid(create(url().put("channel", new JsonArray().add("poster"))), "channel");
  }

  @Test
  void create_sourceWithNewline_returns400NamingSource() {
    assertInvalid(create(url().put("source", "poster\nutrecht")), "source");
  }

  @Test
  void create_tagsNotArray_returns400NamingTags() {
    assertInvalid(create(url().put("tags", "spring")), "tags");
  }

  @Test
  void create_tagNotString_returns400NamingTheTag() {
    assertInvalid(create(url().put("tags", new JsonArray().add("ok").add(7))), "tags[1]");
  }

  @Test
  void create_tagWithBadCharacter_returns400NamingTheTag() {
    assertInvalid(create(url().put("tags", new JsonArray().add("with space"))), "tags[0]");
    assertInvalid(create(url().put("tags", new JsonArray().add(""))), "tags[0]");
    assertInvalid(create(url().put("tags", new JsonArray().add("t".repeat(65)))), "tags[0]");
  }

  @Test
  void create_moreThan32Tags_returns400NamingTags() {
    JsonArray tags = new JsonArray();
    IntStream.range(0, 33).forEach(i -> tags.add("t" + i));
    assertInvalid(create(url().put("tags", tags)), "tags");
  }

  @Test
  void create_tagsWithAllowedPunctuation_areAccepted() {
    JsonObject link = server.createOk(url().put("tags", new JsonArray().add("q1:2027").add("a_b-c.d"))).bodyAsJsonObject();
    assertThat(link.getJsonArray("tags")).containsExactly("q1:2027", "a_b-c.d");
  }

  @Test
  void create_utmUnknownKey_returns400NamingIt() {
    assertInvalid(create(url().put("utm", new JsonObject().put("id", "x"))), "utm.id");
  }

  @Test
  void create_utmNotObject_returns400NamingUtm() {
    assertInvalid(create(url().put("utm", "source=poster")), "utm");
  }

  @Test
  void create_utmValueNotString_returns400NamingIt() {
    assertInvalid(create(url().put("utm", new JsonObject().put("medium", 5))), "utm.medium");
  }

  @Test
  void create_enabledNotBoolean_returns400NamingEnabled() {
    assertInvalid(create(url().put("enabled", "yes")), "enabled");
  }
}
