package dev.waymark;

import static dev.waymark.WaymarkJarIT.authed;
import static dev.waymark.WaymarkJarIT.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.waymark.brand.BrandFixtures;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Brand kits and touchpoint switches on the jar: create a brand, upload its logo, fetch a
 * touchpoint's branded QR code and decode it with ZXing and zbar; disable one touchpoint and see
 * it answer 410 while its link and a sibling still redirect; restart and find the brand again.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WaymarkBrandIT {

  static final String KEY = WaymarkJarIT.KEY;

  @TempDir
  Path tmp;

  @Test
  void brandedCode_withLogo_decodes_andADisabledTouchpointAnswers410WhileTheLinkRedirects() throws Exception {
    Path data = tmp.resolve("data");
    String payload;
    try (WaymarkProcess w = WaymarkProcess.start(data, Map.of("WAYMARK_ADMIN_API_KEY", KEY)).awaitReady()) {
      assertThat(json(w, "POST", "/api/v1/links", "{\"url\":\"https://example.com/spring\",\"slug\":\"spring\"}")
          .statusCode()).isEqualTo(201);
      JsonObject poster = new JsonObject(json(w, "POST", "/api/v1/links/spring/touchpoints",
          "{\"name\":\"Poster\",\"channel\":\"poster\",\"medium\":\"qr\"}").body());
      JsonObject flyer = new JsonObject(json(w, "POST", "/api/v1/links/spring/touchpoints",
          "{\"name\":\"Flyer\",\"channel\":\"flyer\"}").body());

      HttpResponse<String> brand = json(w, "PUT", "/api/v1/brands/acme",
          "{\"fg\":\"#1a237e\",\"eye\":\"#b71c1c\",\"dots\":\"rounded\",\"eyes\":\"circle\",\"size\":600}");
      assertThat(brand.statusCode()).as(brand.body()).isEqualTo(201);
      HttpResponse<String> logo = send(authed(w.admin("/api/v1/brands/acme/logo"), KEY)
          .header("Content-Type", "image/png")
          .PUT(HttpRequest.BodyPublishers.ofByteArray(BrandFixtures.pngLogo())));
      assertThat(logo.statusCode()).as(logo.body()).isEqualTo(200);

      HttpResponse<byte[]> png = WaymarkProcess.HTTP.send(authed(w.admin(
              poster.getJsonObject("qr").getString("png") + "?brand=acme"), KEY).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(png.statusCode()).isEqualTo(200);
      assertThat(ImageIO.read(new ByteArrayInputStream(png.body())).getWidth()).as("the brand's size").isEqualTo(600);
      payload = poster.getString("shortUrl") + "?qr=1";
      assertThat(QrImages.decode(png.body())).isEqualTo(payload);
      assertThat(zbar(png.body())).isEqualTo(payload);

      HttpResponse<String> off = send(authed(w.admin("/api/v1/touchpoints/" + poster.getString("code")), KEY)
          .header("Content-Type", "application/merge-patch+json")
          .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"enabled\":false}")));
      assertThat(off.statusCode()).as(off.body()).isEqualTo(200);
      assertThat(send(HttpRequest.newBuilder(URI.create(payload))).statusCode()).isEqualTo(410);
      assertThat(send(HttpRequest.newBuilder(w.pub("/spring"))).statusCode()).isEqualTo(302);
      assertThat(send(HttpRequest.newBuilder(URI.create(flyer.getString("shortUrl")))).statusCode()).isEqualTo(302);

      assertThat(w.terminate(Duration.ofSeconds(10))).isZero();
      assertThat(w.output()).doesNotContain("Exception").doesNotContain("blocked for");
    }

    // The brand and its logo are in brands.mv beside links.mv, and survive a restart.
    assertThat(data.resolve("brands.mv")).exists();
    try (WaymarkProcess w = WaymarkProcess.start(data, Map.of("WAYMARK_ADMIN_API_KEY", KEY)).awaitReady()) {
      HttpResponse<byte[]> image = WaymarkProcess.HTTP.send(authed(w.admin("/api/v1/brands/acme/logo"), KEY).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(image.statusCode()).isEqualTo(200);
      assertThat(image.body()).isEqualTo(BrandFixtures.pngLogo());
    }
  }

  private static HttpResponse<String> json(WaymarkProcess w, String method, String path, String body) throws Exception {
    return send(authed(w.admin(path), KEY).header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(body)));
  }


  /** The payload as zbar, an independent decoder, reads it; scripts/test.sh installs zbarimg. */
  private String zbar(byte[] png) throws Exception {
    assertThat(Path.of("/usr/bin/zbarimg")).as("zbarimg (zbar-tools; `scripts/services.sh tools`)").isExecutable();
    Path file = tmp.resolve("branded.png");
    Files.write(file, png);
    Process p = new ProcessBuilder("/usr/bin/zbarimg", "--quiet", "--raw", file.toString()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("zbarimg exit").isZero();
    return out;
  }
}
