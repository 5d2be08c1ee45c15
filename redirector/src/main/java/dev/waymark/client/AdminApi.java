package dev.waymark.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Requests to one Waymark admin API over {@link HttpClient}, each with the bearer key and a
 * timeout; an unreachable server becomes an {@link AdminApiException} naming the URL, and a
 * problem+json answer becomes its {@code detail}, fit to show the user.
 */
public final class AdminApi {

  /** What a call accepts unless it asks for more: the answer, or the problem that explains its absence. */
  public static final String ACCEPT_JSON = "application/json, application/problem+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI api;
  private final String key;
  private final HttpClient http;
  private final Duration timeout;

  public AdminApi(URI api, String key, HttpClient http, Duration timeout) {
    String base = api.toString();
    this.api = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
    this.key = key;
    this.http = http;
    this.timeout = timeout;
  }

  /** A client speaking HTTP/1.1 (no upgrade dance) that never follows redirects. */
  public static HttpClient httpClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  /** A request for {@code path} (from {@code /api/...}) with the key, the timeout and {@link #ACCEPT_JSON}. */
  public HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(api + path))
        .timeout(timeout)
        .header("Authorization", "Bearer " + key)
        .header("Accept", ACCEPT_JSON);
  }

  /**
   * Sends the request, up to {@code attempts} times while the server cannot be reached or answers
   * 502/503/504; more than one attempt only for calls that are safe to repeat.
   */
  public HttpResponse<byte[]> send(HttpRequest.Builder builder, int attempts)
      throws AdminApiException, InterruptedException {
    HttpRequest request = builder.build();
    for (int attempt = 1; ; attempt++) {
      try {
        HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        boolean passing = r.statusCode() == 502 || r.statusCode() == 503 || r.statusCode() == 504;
        if (!passing || attempt >= attempts) {
          return r;
        }
      } catch (IOException e) {
        if (attempt >= attempts) {
          throw new AdminApiException("cannot reach the admin API at " + api + " ("
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")", true);
        }
      }
      Thread.sleep(250L << attempt); // 0.5 s, then 1 s: a restarting server is back by then
    }
  }

  /** The key was refused ({@code status} 401 or 403): no later call can fare better. */
  public static AdminApiException keyRefused(int status) {
    return new AdminApiException("the admin API refused the key (" + status + "): check --key or "
        + "WAYMARK_ADMIN_API_KEY", true);
  }

  /** The problem's {@code detail} (and field errors), or the start of whatever else came back. */
  public static String detail(HttpResponse<byte[]> r) {
    JsonNode problem = json(r);
    if (problem != null && !problem.path("detail").asText().isEmpty()) {
      return problem.get("detail").asText();
    }
    if (problem != null && !problem.path("title").asText().isEmpty()) {
      return problem.get("title").asText();
    }
    String text = new String(r.body(), StandardCharsets.UTF_8).strip();
    return text.isEmpty() ? "(no body)" : text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }

  /** The body as JSON, or {@code null} when it is not declared JSON or does not parse. */
  public static JsonNode json(HttpResponse<byte[]> r) {
    String type = r.headers().firstValue("Content-Type").orElse("");
    if (!type.contains("json")) {
      return null;
    }
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      return null;
    }
  }
}
