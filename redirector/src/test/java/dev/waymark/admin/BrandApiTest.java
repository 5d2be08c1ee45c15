package dev.waymark.admin;

import static dev.waymark.admin.Problems.assertInvalid;
import static dev.waymark.admin.Problems.assertProblem;
import static dev.waymark.admin.Problems.fields;
import static org.assertj.core.api.Assertions.assertThat;

import dev.waymark.brand.BrandFixtures;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BrandApiTest {

  static final String ACME = "{\"fg\":\"1A237E\",\"bg\":\"#fffde7\",\"eye\":\"#b71c1c\",\"dots\":\"DOTS\","
      + "\"eyes\":\"rounded\",\"ecc\":\"q\",\"size\":400,\"margin\":3,\"logoSize\":0.18}";

  AdminServer server;

  @BeforeEach
  void start() {
    server = new AdminServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  HttpResponse<Buffer> put(String name, String body) {
    return server.sendJson(HttpMethod.PUT, "/api/v1/brands/" + name, body);
  }

  HttpResponse<Buffer> upload(String name, String type, byte[] image) {
    return server.request(HttpMethod.PUT, "/api/v1/brands/" + name + "/logo").putHeader("Content-Type", type)
        .sendBuffer(Buffer.buffer(image)).await();
  }

  JsonObject putOk(String name, String body, int status) {
    HttpResponse<Buffer> r = put(name, body);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
    return r.bodyAsJsonObject();
  }

  @Test
  void put_new_returns201InCanonicalSpelling_thenGetAndListShowIt() {
    HttpResponse<Buffer> r = put("acme", ACME);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    assertThat(r.getHeader("Location")).isEqualTo("/api/v1/brands/acme");
    JsonObject brand = r.bodyAsJsonObject();
    assertThat(brand.getString("name")).isEqualTo("acme");
    assertThat(brand.getString("fg")).isEqualTo("#1a237e");
    assertThat(brand.getString("eye")).isEqualTo("#b71c1c");
    assertThat(brand.getString("dots")).isEqualTo("dots");
    assertThat(brand.getString("ecc")).isEqualTo("Q");
    assertThat(brand.getInteger("size")).isEqualTo(400);
    assertThat(brand.getInteger("margin")).isEqualTo(3);
    assertThat(brand.getDouble("logoSize")).isEqualTo(0.18);
    assertThat(brand.containsKey("logo")).isTrue();
    assertThat(brand.getValue("logo")).isNull();

    assertThat(server.send(HttpMethod.GET, "/api/v1/brands/acme").bodyAsJsonObject()).isEqualTo(brand);
    putOk("beta", "{}", 201);
    JsonObject list = server.send(HttpMethod.GET, "/api/v1/brands").bodyAsJsonObject();
    assertThat(list.getJsonArray("brands").stream().map(b -> ((JsonObject) b).getString("name")))
        .containsExactly("acme", "beta");
  }

  @Test
  void put_empty_takesTheQrDefaults() {
    JsonObject brand = putOk("plain", "{}", 201);
    assertThat(brand.getString("fg")).isEqualTo("#000000");
    assertThat(brand.getString("bg")).isEqualTo("#ffffff");
    assertThat(brand.getValue("eye")).isNull();
    assertThat(brand.getString("dots")).isEqualTo("square");
    assertThat(brand.getString("eyes")).isEqualTo("square");
    assertThat(brand.getString("ecc")).isEqualTo("M");
    assertThat(brand.getInteger("size")).isEqualTo(512);
    assertThat(brand.getInteger("margin")).isEqualTo(4);
    assertThat(brand.getDouble("logoSize")).isEqualTo(0.2);
  }

  @Test
  void put_existing_returns200_replacesSettings_keepsCreatedAtAndLogo() {
    JsonObject first = putOk("acme", ACME, 201);
    assertThat(upload("acme", "image/png", BrandFixtures.pngLogo()).statusCode()).isEqualTo(200);

    JsonObject second = putOk("acme", "{\"fg\":\"#222222\",\"name\":\"acme\"}", 200);

    assertThat(second.getString("fg")).isEqualTo("#222222");
    assertThat(second.getString("dots")).as("left out: the default again").isEqualTo("square");
    assertThat(second.getString("createdAt")).isEqualTo(first.getString("createdAt"));
    assertThat(second.getString("updatedAt")).isNotEqualTo(first.getString("updatedAt"));
    assertThat(second.getJsonObject("logo").getString("mediaType")).isEqualTo("image/png");
  }

  @Test
  void post_creates201_takenName409_missingName400() {
    HttpResponse<Buffer> r = server.sendJson(HttpMethod.POST, "/api/v1/brands", "{\"name\":\"acme\",\"fg\":\"#333\"}");
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    assertThat(r.getHeader("Location")).isEqualTo("/api/v1/brands/acme");
    assertThat(r.bodyAsJsonObject().getString("fg")).isEqualTo("#333333");
    assertThat(fields(assertProblem(server.sendJson(HttpMethod.POST, "/api/v1/brands", "{\"name\":\"acme\"}"), 409)))
        .containsExactly("name");
    assertInvalid(server.sendJson(HttpMethod.POST, "/api/v1/brands", "{\"fg\":\"#333\"}"), "name");
  }

  @Test
  void badValues_return400NamingEveryField() {
    JsonObject p = assertProblem(put("acme", "{\"fg\":\"red\",\"bg\":\"#12345\",\"eye\":12,\"dots\":\"stars\","
        + "\"eyes\":\"hearts\",\"ecc\":\"Z\",\"logoSize\":0.9}"), 400);
    assertThat(p.getString("type")).isEqualTo("https://waymark.dev/problems/validation");
    assertThat(fields(p)).containsExactlyInAnyOrder("fg", "bg", "eye", "dots", "eyes", "ecc", "logoSize");
  }

  @Test
  void sizeAndMargin_outOfRangeOrNotWholeNumbers_return400() {
    for (String size : List.of("0", "-5", "63", "4097", "99999999999", "\"big\"", "12.5")) {
      assertInvalid(put("acme", "{\"size\":" + size + "}"), "size");
    }
    for (String margin : List.of("1", "17", "-1", "\"4\"")) {
      assertInvalid(put("acme", "{\"margin\":" + margin + "}"), "margin");
    }
    assertThat(server.send(HttpMethod.GET, "/api/v1/brands/acme").statusCode()).as("nothing stored").isEqualTo(404);
  }

  @Test
  void unknownAndReadOnlyMembers_return400() {
    JsonObject p = assertProblem(put("acme", "{\"colour\":\"#000\",\"logo\":\"x\",\"createdAt\":\"now\"}"), 400);
    assertThat(fields(p)).containsExactlyInAnyOrder("colour", "logo", "createdAt");
    assertThat(p.getString("detail")).contains("/logo");
  }

  @Test
  void lowContrastOrInverted_returns422NamingTheColour() {
    JsonObject p = assertProblem(put("acme", "{\"fg\":\"#777777\",\"bg\":\"#888888\"}"), 422);
    assertThat(fields(p)).containsExactly("fg");
    assertThat(p.getString("detail")).contains("contrast");
    assertThat(fields(assertProblem(put("acme", "{\"eye\":\"#eeeeee\"}"), 422))).containsExactly("eye");
    assertThat(fields(assertProblem(put("acme", "{\"fg\":\"#fff\",\"bg\":\"#000\"}"), 422))).containsExactly("fg");
  }

  @Test
  void sizeTooSmallForTheCode_returns422NamingSize() {
    assertThat(fields(assertProblem(put("acme", "{\"size\":64,\"ecc\":\"H\",\"margin\":16}"), 422)))
        .containsExactly("size");
  }

  @Test
  void badBrandNames_areRefusedPrecisely() {
    for (String name : List.of("Acme", "acme_x", "-acme", "acme-", "a".repeat(64))) {
      assertThat(assertInvalid(put(name, "{}"), "name").getString("detail")).contains("a-z 0-9");
    }
    assertThat(assertInvalid(put("none", "{}"), "name").getString("detail")).contains("logo=none");
    assertInvalid(server.sendJson(HttpMethod.POST, "/api/v1/brands", "{\"name\":\"Big Co\"}"), "name");
    assertInvalid(put("acme", "{\"name\":\"other\"}"), "name");
    assertProblem(server.send(HttpMethod.GET, "/api/v1/brands/Acme"), 404);
  }

  @Test
  void unknownBrand_getDeleteAndLogo_return404() {
    assertThat(assertProblem(server.send(HttpMethod.GET, "/api/v1/brands/ghost"), 404).getString("detail"))
        .contains("ghost");
    assertProblem(server.send(HttpMethod.DELETE, "/api/v1/brands/ghost"), 404);
    assertProblem(upload("ghost", "image/png", BrandFixtures.pngLogo()), 404);
    assertProblem(server.send(HttpMethod.GET, "/api/v1/brands/ghost/logo"), 404);
  }

  @Test
  void delete_returns204_andTheBrandIsGone() {
    putOk("acme", ACME, 201);
    assertThat(server.send(HttpMethod.DELETE, "/api/v1/brands/acme").statusCode()).isEqualTo(204);
    assertProblem(server.send(HttpMethod.GET, "/api/v1/brands/acme"), 404);
  }

  @Test
  void logo_uploadGetDelete() {
    putOk("acme", ACME, 201);
    byte[] png = BrandFixtures.pngLogo();

    HttpResponse<Buffer> r = upload("acme", "image/png", png);

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    JsonObject logo = r.bodyAsJsonObject().getJsonObject("logo");
    assertThat(logo.getString("mediaType")).isEqualTo("image/png");
    assertThat(logo.getInteger("bytes")).isEqualTo(png.length);
    assertThat(logo.getString("sha256")).matches("[0-9a-f]{64}");
    assertThat(logo.getString("href")).isEqualTo("/api/v1/brands/acme/logo");
    HttpResponse<Buffer> image = server.send(HttpMethod.GET, "/api/v1/brands/acme/logo");
    assertThat(image.statusCode()).isEqualTo(200);
    assertThat(image.getHeader("Content-Type")).isEqualTo("image/png");
    assertThat(image.body().getBytes()).isEqualTo(png);

    assertThat(server.send(HttpMethod.DELETE, "/api/v1/brands/acme/logo").statusCode()).isEqualTo(204);
    assertThat(server.send(HttpMethod.GET, "/api/v1/brands/acme").bodyAsJsonObject().getValue("logo")).isNull();
    assertThat(assertProblem(server.send(HttpMethod.GET, "/api/v1/brands/acme/logo"), 404).getString("detail"))
        .contains("has no logo");
    assertProblem(server.send(HttpMethod.DELETE, "/api/v1/brands/acme/logo"), 404);
  }

  @Test
  void logo_svg_isStoredSanitised() {
    putOk("acme", ACME, 201);
    byte[] svg = BrandFixtures.svg("<circle cx=\"50\" cy=\"50\" r=\"40\" fill=\"#c62828\"/>");
    HttpResponse<Buffer> r = upload("acme", "image/svg+xml; charset=utf-8", svg);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().getJsonObject("logo").getString("mediaType")).isEqualTo("image/svg+xml");
    assertThat(server.send(HttpMethod.GET, "/api/v1/brands/acme/logo").bodyAsString()).contains("<circle");
  }

  @Test
  void logo_hostileOrBrokenUploads_return400NamingLogo_andStoreNothing() {
    putOk("acme", ACME, 201);
    assertThat(assertInvalid(upload("acme", "image/png", "hello".getBytes(StandardCharsets.UTF_8)), "logo")
        .getString("detail")).contains("neither a PNG nor an SVG");
    assertThat(assertInvalid(upload("acme", "image/png", BrandFixtures.pngHeaderClaiming(100_000, 100_000)), "logo")
        .getString("detail")).contains("declares 100000×100000 px");
    assertThat(assertInvalid(upload("acme", "image/svg+xml",
        BrandFixtures.svg("<script>alert(1)</script>")), "logo").getString("detail")).contains("<script>");
    assertThat(assertInvalid(upload("acme", "image/svg+xml",
        BrandFixtures.svg("<image href=\"https://evil.example/x.png\" width=\"10\" height=\"10\"/>")), "logo")
        .getString("detail")).contains("external reference");
    assertThat(assertInvalid(upload("acme", "image/svg+xml",
        BrandFixtures.svg("<use xlink:href=\"http://evil.example/a.svg#x\"/>")), "logo")
        .getString("detail")).contains("external reference");
    assertThat(assertInvalid(upload("acme", "image/png", BrandFixtures.svgLogo()), "logo").getString("detail"))
        .contains("sent as image/png");
    assertThat(assertInvalid(upload("acme", "image/png", new byte[0]), "logo").getString("detail")).contains("empty");
    assertThat(server.send(HttpMethod.GET, "/api/v1/brands/acme").bodyAsJsonObject().getValue("logo")).isNull();
  }

  @Test
  void logo_svgThatCouldRestyleOrOverflow_return400NamingTheProblem_neverStored() {
    putOk("acme", ACME, 201);
    assertThat(assertInvalid(upload("acme", "image/svg+xml",
        BrandFixtures.svg("<style>path { fill: #fff }</style><circle r=\"40\"/>")), "logo")
        .getString("detail")).contains("SVG contains a <style> element; a style sheet would apply to the whole QR code");
    assertThat(assertInvalid(upload("acme", "image/svg+xml",
        BrandFixtures.svg("<rect width=\"9\" height=\"9\" style=\"fill:u\\72l(https://evil.example/p#x)\"/>")), "logo")
        .getString("detail")).contains("SVG attribute fill='u\\72l(https://evil.example/p#x)' (in style) on <rect>");
    assertThat(assertInvalid(upload("acme", "image/svg+xml",
        BrandFixtures.svg("<g>".repeat(20_000) + "</g>".repeat(20_000))), "logo")
        .getString("detail")).contains("SVG nests elements more than 24 deep");
    assertThat(server.send(HttpMethod.GET, "/api/v1/brands/acme").bodyAsJsonObject().getValue("logo")).isNull();
  }

  @Test
  void logo_wrongContentType_returns415() {
    putOk("acme", ACME, 201);
    assertThat(assertProblem(upload("acme", "image/jpeg", BrandFixtures.pngLogo()), 415).getString("detail"))
        .contains("image/png or image/svg+xml");
    assertProblem(upload("acme", "application/json", "{}".getBytes(StandardCharsets.UTF_8)), 415);
    assertThat(assertProblem(server.request(HttpMethod.PUT, "/api/v1/brands/acme/logo")
        .sendBuffer(Buffer.buffer(BrandFixtures.pngLogo())).await(), 415).getString("detail")).contains("none was sent");
  }

  @Test
  void logo_overOneMebibyte_returns413WithTheLimit_butOver64KiBIsFine() {
    putOk("acme", ACME, 201);
    JsonObject p = assertProblem(upload("acme", "image/png", new byte[(1 << 20) + 1]), 413);
    assertThat(p.getString("detail")).contains("1048577 bytes").contains("1048576");
    // Above the JSON body limit but below the logo limit: refused for what it is, not for its size.
    assertInvalid(upload("acme", "image/png", new byte[100_000]), "logo");
  }

  @Test
  void logo_tooLargeForTheCode_returns422NamingLogoSize() {
    putOk("acme", "{\"logoSize\":0.5}", 201);
    // Square: half the width each way clears a quarter of the symbol.
    JsonObject p = assertProblem(upload("acme", "image/svg+xml", BrandFixtures.svgLogo()), 422);
    assertThat(fields(p)).containsExactly("logoSize");
    assertThat(p.getString("detail")).contains("ECC H");
  }

  @Test
  void brandStoreDown_returns503() {
    putOk("acme", ACME, 201);
    server.brands.down(true);
    try {
      assertThat(assertProblem(server.send(HttpMethod.GET, "/api/v1/brands/acme"), 503).getString("detail"))
          .contains("brand store");
      assertProblem(server.send(HttpMethod.GET, "/api/v1/links/x/qr.png?brand=acme"), 404);
    } finally {
      server.brands.down(false);
    }
  }
}
