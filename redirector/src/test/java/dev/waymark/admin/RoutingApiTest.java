package dev.waymark.admin;

import static dev.waymark.admin.Problems.assertInvalidOnly;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Journey rules through the admin API: what is created is what is read back (normalised), merge
 * patches replace arrays whole, merge the preview key by key and remove with {@code null}, and
 * touchpoints and imports carry the same members.
 */
class RoutingApiTest {

  static final List<String> MEMBERS =
      List.of("variants", "rules", "ios", "android", "activeFrom", "fallbackUrl", "maxHits", "preview");

  static AdminServer server;
  static int counter;

  @BeforeAll
  static void start() {
    server = new AdminServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** Every member set, conditions written loosely (lower-case country, mixed-case language, days out of order). */
  static JsonObject routing() {
    return new JsonObject("""
        {"variants":[{"id":"a","url":"https://shop.example/a","weight":70},
                     {"id":"b","url":"https://shop.example/b","weight":30}],
         "rules":[{"id":"nightOwls","when":{"device":["Mobile"],"os":["ios","android"],"browser":["safari"],
                    "country":["nl","BE"],"language":["NL","fr-be"],"qr":false,"query":{"ref":"*","lang":"nl"},
                    "time":{"from":"22:00","to":"06:00","days":["sat","fri"],"tz":"Europe/Amsterdam"}},
                   "url":"https://shop.example/night"},
                  {"when":{"qr":true},"variants":[{"id":"x","url":"https://shop.example/x","weight":1},
                                                  {"id":"y","url":"https://shop.example/y","weight":0}]}],
         "ios":"https://apps.apple.com/app/id123",
         "android":"https://play.google.com/store/apps/details?id=dev.example",
         "activeFrom":"2026-12-01T08:00:00Z",
         "fallbackUrl":"https://shop.example/later",
         "maxHits":1000,
         "preview":{"title":" Spring <sale> ","description":"20% off","image":"https://cdn.example/card.png"}}
        """);
  }

  /** {@link #routing()} as the API shows it back. */
  static JsonObject normalised() {
    JsonObject r = routing();
    JsonObject when = r.getJsonArray("rules").getJsonObject(0).getJsonObject("when");
    when.put("device", new JsonArray().add("mobile")).put("country", new JsonArray().add("NL").add("BE"))
        .put("language", new JsonArray().add("nl").add("fr-BE"));
    when.getJsonObject("time").put("days", new JsonArray().add("fri").add("sat"));
    r.getJsonObject("preview").put("title", "Spring <sale>");
    return r;
  }

  static JsonObject createLink(JsonObject members) {
    return server.createOk(members.copy().put("url", "https://shop.example/").put("slug", "r" + counter++)
        .put("expiresAt", "2030-01-01T00:00:00Z")).bodyAsJsonObject();
  }

  static JsonObject patchOk(String path, String body) {
    HttpResponse<Buffer> r = server.request(HttpMethod.PATCH, path)
        .putHeader("Content-Type", "application/merge-patch+json").sendBuffer(Buffer.buffer(body)).await();
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  static JsonObject only(JsonObject view, List<String> members) {
    JsonObject picked = new JsonObject();
    members.stream().filter(view::containsKey).forEach(m -> picked.put(m, view.getValue(m)));
    return picked;
  }

  @Test
  void create_everyMember_isShownNormalisedAndReadBackTheSame() {
    JsonObject created = createLink(routing());
    assertThat(only(created, MEMBERS)).isEqualTo(normalised());
    JsonObject read = server.send(HttpMethod.GET, "/api/v1/links/" + created.getString("code")).bodyAsJsonObject();
    assertThat(read).isEqualTo(created);
  }

  @Test
  void view_asSentBack_createsTheSameRules() {
    JsonObject first = createLink(routing());
    JsonObject second = createLink(only(first, MEMBERS));
    assertThat(only(second, MEMBERS)).isEqualTo(only(first, MEMBERS));
  }

  @Test
  void plainLink_showsNoJourneyMembers() {
    JsonObject plain = createLink(new JsonObject());
    assertThat(plain.fieldNames()).doesNotContainAnyElementsOf(MEMBERS);
    assertThat(plain.containsKey("expiresAt")).as("existing members keep their explicit form").isTrue();
  }

  @Test
  void patch_otherMembers_keepTheRules() {
    JsonObject link = createLink(routing());
    JsonObject after = patchOk("/api/v1/links/" + link.getString("code"), "{\"campaign\":\"summer\",\"utm\":null}");
    assertThat(only(after, MEMBERS)).isEqualTo(normalised());
  }

  @Test
  void patch_arraysAreReplacedWhole_previewMergesKeyByKey_thenGetShowsTheSame() {
    JsonObject link = createLink(routing());
    String path = "/api/v1/links/" + link.getString("code");
    JsonObject after = patchOk(path, """
        {"variants":[{"id":"c","url":"https://shop.example/c","weight":5}],
         "rules":[{"id":"dutch","when":{"country":["nl"]},"url":"https://shop.example/nl"}],
         "maxHits":5,
         "preview":{"title":null,"description":"Now 30% off"}}
        """);
    assertThat(after.getJsonArray("variants")).isEqualTo(new JsonArray(
        "[{\"id\":\"c\",\"url\":\"https://shop.example/c\",\"weight\":5}]"));
    assertThat(after.getJsonArray("rules")).isEqualTo(new JsonArray(
        "[{\"id\":\"dutch\",\"when\":{\"country\":[\"NL\"]},\"url\":\"https://shop.example/nl\"}]"));
    assertThat(after.getLong("maxHits")).isEqualTo(5L);
    assertThat(after.getJsonObject("preview")).isEqualTo(new JsonObject()
        .put("description", "Now 30% off").put("image", "https://cdn.example/card.png"));
    assertThat(after.getString("ios")).as("untouched").isEqualTo("https://apps.apple.com/app/id123");
    assertThat(server.send(HttpMethod.GET, path).bodyAsJsonObject()).isEqualTo(after);
  }

  @Test
  void patch_nullRemovesEachMember_andAnEmptiedPreviewIsRemoved() {
    JsonObject link = createLink(routing());
    String path = "/api/v1/links/" + link.getString("code");
    JsonObject emptied = patchOk(path, "{\"preview\":{\"title\":null,\"description\":null,\"image\":null}}");
    assertThat(emptied.containsKey("preview")).isFalse();
    JsonObject after = patchOk(path, "{\"variants\":null,\"rules\":null,\"ios\":null,\"android\":null,"
        + "\"activeFrom\":null,\"fallbackUrl\":null,\"maxHits\":null,\"preview\":null}");
    assertThat(after.fieldNames()).doesNotContainAnyElementsOf(MEMBERS);
    assertThat(server.send(HttpMethod.GET, path).bodyAsJsonObject()).isEqualTo(after);
    assertThat(server.store.find(link.getString("code")).await().routing()).as("nothing left stored").isNull();
  }

  @Test
  void patch_emptyArrays_removeVariantsAndRules() {
    JsonObject link = createLink(routing());
    JsonObject after = patchOk("/api/v1/links/" + link.getString("code"), "{\"variants\":[],\"rules\":[]}");
    assertThat(after.containsKey("variants")).isFalse();
    assertThat(after.containsKey("rules")).isFalse();
    assertThat(after.containsKey("preview")).isTrue();
  }

  @Test
  void patch_previewOnALinkWithout_createsIt() {
    JsonObject link = createLink(new JsonObject());
    JsonObject after = patchOk("/api/v1/links/" + link.getString("code"), "{\"preview\":{\"title\":\"Hi\"}}");
    assertThat(after.getJsonObject("preview")).isEqualTo(new JsonObject().put("title", "Hi"));
  }

  @Test
  void patch_activeFromAtOrAfterStoredExpiry_isRefusedNamingActiveFrom() {
    JsonObject link = createLink(new JsonObject());
    String path = "/api/v1/links/" + link.getString("code");
    assertInvalidOnly(server.sendJson(HttpMethod.PATCH, path, "{\"activeFrom\":\"2030-01-01T00:00:00Z\"}"),
        "activeFrom");
    assertThat(server.send(HttpMethod.GET, path).bodyAsJsonObject()).isEqualTo(link);
  }

  @Test
  void patch_expiryAtOrBeforeStoredActiveFrom_isRefusedNamingExpiresAt() {
    JsonObject link = createLink(new JsonObject().put("activeFrom", "2028-01-01T00:00:00Z"));
    String path = "/api/v1/links/" + link.getString("code");
    assertInvalidOnly(server.sendJson(HttpMethod.PATCH, path, "{\"expiresAt\":\"2027-06-01T00:00:00Z\"}"),
        "expiresAt");
    // Moving both together is fine: the check is on the merged link.
    JsonObject moved = patchOk(path, "{\"expiresAt\":\"2027-06-01T00:00:00Z\",\"activeFrom\":\"2027-01-01T00:00:00Z\"}");
    assertThat(moved.getString("activeFrom")).isEqualTo("2027-01-01T00:00:00Z");
  }

  @Test
  void activeFrom_inThePast_isAccepted() {
    JsonObject link = createLink(new JsonObject().put("activeFrom", "2020-01-01T00:00:00Z"));
    assertThat(link.getString("activeFrom")).isEqualTo("2020-01-01T00:00:00Z");
  }

  @Test
  void ruleWithEmptyWhen_andFixedOffsetZone_areAccepted() {
    JsonObject link = createLink(new JsonObject("""
        {"rules":[{"when":{"time":{"from":"09:00","tz":"+01:00"}},"url":"https://shop.example/morning"},
                  {"id":"everyoneElse","when":{},"url":"https://shop.example/rest"}]}
        """));
    assertThat(link.getJsonArray("rules").getJsonObject(1).getJsonObject("when")).isEqualTo(new JsonObject());
    assertThat(link.getJsonArray("rules").getJsonObject(0).getJsonObject("when").getJsonObject("time"))
        .isEqualTo(new JsonObject().put("from", "09:00").put("tz", "+01:00"));
  }

  @Test
  void import_itemsWithRules_areCreatedWithThem() {
    JsonObject item = routing().put("url", "https://shop.example/").put("slug", "imported-rules");
    HttpResponse<Buffer> r = server.sendJson(HttpMethod.POST, "/api/v1/links/import",
        new JsonObject().put("links", new JsonArray().add(item)
            .add(new JsonObject().put("url", "https://shop.example/").put("maxHits", 0))).encode());
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    JsonArray results = r.bodyAsJsonObject().getJsonArray("results");
    assertThat(results.getJsonObject(0).getInteger("status")).isEqualTo(201);
    assertThat(results.getJsonObject(1).getInteger("status")).isEqualTo(400);
    JsonObject read = server.send(HttpMethod.GET, "/api/v1/links/imported-rules").bodyAsJsonObject();
    assertThat(only(read, MEMBERS)).isEqualTo(normalised());
  }

  @Test
  void touchpoint_ownRulesAndExpiry_roundTripAndPatch() {
    JsonObject link = createLink(routing());
    String create = "/api/v1/links/" + link.getString("code") + "/touchpoints";
    JsonObject body = routing().put("name", "Poster CS").put("channel", "poster")
        .put("expiresAt", "2027-03-01T00:00:00Z");
    HttpResponse<Buffer> r = server.sendJson(HttpMethod.POST, create, body.encode());
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    JsonObject tp = r.bodyAsJsonObject();
    assertThat(only(tp, MEMBERS)).isEqualTo(normalised());
    assertThat(tp.getString("expiresAt")).isEqualTo("2027-03-01T00:00:00Z");
    String path = "/api/v1/touchpoints/" + tp.getString("code");
    assertThat(server.send(HttpMethod.GET, path).bodyAsJsonObject()).isEqualTo(tp);

    JsonObject after = patchOk(path, "{\"expiresAt\":null,\"rules\":[{\"when\":{\"qr\":true},"
        + "\"url\":\"https://shop.example/scanned\"}],\"preview\":{\"image\":null},\"name\":\"Poster CS 2\"}");
    assertThat(after.containsKey("expiresAt")).isFalse();
    assertThat(after.getJsonArray("rules")).isEqualTo(new JsonArray(
        "[{\"when\":{\"qr\":true},\"url\":\"https://shop.example/scanned\"}]"));
    assertThat(after.getJsonObject("preview")).isEqualTo(new JsonObject()
        .put("title", "Spring <sale>").put("description", "20% off"));
    assertThat(after.getString("name")).isEqualTo("Poster CS 2");
    assertThat(server.send(HttpMethod.GET, path).bodyAsJsonObject()).isEqualTo(after);
  }

  @Test
  void touchpoint_plain_showsNoJourneyMembersNorExpiry() {
    JsonObject link = createLink(routing());
    HttpResponse<Buffer> r = server.sendJson(HttpMethod.POST, "/api/v1/links/" + link.getString("code")
        + "/touchpoints", "{\"name\":\"Flyer\",\"channel\":\"flyer\"}");
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    assertThat(r.bodyAsJsonObject().fieldNames()).doesNotContainAnyElementsOf(MEMBERS).doesNotContain("expiresAt");
  }

  /** POSTs {@code body} as a new touchpoint of a fresh plain link. */
  static HttpResponse<Buffer> createTouchpoint(String body) {
    String link = createLink(new JsonObject()).getString("code");
    return server.sendJson(HttpMethod.POST, "/api/v1/links/" + link + "/touchpoints", body);
  }

  static String createdTouchpoint(String body) {
    HttpResponse<Buffer> r = createTouchpoint(body);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    return "/api/v1/touchpoints/" + r.bodyAsJsonObject().getString("code");
  }

  @Test
  void touchpoint_expiryInThePast_isRefused() {
    assertInvalidOnly(createTouchpoint("{\"name\":\"n\",\"channel\":\"c\",\"expiresAt\":\"2026-01-01T00:00:00Z\"}"),
        "expiresAt");
    String path = createdTouchpoint("{\"name\":\"n\",\"channel\":\"c\"}");
    assertInvalidOnly(server.sendJson(HttpMethod.PATCH, path, "{\"expiresAt\":\"2026-01-01T00:00:00Z\"}"), "expiresAt");
  }

  @Test
  void touchpoint_patchActiveFromAfterItsOwnExpiry_isRefused() {
    String path = createdTouchpoint("{\"name\":\"n\",\"channel\":\"c\",\"expiresAt\":\"2027-01-01T00:00:00Z\"}");
    assertInvalidOnly(server.sendJson(HttpMethod.PATCH, path, "{\"activeFrom\":\"2027-02-01T00:00:00Z\"}"), "activeFrom");
  }

  @Test
  void touchpoint_unknownMember_listsTheJourneyMembersAmongKnown() {
    HttpResponse<Buffer> r = createTouchpoint("{\"name\":\"n\",\"channel\":\"c\",\"utm\":{\"source\":\"x\"}}");
    assertThat(assertInvalidOnly(r, "utm").getString("detail")).contains("activeFrom", "expiresAt", "variants");
  }
}
