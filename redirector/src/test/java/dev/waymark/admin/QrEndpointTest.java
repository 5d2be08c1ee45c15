package dev.waymark.admin;

import static dev.waymark.admin.Problems.assertInvalid;
import static dev.waymark.admin.Problems.assertProblem;
import static dev.waymark.admin.Problems.fields;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class QrEndpointTest {

  static AdminServer server;

  @BeforeAll
  static void start() {
    server = new AdminServer();
    server.createOk(new JsonObject().put("url", "https://shop.example/spring").put("slug", "spring"));
    HttpResponse<Buffer> r = server.sendJson(HttpMethod.POST, "/api/v1/links/spring/touchpoints",
        "{\"name\":\"Poster\",\"channel\":\"poster\",\"slug\":\"tp-a\"}");
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpResponse<Buffer> get(String uri) {
    return server.send(HttpMethod.GET, uri);
  }

  static String decode(Buffer png) throws Exception {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png.getBytes()));
    BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)));
    return new QRCodeReader().decode(bitmap).getText();
  }

  @Test
  void linkPng_decodesToTheShortUrlWithQrMarker() throws Exception {
    HttpResponse<Buffer> r = get("/api/v1/links/spring/qr.png");
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(r.getHeader("Content-Type")).isEqualTo("image/png");
    assertThat(r.getHeader("Cache-Control")).isEqualTo("private, max-age=300");
    assertThat(r.getHeader("ETag")).matches("\"[0-9a-f]{32}\"");
    assertThat(r.getHeader("Content-Disposition")).isNull();
    assertThat(decode(r.body())).isEqualTo("https://wmk.example/spring?qr=1");
  }

  @Test
  void touchpointPng_brandedAndSized_decodesToTheTouchpointsShortUrl() throws Exception {
    HttpResponse<Buffer> r = get("/api/v1/touchpoints/tp-a/qr.png?size=300&margin=3&ecc=H&fg=1a237e&bg=%23fffde7"
        + "&eye=b71c1c&dots=dots&eyes=rounded");
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(r.body().getBytes()));
    assertThat(image.getWidth()).isEqualTo(300);
    assertThat(decode(r.body())).isEqualTo("https://wmk.example/tp-a?qr=1");
  }

  /** A 2048 px render (render, encode, decode again) takes longer than the fixture's 300 ms loop limit; close() fails if it ran on the loop. */
  @Test
  void largeSize_isRenderedOffTheEventLoop() throws Exception {
    HttpResponse<Buffer> r = get("/api/v1/links/spring/qr.png?size=2048");
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(ImageIO.read(new ByteArrayInputStream(r.body().getBytes())).getWidth()).isEqualTo(2048);
  }

  @Test
  void svg_isServedAsSvg() {
    HttpResponse<Buffer> r = get("/api/v1/touchpoints/tp-a/qr.svg?dots=rounded");
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(r.getHeader("Content-Type")).isEqualTo("image/svg+xml");
    assertThat(r.bodyAsString()).contains("<svg");
  }

  @Test
  void download_setsAttachmentNamedAfterTheCode() {
    assertThat(get("/api/v1/links/spring/qr.png?download=1").getHeader("Content-Disposition"))
        .isEqualTo("attachment; filename=\"spring.png\"");
    assertThat(get("/api/v1/touchpoints/tp-a/qr.svg?download=true").getHeader("Content-Disposition"))
        .isEqualTo("attachment; filename=\"tp-a.svg\"");
  }

  @Test
  void ifNoneMatch_sameSpec_returns304WithoutBody_otherSpecNewTag() {
    String etag = get("/api/v1/links/spring/qr.png?size=200").getHeader("ETag");
    HttpResponse<Buffer> r = server.request(HttpMethod.GET, "/api/v1/links/spring/qr.png?size=200")
        .putHeader("If-None-Match", "\"other\", " + etag).send().await();
    assertThat(r.statusCode()).isEqualTo(304);
    assertThat(r.getHeader("ETag")).isEqualTo(etag);
    assertThat(r.body() == null || r.body().length() == 0).isTrue();
    assertThat(get("/api/v1/links/spring/qr.png?size=201").getHeader("ETag")).isNotEqualTo(etag);
    assertThat(get("/api/v1/links/spring/qr.svg?size=200").getHeader("ETag")).isNotEqualTo(etag);
  }

  @Test
  void badParams_return400NamingTheQueryParameter() {
    assertInvalid(get("/api/v1/links/spring/qr.png?size=big"), "size");
    assertInvalid(get("/api/v1/links/spring/qr.png?size=10"), "size");
    assertInvalid(get("/api/v1/links/spring/qr.png?size=5000"), "size");
    assertInvalid(get("/api/v1/links/spring/qr.png?margin=0"), "margin");
    assertInvalid(get("/api/v1/links/spring/qr.png?ecc=Z"), "ecc");
    assertInvalid(get("/api/v1/links/spring/qr.png?fg=red"), "fg");
    assertInvalid(get("/api/v1/links/spring/qr.png?eye=12345"), "eye");
    assertInvalid(get("/api/v1/links/spring/qr.png?download=maybe"), "download");
    assertInvalid(get("/api/v1/links/spring/qr.png?logo=acme"), "logo");
    JsonObject p = assertProblem(get("/api/v1/touchpoints/tp-a/qr.svg?dots=stars&eyes=hearts&size=1&size=2"), 400);
    assertThat(fields(p)).containsExactlyInAnyOrder("dots", "eyes", "size");
  }

  @Test
  void lowContrastOrInverted_returns422NamingTheColour() {
    JsonObject p = assertProblem(get("/api/v1/links/spring/qr.png?fg=777777&bg=888888"), 422);
    assertThat(p.getString("type")).isEqualTo("https://waymark.dev/problems/unscannable");
    assertThat(fields(p)).containsExactly("fg");
    assertThat(p.getString("detail")).contains("contrast");
    assertThat(fields(assertProblem(get("/api/v1/links/spring/qr.png?fg=fff&bg=000"), 422))).containsExactly("fg");
    assertThat(fields(assertProblem(get("/api/v1/links/spring/qr.png?eye=eeeeee"), 422))).containsExactly("eye");
  }

  @Test
  void sizeTooSmallForTheData_returns422NamingSize() {
    server.createOk(new JsonObject().put("url", "https://shop.example/").put("slug", "x".repeat(64)));
    JsonObject p = assertProblem(get("/api/v1/links/" + "x".repeat(64) + "/qr.png?size=64&ecc=H"), 422);
    assertThat(fields(p)).containsExactly("size");
  }

  @Test
  void unknownCodeOrWrongKind_returns404() {
    assertProblem(get("/api/v1/links/nope/qr.png"), 404);
    assertProblem(get("/api/v1/links/tp-a/qr.png"), 404);
    assertProblem(get("/api/v1/touchpoints/spring/qr.svg"), 404);
  }
}
