package dev.waymark;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The runnable jar on embedded defaults, driven over HTTP the way the README tour drives it. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WaymarkJarIT {

  static final String KEY = "it-key-0123456789abcdef";

  @TempDir
  Path tmp;

  static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return WaymarkProcess.HTTP.send(request.timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpRequest.Builder authed(URI uri, String key) {
    return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + key);
  }

  static HttpResponse<String> createLink(WaymarkProcess w, String key, String json) throws Exception {
    return send(authed(w.admin("/api/v1/links"), key)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  @Test
  void tour_createFollowMeasureRestartStop() throws Exception {
    Path data = tmp.resolve("data");
    try (WaymarkProcess w = WaymarkProcess.start(data, Map.of("WAYMARK_ADMIN_API_KEY", KEY,
        "WAYMARK_SHORT_DOMAINS", "go.example")).awaitReady()) {
      for (String loop : new String[] {"http://127.0.0.1:" + w.httpPort + "/spring", "https://GO.example./spring"}) {
        HttpResponse<String> refused = createLink(w, KEY, "{\"url\":\"" + loop + "\"}");
        assertThat(refused.statusCode()).as(loop).isEqualTo(400);
        assertThat(refused.body()).as(loop).contains("\"field\":\"url\"").contains("leads back");
      }
      HttpResponse<String> created = createLink(w, KEY,
          "{\"url\":\"https://example.com/spring?lang=nl\",\"slug\":\"spring\",\"campaign\":\"spring-2026\","
              + "\"channel\":\"poster\",\"stage\":\"awareness\"}");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      assertThat(created.body()).contains("\"shortUrl\":\"http://127.0.0.1:" + w.httpPort + "/spring\"");

      HttpResponse<String> scan = send(HttpRequest.newBuilder(w.pub("/spring?qr=1&ref=flyer")));
      assertThat(scan.statusCode()).isEqualTo(302);
      assertThat(scan.headers().firstValue("Location")).hasValue("https://example.com/spring?lang=nl&ref=flyer");
      assertThat(scan.headers().firstValue("Cache-Control")).hasValue("private, max-age=0");

      HttpResponse<String> head = send(HttpRequest.newBuilder(w.pub("/spring"))
          .method("HEAD", HttpRequest.BodyPublishers.noBody()));
      assertThat(head.statusCode()).isEqualTo(302);

      assertThat(send(HttpRequest.newBuilder(w.pub("/nosuchcode"))).statusCode()).isEqualTo(404);
      assertThat(send(HttpRequest.newBuilder(w.pub("/robots.txt"))).statusCode()).isEqualTo(200);
      assertThat(send(HttpRequest.newBuilder(w.pub("/favicon.ico"))).statusCode()).isEqualTo(204);

      HttpResponse<String> metrics = send(authed(w.admin("/metrics"), KEY));
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metric(metrics.body(), "waymark_redirects_total{status=\"302\"}")).isEqualTo(2.0);
      assertThat(metric(metrics.body(), "waymark_redirects_total{status=\"404\"}")).isEqualTo(1.0);
      // The GET loaded /spring, the HEAD found it cached; /nosuchcode was asked of the store once.
      assertThat(metric(metrics.body(), "cache_gets_total{cache=\"links\",result=\"hit\"}")).isEqualTo(1.0);
      assertThat(metric(metrics.body(), "cache_gets_total{cache=\"links\",result=\"miss\"}")).isEqualTo(2.0);
      assertThat(metric(metrics.body(), "cache_loads_total{cache=\"links\",result=\"success\"}")).isEqualTo(2.0);
      assertThat(metric(metrics.body(), "cache_size{cache=\"links\"}")).isEqualTo(1.0);
      assertThat(send(HttpRequest.newBuilder(w.admin("/metrics"))).statusCode()).isEqualTo(401);

      assertThat(w.terminate(Duration.ofSeconds(10))).as("exit status after SIGTERM").isZero();
      assertThat(w.output()).doesNotContain("Exception").doesNotContain("blocked for");
    }
    // Embedded store is a file: the link survives a restart.
    try (WaymarkProcess w = WaymarkProcess.start(data, Map.of("WAYMARK_ADMIN_API_KEY", KEY)).awaitReady()) {
      HttpResponse<String> again = send(HttpRequest.newBuilder(w.pub("/spring")));
      assertThat(again.statusCode()).isEqualTo(302);
      assertThat(w.terminate(Duration.ofSeconds(10))).isZero();
    }
  }

  @Test
  void firstStart_withoutKey_printsOneOnceAndAcceptsIt() throws Exception {
    Path data = tmp.resolve("data");
    String key;
    try (WaymarkProcess w = WaymarkProcess.start(data, Map.of()).awaitReady()) {
      Matcher m = Pattern.compile("(wmk_[A-Za-z0-9_-]{20,})").matcher(w.stdout());
      assertThat(m.find()).as(w.output()).isTrue();
      key = m.group(1);
      assertThat(createLink(w, key, "{\"url\":\"https://example.com/\"}").statusCode()).isEqualTo(201);
      assertThat(createLink(w, key + "x", "{\"url\":\"https://example.com/\"}").statusCode()).isEqualTo(401);
      assertThat(w.terminate(Duration.ofSeconds(10))).isZero();
    }
    assertThat(Files.readString(data.resolve("admin-key.sha256"))).doesNotContain(key);
    try (WaymarkProcess w = WaymarkProcess.start(data, Map.of()).awaitReady()) {
      assertThat(w.stdout()).doesNotContain("wmk_");
      assertThat(createLink(w, key, "{\"url\":\"https://example.com/\"}").statusCode()).isEqualTo(201);
    }
  }

  @Test
  void badSetting_exits2WithOneLineNamingTheVariable() throws Exception {
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        WaymarkProcess.jar().toString()).redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.startsWith("WAYMARK_"));
    builder.environment().put("WAYMARK_HTTP_PORT", "eighty");
    builder.environment().put("WAYMARK_DATA_DIR", tmp.resolve("data").toString());
    Process p = builder.start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String output = new String(p.getInputStream().readAllBytes()).trim();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(output).isEqualTo("waymark: WAYMARK_HTTP_PORT (--http-port): 'eighty' is not a whole number");
  }

  @Test
  void warmUp_writesAClassDataArchiveAndLeavesNothingBehind() throws Exception {
    Path archive = tmp.resolve("waymark.jsa");
    Path scratch = Files.createDirectories(tmp.resolve("scratch"));
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:ArchiveClassesAtExit=" + archive, "-Djava.io.tmpdir=" + scratch, "-jar",
        WaymarkProcess.jar().toString(), "warm-up").redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.startsWith("WAYMARK_"));
    // Configured stores must not be touched: these would fail the run if they were used.
    builder.environment().put("WAYMARK_REDIS_URL", "redis://127.0.0.1:1/0");
    builder.environment().put("WAYMARK_CLICKHOUSE_URL", "http://127.0.0.1:1");
    builder.environment().put("WAYMARK_DATA_DIR", tmp.resolve("configured-data").toString());
    Process p = builder.start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).doesNotContain("warm-up failed", "ERROR");
    assertThat(Files.size(archive)).as("class-data archive").isGreaterThan(1 << 20);
    assertThat(tmp.resolve("configured-data")).doesNotExist();
    try (var left = Files.list(scratch)) {
      assertThat(left.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith("waymark-warm-up"));
    }
  }

  @Test
  void publicPort_hostileRequests_neverGet5xxOrStackTraces() throws Exception {
    try (WaymarkProcess w = WaymarkProcess.start(tmp.resolve("data"), Map.of("WAYMARK_ADMIN_API_KEY", KEY)).awaitReady()) {
      int[] statuses = {
          rawStatus(w.httpPort, "GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n"),
          rawStatus(w.httpPort, "GET /%zz%%%25 HTTP/1.1\r\nHost: x\r\n\r\n"),
          rawStatus(w.httpPort, "GET /a%2Fb HTTP/1.1\r\nHost: x\r\n\r\n"),
          rawStatus(w.httpPort, "GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n"),
          rawStatus(w.httpPort, "GET /abc HTTP/1.1\r\nHost: x\r\n" + "X-Flood: y\r\n".repeat(2000) + "\r\n"),
          rawStatus(w.httpPort, "POST /abc HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"),
          rawStatus(w.httpPort, "GET /abc?q=%00%ff\u00e9 HTTP/1.1\r\nHost: x\r\n\r\n"),
          rawStatus(w.httpPort, "BREW /coffee HTTP/1.1\r\nHost: x\r\n\r\n"),
          rawStatus(w.httpPort, "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001 not http\r\n\r\n"),
          rawStatus(w.httpPort, "GET /abc HTTP/1.1\r\nHost: x\r\nContent-Length: many\r\n\r\n"),
          rawStatus(w.httpPort, "GET /abc HTTP/1.1\r\nBad Header: x\r\n\r\n"),
      };
      assertThat(statuses).containsExactly(414, 404, 404, 404, 431, 405, 404, 405, 400, 400, 400);
      assertThat(w.output()).doesNotContain("Exception");
    }
  }

  /** Sends raw bytes and returns the status of the answer (0 when the connection closed silently). */
  static int rawStatus(int port, String request) throws Exception {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
      s.setSoTimeout(5000);
      s.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      byte[] buf = new byte[4096];
      int n = s.getInputStream().read(buf);
      if (n <= 0) {
        return 0;
      }
      String head = new String(buf, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
      assertThat(head).doesNotContain("Exception").doesNotContain("at io.").doesNotContain("at dev.");
      return Integer.parseInt(head.split(" ", 3)[1]);
    }
  }

  static double metric(String exposition, String series) {
    for (String line : exposition.split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    throw new AssertionError("no series " + series + " in metrics");
  }
}
