package dev.waymark.printrun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of the admin API a print run uses, in memory on loopback, answering as Waymark does
 * (201, 409 for a taken slug, 404, 422 problems, 401 for a wrong key), and counting what it was
 * asked: how many touchpoint creations, and the most requests it ever had in flight at once.
 */
final class FakeAdminApi implements AutoCloseable {

  static final String KEY = "wmk_fake-key";
  static final String PUBLIC = "https://wmk.example/";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CREATE = Pattern.compile("/api/v1/links/([^/]+)/touchpoints");
  private static final Pattern LINK_QR = Pattern.compile("/api/v1/links/([^/]+)/qr\\.(png|svg)");
  private static final Pattern TOUCHPOINT = Pattern.compile("/api/v1/touchpoints/([^/]+)");
  private static final Pattern TOUCHPOINT_QR = Pattern.compile("/api/v1/touchpoints/([^/]+)/qr\\.(png|svg)");

  /** Touchpoints by code: their link and name. */
  final Map<String, String[]> touchpoints = new ConcurrentHashMap<>();
  final Set<String> links = ConcurrentHashMap.newKeySet();
  /** Codes of touchpoints switched off on their own. */
  final Set<String> disabled = ConcurrentHashMap.newKeySet();
  /** Names of touchpoints whose QR image the server refuses as unscannable. */
  final Set<String> unscannable = ConcurrentHashMap.newKeySet();
  final AtomicInteger creates = new AtomicInteger();
  final AtomicInteger requests = new AtomicInteger();
  final AtomicInteger maxInFlight = new AtomicInteger();
  volatile String lastQrQuery;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(32);

  FakeAdminApi(String... linkCodes) throws IOException {
    links.addAll(Set.of(linkCodes));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.createContext("/", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void handle(HttpExchange ex) throws IOException {
    requests.incrementAndGet();
    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    try {
      Thread.sleep(5); // long enough for requests to overlap when the client sends them in parallel
      route(ex);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      inFlight.decrementAndGet();
      ex.close();
    }
  }

  private void route(HttpExchange ex) throws IOException {
    if (!("Bearer " + KEY).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
      problem(ex, 401, "a valid admin API key is required");
      return;
    }
    String path = ex.getRequestURI().getPath();
    String method = ex.getRequestMethod();
    Matcher m;
    if (method.equals("GET") && (m = LINK_QR.matcher(path)).matches()) {
      lastQrQuery = ex.getRequestURI().getRawQuery();
      if (!links.contains(m.group(1))) {
        problem(ex, 404, "no link with code '" + m.group(1) + "'");
      } else {
        image(ex, m.group(2));
      }
    } else if (method.equals("POST") && (m = CREATE.matcher(path)).matches()) {
      creates.incrementAndGet();
      JsonNode body = JSON.readTree(ex.getRequestBody());
      String slug = body.get("slug").asText();
      if (touchpoints.putIfAbsent(slug, new String[] {m.group(1), body.get("name").asText()}) != null
          || links.contains(slug)) {
        problem(ex, 409, "slug: '" + slug + "' is already taken");
      } else {
        touchpoint(ex, 201, slug);
      }
    } else if (method.equals("GET") && (m = TOUCHPOINT_QR.matcher(path)).matches()) {
      String[] tp = touchpoints.get(m.group(1));
      if (tp == null) {
        problem(ex, 404, "no touchpoint");
      } else if (unscannable.contains(tp[1])) {
        problem(ex, 422, "the rendered PNG was refused: ZXing found no QR code in it");
      } else {
        image(ex, m.group(2));
      }
    } else if (method.equals("GET") && (m = TOUCHPOINT.matcher(path)).matches()) {
      if (links.contains(m.group(1))) {
        problem(ex, 404, "'" + m.group(1) + "' is a link, not a touchpoint");
      } else if (touchpoints.containsKey(m.group(1))) {
        touchpoint(ex, 200, m.group(1));
      } else {
        problem(ex, 404, "no touchpoint with code '" + m.group(1) + "'");
      }
    } else {
      problem(ex, 404, "no such endpoint in the fake");
    }
  }

  private void touchpoint(HttpExchange ex, int status, String code) throws IOException {
    String[] tp = touchpoints.get(code);
    send(ex, status, "application/json", JSON.createObjectNode().put("code", code).put("shortUrl", PUBLIC + code)
        .put("link", tp[0]).put("name", tp[1]).put("enabled", !disabled.contains(code)).toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void image(HttpExchange ex, String format) throws IOException {
    send(ex, 200, format.equals("png") ? "image/png" : "image/svg+xml",
        ("image of " + ex.getRequestURI()).getBytes(StandardCharsets.UTF_8));
  }

  private static void problem(HttpExchange ex, int status, String detail) throws IOException {
    send(ex, status, "application/problem+json", JSON.createObjectNode().put("title", "t").put("status", status)
        .put("detail", detail).toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, body.length);
    ex.getResponseBody().write(body);
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
