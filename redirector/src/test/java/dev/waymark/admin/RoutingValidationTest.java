package dev.waymark.admin;

import static dev.waymark.admin.Problems.assertInvalidOnly;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad journey-rule member is a 400 problem naming exactly its path, the same through each
 * way in: link create, link patch, touchpoint create, touchpoint patch, and an import item (whose
 * paths start with {@code links[0].}).
 */
class RoutingValidationTest {

  static AdminServer server;
  static final String U = "https://shop.example/";
  static final String V = "{\"id\":\"a\",\"url\":\"" + U + "a\",\"weight\":1}";
  static final String RULE = "{\"when\":{\"os\":[\"ios\"]},\"url\":\"" + U + "r\"}";

  @BeforeAll
  static void start() {
    server = new AdminServer();
    server.createOk(new JsonObject().put("url", U).put("slug", "base"));
    HttpResponse<Buffer> tp = server.sendJson(HttpMethod.POST, "/api/v1/links/base/touchpoints",
        "{\"name\":\"Poster\",\"channel\":\"poster\",\"slug\":\"base-tp\"}");
    assertThat(tp.statusCode()).as(tp.bodyAsString()).isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String variants(int n) {
    return IntStream.range(0, n).mapToObj(i -> "{\"id\":\"v" + i + "\",\"url\":\"" + U + i + "\",\"weight\":1}")
        .collect(Collectors.joining(",", "[", "]"));
  }

  static String rules(int n) {
    return Stream.generate(() -> RULE).limit(n).collect(Collectors.joining(",", "[", "]"));
  }

  static String when(String conditions) {
    return "\"rules\":[" + RULE + "," + RULE + "," + RULE + ",{\"when\":{" + conditions + "},\"url\":\"" + U + "w\"}]";
  }

  static String time(String members) {
    return when("\"time\":{" + members + "}");
  }

  static Stream<Arguments> badInput() {
    return Stream.of(
        Arguments.of("\"variants\":{}", "variants"),
        Arguments.of("\"variants\":" + variants(11), "variants"),
        Arguments.of("\"variants\":[1]", "variants[0]"),
        Arguments.of("\"variants\":[{\"id\":\"a\",\"url\":\"" + U + "\",\"weight\":1,\"share\":2}]", "variants[0].share"),
        Arguments.of("\"variants\":[{\"id\":\"a\",\"url\":\"" + U + "\"}]", "variants[0].weight"),
        Arguments.of("\"variants\":[{\"url\":\"" + U + "\",\"weight\":1}]", "variants[0].id"),
        Arguments.of("\"variants\":[{\"id\":\"a\",\"weight\":1}]", "variants[0].url"),
        Arguments.of("\"variants\":[{\"id\":\"a b\",\"url\":\"" + U + "\",\"weight\":1}]", "variants[0].id"),
        Arguments.of("\"variants\":[{\"id\":\"" + "x".repeat(33) + "\",\"url\":\"" + U + "\",\"weight\":1}]",
            "variants[0].id"),
        Arguments.of("\"variants\":[" + V + "," + V + "]", "variants[1].id"),
        Arguments.of("\"variants\":[{\"id\":\"a\",\"url\":\"" + U + "\",\"weight\":-1}]", "variants[0].weight"),
        Arguments.of("\"variants\":[{\"id\":\"a\",\"url\":\"" + U + "\",\"weight\":1000001}]", "variants[0].weight"),
        Arguments.of("\"variants\":[{\"id\":\"a\",\"url\":\"" + U + "\",\"weight\":1.5}]", "variants[0].weight"),
        Arguments.of("\"variants\":[{\"id\":\"a\",\"url\":\"" + U + "\",\"weight\":\"1\"}]", "variants[0].weight"),
        Arguments.of("\"variants\":[{\"id\":\"a\",\"url\":\"" + U + "\",\"weight\":0},"
            + "{\"id\":\"b\",\"url\":\"" + U + "\",\"weight\":0}]", "variants"),
        Arguments.of("\"variants\":[{\"id\":\"a\",\"url\":\"javascript:alert(1)\",\"weight\":1}]", "variants[0].url"),
        Arguments.of("\"variants\":[{\"id\":\"a\",\"url\":\"data:text/html,hi\",\"weight\":1}]", "variants[0].url"),
        Arguments.of("\"variants\":[{\"id\":\"a\",\"url\":\"https:///nohost\",\"weight\":1}]", "variants[0].url"),
        Arguments.of("\"variants\":[{\"id\":\"a\",\"url\":\"https://wmk.example/base\",\"weight\":1}]",
            "variants[0].url"),
        Arguments.of("\"rules\":{}", "rules"),
        Arguments.of("\"rules\":" + rules(51), "rules"),
        Arguments.of("\"rules\":[\"ios\"]", "rules[0]"),
        Arguments.of("\"rules\":[{\"when\":{},\"url\":\"" + U + "\",\"then\":1}]", "rules[0].then"),
        Arguments.of("\"rules\":[{\"id\":\"1st\",\"when\":{},\"url\":\"" + U + "\"}]", "rules[0].id"),
        Arguments.of("\"rules\":[{\"id\":\"ios\",\"when\":{},\"url\":\"" + U + "\"}]", "rules[0].id"),
        Arguments.of("\"rules\":[{\"id\":\"Window\",\"when\":{},\"url\":\"" + U + "\"}]", "rules[0].id"),
        Arguments.of("\"rules\":[{\"id\":\"" + "r".repeat(33) + "\",\"when\":{},\"url\":\"" + U + "\"}]", "rules[0].id"),
        Arguments.of("\"rules\":[{\"id\":\"x\",\"when\":{},\"url\":\"" + U + "\"},{\"id\":\"x\",\"when\":{},\"url\":\""
            + U + "\"}]", "rules[1].id"),
        Arguments.of("\"rules\":[{\"url\":\"" + U + "\"}]", "rules[0].when"),
        Arguments.of("\"rules\":[{\"when\":[],\"url\":\"" + U + "\"}]", "rules[0].when"),
        Arguments.of("\"rules\":[{\"when\":{},\"url\":\"" + U + "\",\"variants\":[" + V + "]}]", "rules[0]"),
        Arguments.of("\"rules\":[{\"when\":{}}]", "rules[0]"),
        Arguments.of("\"rules\":[{\"when\":{},\"variants\":[]}]", "rules[0].variants"),
        Arguments.of("\"rules\":[{\"when\":{},\"variants\":[{\"id\":\"a\",\"url\":\"" + U + "\",\"weight\":0}]}]",
            "rules[0].variants"),
        Arguments.of("\"rules\":[{\"when\":{},\"variants\":[{\"id\":\"a\",\"url\":\"ftp://x.example\",\"weight\":1}]}]",
            "rules[0].variants[0].url"),
        Arguments.of("\"rules\":[{\"when\":{},\"url\":\"javascript:alert(1)\"}]", "rules[0].url"),
        Arguments.of(when("\"foo\":[\"x\"]"), "rules[3].when.foo"),
        Arguments.of(when("\"device\":[]"), "rules[3].when.device"),
        Arguments.of(when("\"device\":\"mobile\""), "rules[3].when.device"),
        Arguments.of(when("\"device\":[\"phone\"]"), "rules[3].when.device[0]"),
        Arguments.of(when("\"device\":[\"mobile\",1]"), "rules[3].when.device[1]"),
        Arguments.of(when("\"os\":[\"symbian\"]"), "rules[3].when.os[0]"),
        Arguments.of(when("\"os\":[\"ios\",\"IOS\"]"), "rules[3].when.os[1]"),
        Arguments.of(when("\"browser\":[\"ie\"]"), "rules[3].when.browser[0]"),
        Arguments.of(when("\"country\":[]"), "rules[3].when.country"),
        Arguments.of(when("\"country\":[\"XX\"]"), "rules[3].when.country[0]"),
        Arguments.of(when("\"country\":[\"NLD\"]"), "rules[3].when.country[0]"),
        Arguments.of(when("\"language\":[\"english\"]"), "rules[3].when.language[0]"),
        Arguments.of(when("\"language\":[\"en_US\"]"), "rules[3].when.language[0]"),
        Arguments.of(when("\"language\":[\"en-XX\"]"), "rules[3].when.language[0]"),
        Arguments.of(when("\"language\":[\"qq\"]"), "rules[3].when.language[0]"),
        Arguments.of(when("\"qr\":\"yes\""), "rules[3].when.qr"),
        Arguments.of(when("\"query\":[]"), "rules[3].when.query"),
        Arguments.of(when("\"query\":{}"), "rules[3].when.query"),
        Arguments.of(when("\"query\":{\"ref\":1}"), "rules[3].when.query.ref"),
        Arguments.of(when("\"query\":{\"\":\"x\"}"), "rules[3].when.query"),
        Arguments.of(when("\"time\":\"08:00-18:00\""), "rules[3].when.time"),
        Arguments.of(time("\"from\":\"08:00\""), "rules[3].when.time.tz"),
        Arguments.of(time("\"from\":\"08:00\",\"tz\":\"Mars/Olympus\""), "rules[3].when.time.tz"),
        Arguments.of(time("\"from\":\"08:00\",\"tz\":\"europe/amsterdam\""), "rules[3].when.time.tz"),
        Arguments.of(time("\"from\":\"08:00\",\"tz\":1"), "rules[3].when.time.tz"),
        Arguments.of(time("\"from\":\"8:00\",\"tz\":\"UTC\""), "rules[3].when.time.from"),
        Arguments.of(time("\"to\":\"24:00\",\"tz\":\"UTC\""), "rules[3].when.time.to"),
        Arguments.of(time("\"to\":\"12:60\",\"tz\":\"UTC\""), "rules[3].when.time.to"),
        Arguments.of(time("\"from\":\"09:00\",\"to\":\"09:00\",\"tz\":\"UTC\""), "rules[3].when.time.to"),
        Arguments.of(time("\"days\":[\"monday\"],\"tz\":\"UTC\""), "rules[3].when.time.days[0]"),
        Arguments.of(time("\"days\":[\"mon\",\"mon\"],\"tz\":\"UTC\""), "rules[3].when.time.days[1]"),
        Arguments.of(time("\"days\":[],\"tz\":\"UTC\""), "rules[3].when.time.days"),
        Arguments.of(time("\"tz\":\"UTC\""), "rules[3].when.time"),
        Arguments.of(time("\"from\":\"08:00\",\"tz\":\"UTC\",\"zone\":\"UTC\""), "rules[3].when.time.zone"),
        Arguments.of("\"ios\":\"myapp://open\"", "ios"),
        Arguments.of("\"ios\":true", "ios"),
        Arguments.of("\"android\":\"javascript:alert(1)\"", "android"),
        Arguments.of("\"fallbackUrl\":\"ftp://files.example/x\"", "fallbackUrl"),
        Arguments.of("\"fallbackUrl\":\"https://user@shop.example/\"", "fallbackUrl"),
        Arguments.of("\"activeFrom\":\"tomorrow\"", "activeFrom"),
        Arguments.of("\"activeFrom\":\"1999-12-31T23:59:59Z\"", "activeFrom"),
        Arguments.of("\"activeFrom\":\"2031-01-01T00:00:00Z\",\"expiresAt\":\"2030-01-01T00:00:00Z\"", "activeFrom"),
        Arguments.of("\"activeFrom\":\"2030-01-01T00:00:00Z\",\"expiresAt\":\"2030-01-01T00:00:00Z\"", "activeFrom"),
        Arguments.of("\"maxHits\":0", "maxHits"),
        Arguments.of("\"maxHits\":1000000000001", "maxHits"),
        Arguments.of("\"maxHits\":\"5\"", "maxHits"),
        Arguments.of("\"maxHits\":2.5", "maxHits"),
        Arguments.of("\"preview\":\"Spring sale\"", "preview"),
        Arguments.of("\"preview\":{}", "preview"),
        Arguments.of("\"preview\":{\"title\":\"x\",\"site\":\"y\"}", "preview.site"),
        Arguments.of("\"preview\":{\"title\":\"" + "t".repeat(201) + "\"}", "preview.title"),
        Arguments.of("\"preview\":{\"title\":\"a\\u0007b\"}", "preview.title"),
        Arguments.of("\"preview\":{\"title\":\" \"}", "preview.title"),
        Arguments.of("\"preview\":{\"description\":\"" + "d".repeat(501) + "\"}", "preview.description"),
        Arguments.of("\"preview\":{\"image\":\"javascript:alert(1)\"}", "preview.image"),
        Arguments.of("\"preview\":{\"image\":\"ftp://cdn.example/card.png\"}", "preview.image"),
        Arguments.of("\"preview\":{\"image\":\"/card.png\"}", "preview.image"),
        Arguments.of("\"preview\":{\"image\":\"https://cdn.example/" + "i".repeat(2048) + "\"}", "preview.image"));
  }

  @ParameterizedTest(name = "{1}: {0}")
  @MethodSource("badInput")
  void badMember_returns400NamingItsPath_onEveryWayIn(String members, String field) {
    String link = "{\"url\":\"" + U + "\"," + members + "}";
    assertInvalidOnly(server.sendJson(HttpMethod.POST, "/api/v1/links", link), field);
    assertInvalidOnly(server.sendJson(HttpMethod.PATCH, "/api/v1/links/base", "{" + members + "}"), field);
    assertInvalidOnly(server.sendJson(HttpMethod.POST, "/api/v1/links/base/touchpoints",
        "{\"name\":\"n\",\"channel\":\"c\"," + members + "}"), field);
    assertInvalidOnly(server.sendJson(HttpMethod.PATCH, "/api/v1/touchpoints/base-tp", "{" + members + "}"), field);

    HttpResponse<Buffer> imported = server.sendJson(HttpMethod.POST, "/api/v1/links/import",
        "{\"links\":[" + link + "]}");
    assertThat(imported.statusCode()).as(imported.bodyAsString()).isEqualTo(200);
    JsonObject result = imported.bodyAsJsonObject().getJsonArray("results").getJsonObject(0);
    assertThat(result.getInteger("status")).isEqualTo(400);
    assertThat(result.getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")))
        .containsExactly("links[0]." + field);
  }

  @Test
  void badInput_nothingWasWritten() {
    JsonObject base = server.send(HttpMethod.GET, "/api/v1/links/base").bodyAsJsonObject();
    assertThat(base.fieldNames()).doesNotContain("variants", "rules", "ios", "android", "activeFrom", "fallbackUrl",
        "maxHits", "preview");
    JsonObject tp = server.send(HttpMethod.GET, "/api/v1/touchpoints/base-tp").bodyAsJsonObject();
    assertThat(tp.fieldNames()).doesNotContain("variants", "rules", "expiresAt", "preview");
  }

  @Test
  void unknownCondition_listsTheKnownOnes() {
    JsonObject problem = assertInvalidOnly(server.sendJson(HttpMethod.POST, "/api/v1/links",
        "{\"url\":\"" + U + "\"," + when("\"foo\":[\"x\"]") + "}"), "rules[3].when.foo");
    assertThat(problem.getString("detail"))
        .contains("known: browser, country, device, language, os, qr, query, time");
  }

  @Test
  void unknownDevice_listsTheKnownNames() {
    JsonObject problem = assertInvalidOnly(server.sendJson(HttpMethod.POST, "/api/v1/links",
        "{\"url\":\"" + U + "\"," + when("\"device\":[\"phone\"]") + "}"), "rules[3].when.device[0]");
    assertThat(problem.getString("detail")).contains("console, desktop, mobile, tablet, tv, wearable");
  }

  @Test
  void emptyCondition_saysToListAtLeastOne() {
    JsonObject problem = assertInvalidOnly(server.sendJson(HttpMethod.POST, "/api/v1/links",
        "{\"url\":\"" + U + "\"," + when("\"country\":[]") + "}"), "rules[3].when.country");
    assertThat(problem.getString("detail")).contains("must list at least one");
  }

  @Test
  void severalBadMembers_areAllNamedInOneAnswer() {
    HttpResponse<Buffer> r = server.sendJson(HttpMethod.POST, "/api/v1/links", "{\"url\":\"" + U + "\","
        + "\"maxHits\":0,\"preview\":{\"image\":\"x\"},\"rules\":[{\"when\":{\"os\":[\"beos\"],\"time\":{\"tz\":\"UTC\","
        + "\"from\":\"7\"}},\"url\":\"" + U + "\"}]}");
    assertThat(Problems.fields(Problems.assertProblem(r, 400))).containsExactlyInAnyOrder(
        "maxHits", "preview.image", "rules[0].when.os[0]", "rules[0].when.time.from");
  }
}
