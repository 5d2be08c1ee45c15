package dev.waymark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waymark.admin.ApiKey;
import dev.waymark.config.ConfigOptions;
import dev.waymark.config.WaymarkConfig;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The service in this JVM on real loopback sockets: per-port connection caps, slow-header and idle
 * deadlines, half-closing clients and requests without {@code Host}, against both link stores, and
 * the limit on failed admin authentications.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServiceEdgesIT {

  static final String KEY = "connection-test-key-0123";
  static final HttpClient HTTP = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir
  Path tmp;
  private Vertx vertx;
  private Service service;
  private final List<Socket> sockets = new ArrayList<>();

  @AfterEach
  void stop() {
    sockets.forEach(ServiceEdgesIT::closeQuietly);
    if (service != null) {
      service.stop();
    }
  }

  private Service start(String... flags) throws Exception {
    List<String> args = new ArrayList<>(List.of("--http-host", "127.0.0.1", "--http-port", "0",
        "--admin-host", "127.0.0.1", "--admin-port", "0", "--data-dir", tmp.toString(), "--tracking", "off"));
    args.addAll(List.of(flags));
    ConfigOptions options = new ConfigOptions();
    new CommandLine(options).parseArgs(args.toArray(String[]::new));
    WaymarkConfig config = options.toConfig();
    vertx = Vertx.vertx();
    service = Service.start(config, ApiKey.of(KEY), vertx).await(20, TimeUnit.SECONDS);
    return service;
  }

  @Test
  void publicPortAtItsCap_refusesAndCountsTheRest_adminPortStillAnswers() throws Exception {
    start("--http-max-connections", "50", "--admin-max-connections", "4");
    for (int i = 0; i < 70; i++) {
      sockets.add(connect(service.httpPort()));
    }
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(metric("waymark_connections_refused_total{port=\"public\"}")).isEqualTo(20));
    assertThat(metric("waymark_connections_open{port=\"public\"}")).isEqualTo(50);

    // A refused connection is closed at once: a request on it gets no answer.
    try (Socket extra = connect(service.httpPort())) {
      assertThat(exchange(extra, "GET /robots.txt HTTP/1.1\r\nHost: x\r\n\r\n", false)).isEmpty();
    }
    assertThat(admin("/health/live").statusCode()).isEqualTo(200);

    // Room again once held connections go.
    for (Socket s : sockets.subList(0, 10)) {
      s.close();
    }
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(HTTP.send(HttpRequest.newBuilder(pub("/robots.txt")).build(),
            HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200));
  }

  @Test
  void slowHeaders_closedAfterTheHeaderTimeout_evenWhileBytesKeepComing() throws Exception {
    start("--http-header-timeout", "300ms", "--http-idle-timeout", "30s");
    Socket slow = connect(service.httpPort());
    slow.setSoTimeout(100);
    slow.getOutputStream().write("GET /robots.txt HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
    boolean closed = false;
    for (int i = 0; i < 100 && !closed; i++) {
      try {
        slow.getOutputStream().write(("X-Slow-" + i + ": y\r\n").getBytes(StandardCharsets.US_ASCII));
        closed = slow.getInputStream().read() < 0;
      } catch (SocketTimeoutException e) {
        // still open: trickle on
      } catch (IOException e) {
        closed = true; // reset by the server
      }
    }
    assertThat(closed).as("closed while the head was still trickling in").isTrue();
    assertThat(metric("waymark_connections_header_timeouts_total{port=\"public\"}")).isEqualTo(1);
  }

  @Test
  void idleKeepAlive_closedAfterTheIdleTimeout() throws Exception {
    start("--http-idle-timeout", "300ms", "--http-header-timeout", "30s");
    Socket idle = connect(service.httpPort());
    idle.setSoTimeout(5000);
    OutputWrite.send(idle, "GET /robots.txt HTTP/1.1\r\nHost: x\r\n\r\n");
    String first = readResponse(idle.getInputStream());
    assertThat(first).startsWith("HTTP/1.1 200");
    assertThat(idle.getInputStream().read()).as("closed by the server, not timed out here").isEqualTo(-1);
  }

  @Test
  void http11WithoutHost_gets400_http10WithoutHostIsServed() throws Exception {
    start();
    try (Socket s = connect(service.httpPort())) {
      String answer = exchange(s, "GET /robots.txt HTTP/1.1\r\n\r\n", false);
      assertThat(answer).startsWith("HTTP/1.1 400");
      assertThat(answer).contains("Host");
    }
    try (Socket s = connect(service.adminPort())) {
      assertThat(exchange(s, "GET /health/live HTTP/1.1\r\n\r\n", false)).startsWith("HTTP/1.1 400");
    }
    try (Socket s = connect(service.httpPort())) {
      assertThat(exchange(s, "GET /robots.txt HTTP/1.0\r\n\r\n", false)).startsWith("HTTP/1.0 200");
    }
  }

  @Test
  void halfClosedClient_uncachedCode_embeddedStore_getsItsRedirect() throws Exception {
    start();
    halfClosedClientGetsRedirect();
  }

  @Test
  void halfClosedClient_uncachedCode_redisStore_getsItsRedirect() throws Exception {
    String redis = System.getenv("WAYMARK_TEST_REDIS_URL");
    assertThat(redis).as("WAYMARK_TEST_REDIS_URL (run through scripts/test.sh)").isNotBlank();
    start("--redis-url", redis);
    halfClosedClientGetsRedirect();
  }

  private void halfClosedClientGetsRedirect() throws Exception {
    for (int i = 0; i < 5; i++) {
      String slug = "half-" + UUID.randomUUID().toString().substring(0, 8);
      HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(adminUri("/api/v1/links"))
          .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"url\":\"https://example.com/" + slug + "\",\"slug\":\""
              + slug + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      try (Socket s = connect(service.httpPort())) {
        String answer = exchange(s, "GET /" + slug + " HTTP/1.1\r\nHost: x\r\n\r\n", true);
        assertThat(answer).startsWith("HTTP/1.1 302").contains("https://example.com/" + slug);
      }
    }
  }

  @Test
  void wrongKeys_pastTheBudget_get429_evenWithTheRightKey_otherAddressesUnaffected() throws Exception {
    start();
    for (int i = 0; i < 10; i++) {
      assertThat(withKey("wrong-key-" + i).statusCode()).isEqualTo(401);
    }
    HttpResponse<String> throttled = withKey("wrong-key-11");
    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(throttled.headers().firstValue("Retry-After")).hasValueSatisfying(v ->
        assertThat(Long.parseLong(v)).isBetween(1L, 60L));
    assertThat(throttled.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(throttled.body()).contains("too-many-requests");
    // A right key from the guessing address would tell it apart from a wrong one: refused too.
    assertThat(withKey(KEY).statusCode()).isEqualTo(429);

    // The same key from another address is unaffected.
    try (Socket other = new Socket()) {
      other.bind(new InetSocketAddress("127.0.0.2", 0));
      other.connect(new InetSocketAddress("127.0.0.1", service.adminPort()), 2000);
      String answer = exchange(other, "GET /api/v1/links HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + KEY
          + "\r\nConnection: close\r\n\r\n", false);
      assertThat(answer).startsWith("HTTP/1.1 200");
      other.close();
      String metrics = exchangeOn(service.adminPort(), "127.0.0.3", "GET /metrics HTTP/1.1\r\nHost: x\r\n"
          + "Authorization: Bearer " + KEY + "\r\nConnection: close\r\n\r\n");
      assertThat(metrics).contains("waymark_admin_auth_failures_total 10.0")
          .containsPattern("waymark_admin_auth_throttled_total [2-9]\\.0");
    }
  }

  private HttpResponse<String> withKey(String key) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(adminUri("/api/v1/links")).header("Authorization", "Bearer " + key)
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String exchangeOn(int port, String from, String request) throws IOException {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(from, 0));
      s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      return exchange(s, request, false);
    }
  }

  // --- helpers

  private Socket connect(int port) throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
    return s;
  }

  /** Sends {@code request}, optionally shuts down the write side, and reads until the server closes. */
  private static String exchange(Socket s, String request, boolean halfClose) throws IOException {
    s.setSoTimeout(5000);
    OutputWrite.send(s, request);
    if (halfClose) {
      s.shutdownOutput();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      s.getInputStream().transferTo(out);
    } catch (IOException e) {
      // a reset after the answer still leaves the answer
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  /** One response with a Content-Length body, leaving the connection open. */
  private static String readResponse(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.append((char) b);
    }
    Matcher m = Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
    int length = m.find() ? Integer.parseInt(m.group(1)) : 0;
    return head + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
  }

  private URI pub(String path) {
    return URI.create("http://127.0.0.1:" + service.httpPort() + path);
  }

  private URI adminUri(String path) {
    return URI.create("http://127.0.0.1:" + service.adminPort() + path);
  }

  private HttpResponse<String> admin(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(adminUri(path)).header("Authorization", "Bearer " + KEY).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private double metric(String series) throws Exception {
    String body = admin("/metrics").body();
    return Stream.of(body.split("\n")).filter(l -> l.startsWith(series + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1).trim()))
        .findFirst().orElseThrow(() -> new AssertionError(series + " not in /metrics"));
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  private static final class OutputWrite {
    static void send(Socket s, String text) throws IOException {
      s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
    }
  }
}
