package dev.waymark;

import dev.waymark.admin.ApiKey;
import dev.waymark.config.ConfigException;
import dev.waymark.config.ConfigOptions;
import dev.waymark.config.WaymarkConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

/**
 * {@code waymark warm-up}: runs the service once on a throw-away data directory and loopback
 * ports with the embedded stores, whatever is configured, drives every kind of request through it
 * (link create, import, list, redirect, unknown code, health, metrics), waits for the analytics
 * sink, and exits. Run under {@code -XX:ArchiveClassesAtExit=waymark.jsa}, it is the training run
 * of an AppCDS archive: started with {@code -XX:SharedArchiveFile=waymark.jsa}, Waymark loads
 * these classes from the archive instead of parsing and verifying them from the jar, which is
 * most of its start-up. The launcher and the Docker image do this once per build.
 */
@Command(name = "warm-up", mixinStandardHelpOptions = true,
    description = "Run the service once on a temporary data dir (for a class-data archive) and exit.")
final class WarmUpCommand implements Callable<Integer> {

  private static final Duration ANALYTICS_WAIT = Duration.ofSeconds(90);

  @Override
  public Integer call() throws Exception {
    Path dir = Files.createTempDirectory("waymark-warm-up");
    String key = "wmk_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    WaymarkConfig config;
    try {
      // Explicit values win over WAYMARK_* variables: never the configured Redis, ClickHouse or data.
      config = ConfigOptions.parse(
          "--data-dir", dir.toString(), "--http-host", "127.0.0.1", "--http-port", "0",
          "--admin-host", "127.0.0.1", "--admin-port", "0", "--admin-api-key", key,
          "--redis-url", "", "--clickhouse-url", "").toConfig();
    } catch (ConfigException e) {
      System.err.println("waymark: " + e.getMessage());
      return 2;
    }
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    Service service = null;
    try {
      service = Service.start(config, ApiKey.of(key), vertx).await(60, TimeUnit.SECONDS);
      exercise(service, key);
      return 0;
    } catch (IOException | RuntimeException e) {
      System.err.println("waymark: warm-up failed: " + e.getMessage());
      return 1;
    } finally {
      if (service != null) {
        service.stop();
      } else {
        vertx.close();
      }
      deleteTree(dir);
    }
  }

  private static void exercise(Service service, String key) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    String admin = "http://127.0.0.1:" + service.adminPort();
    String pub = "http://127.0.0.1:" + service.httpPort();
    send(http, admin, key, "POST", "/api/v1/links", "{\"url\":\"https://example.com/w\",\"slug\":\"warm-up\","
        + "\"campaign\":\"w\",\"channel\":\"c\",\"stage\":\"awareness\",\"tags\":[\"t\"],\"utm\":{\"source\":\"s\"}}", 201);
    send(http, admin, key, "POST", "/api/v1/links/import", "{\"links\":[{\"url\":\"https://example.com/i\"},"
        + "{\"url\":\"bad\"}]}", 200);
    send(http, admin, key, "POST", "/api/v1/links/warm-up/touchpoints", "{\"name\":\"poster\",\"channel\":\"poster\",\"slug\":\"warm-tp\"}", 201);
    send(http, admin, key, "GET", "/api/v1/links?campaign=w", null, 200);
    send(http, admin, key, "GET", "/api/v1/links/warm-up", null, 200);
    send(http, admin, key, "GET", "/api/v1/links/nope", null, 404);
    send(http, admin, key, "GET", "/metrics", null, 200);
    for (int i = 0; i < 200; i++) { // a few hundred, so the redirect path's first compilations happen too
      send(http, pub, null, "GET", "/warm-up?qr=1&utm_term=x", null, 302);
      send(http, pub, null, "GET", "/warm-tp", null, 302);
      send(http, pub, null, "GET", "/unknown" + i, null, 404);
    }
    long deadline = System.nanoTime() + ANALYTICS_WAIT.toNanos();
    // The analytics sink (UA parser, DuckDB) opens in the background; its classes belong in the archive too.
    while (send(http, admin, null, "GET", "/health/ready", null, 200).contains("STARTING")) {
      if (System.nanoTime() > deadline) {
        System.err.println("waymark: warm-up: analytics sink not open after " + ANALYTICS_WAIT.toSeconds() + " s");
        break;
      }
      Thread.sleep(100);
    }
  }

  private static String send(HttpClient http, String base, String key, String method, String path, String json,
      int expected) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != expected) {
      throw new IllegalStateException("warm-up: " + method + " " + path + " answered " + response.statusCode()
          + ", expected " + expected + ": " + response.body());
    }
    return response.body();
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
