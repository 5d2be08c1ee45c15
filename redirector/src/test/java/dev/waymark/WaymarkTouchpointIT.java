package dev.waymark;

import static dev.waymark.WaymarkJarIT.authed;
import static dev.waymark.WaymarkJarIT.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The printed-code journey end to end on the jar: create a link and a touchpoint over the API,
 * fetch the touchpoint's QR image, decode it, follow the URL it holds, and find the hit with both
 * codes and the QR marker in the embedded analytics store.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WaymarkTouchpointIT {

  static final String KEY = WaymarkJarIT.KEY;

  @TempDir
  Path tmp;

  static HttpResponse<String> postJson(WaymarkProcess w, String path, String json) throws Exception {
    return send(authed(w.admin(path), KEY).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  @Test
  void printedCode_decodesToTheTouchpoint_redirectsToTheLink_andTheHitCarriesBothCodes() throws Exception {
    Path data = tmp.resolve("data");
    try (WaymarkProcess w = WaymarkProcess.start(data, Map.of("WAYMARK_ADMIN_API_KEY", KEY)).awaitReady()) {
      HttpResponse<String> link = postJson(w, "/api/v1/links",
          "{\"url\":\"https://example.com/spring\",\"slug\":\"spring\",\"campaign\":\"spring-2027\",\"channel\":\"social\"}");
      assertThat(link.statusCode()).as(link.body()).isEqualTo(201);
      HttpResponse<String> created = postJson(w, "/api/v1/links/spring/touchpoints",
          "{\"name\":\"Poster Utrecht CS\",\"channel\":\"poster\",\"source\":\"utrecht-cs\",\"stage\":\"awareness\","
              + "\"medium\":\"qr\"}");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      JsonObject tp = new JsonObject(created.body());
      String code = tp.getString("code");

      HttpResponse<byte[]> png = WaymarkProcess.HTTP.send(
          authed(w.admin(tp.getJsonObject("qr").getString("png") + "?size=400&fg=1a237e&dots=rounded"), KEY)
              .timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(png.statusCode()).isEqualTo(200);
      String payload = QrImages.decode(png.body());
      assertThat(payload).isEqualTo(tp.getString("shortUrl") + "?qr=1");
      zbarDecode(png.body()).ifPresent(independent -> assertThat(independent).isEqualTo(payload));

      HttpResponse<String> scan = send(HttpRequest.newBuilder(URI.create(payload)));
      assertThat(scan.statusCode()).isEqualTo(302);
      assertThat(scan.headers().firstValue("Location")).hasValue("https://example.com/spring");

      // Disabling the link disables its touchpoints, at once (the same cache invalidation).
      HttpResponse<String> disabled = send(authed(w.admin("/api/v1/links/spring"), KEY)
          .header("Content-Type", "application/merge-patch+json")
          .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"enabled\":false}")));
      assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(200);
      assertThat(send(HttpRequest.newBuilder(URI.create(payload))).statusCode()).isEqualTo(410);

      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> WaymarkJarIT.metric(
          send(authed(w.admin("/metrics"), KEY)).body(), "waymark_analytics_rows_written_total") == 2);
      assertThat(w.terminate(Duration.ofSeconds(10))).isZero();
      assertThat(w.output()).doesNotContain("Exception").doesNotContain("blocked for");

      try (Connection db = DriverManager.getConnection("jdbc:duckdb:" + data.resolve("hits.duckdb"));
          ResultSet rs = db.createStatement().executeQuery("SELECT code, link_code, touchpoint_code, is_qr, channel,"
              + " CAST(stage AS VARCHAR), source, campaign, status FROM hits ORDER BY ts, status")) {
        assertThat(rs.next()).isTrue();
        assertThat(row(rs)).isEqualTo(code + "|spring|" + code + "|1|poster|awareness|utrecht-cs|spring-2027|302");
        assertThat(rs.next()).isTrue();
        assertThat(row(rs)).isEqualTo(code + "|spring|" + code + "|1|poster|awareness|utrecht-cs|spring-2027|410");
      }
    }
  }

  private static String row(ResultSet rs) throws Exception {
    StringBuilder b = new StringBuilder();
    for (int i = 1; i <= 9; i++) {
      b.append(i > 1 ? "|" : "").append(rs.getString(i));
    }
    return b.toString();
  }


  /** The payload as zbar (an independent decoder) reads it, when zbarimg is installed. */
  private java.util.Optional<String> zbarDecode(byte[] png) throws Exception {
    if (!Files.isExecutable(Path.of("/usr/bin/zbarimg"))) {
      return java.util.Optional.empty();
    }
    Path file = tmp.resolve("code.png");
    Files.write(file, png);
    Process p = new ProcessBuilder("/usr/bin/zbarimg", "--quiet", "--raw", file.toString()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("zbarimg exit").isZero();
    return java.util.Optional.of(out);
  }
}
