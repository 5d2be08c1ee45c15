package dev.waymark.key;

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
 * The {@code /api/v1/keys} calls of {@code waymark keys} over {@link HttpClient}, with the bearer
 * key. Every answer but the expected one becomes a {@link Refused} carrying the problem's detail.
 */
final class KeysClient {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final URI api;
  private final String key;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

  KeysClient(URI api, String key) {
    String base = api.toString();
    this.api = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
    this.key = key;
  }

  /** The created key's answer, {@code key} included. */
  JsonNode create(JsonNode body) throws Refused, InterruptedException {
    return json(expect(201, send(request("").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())))));
  }

  /** Every key, the bootstrap key first. */
  JsonNode list() throws Refused, InterruptedException {
    return json(expect(200, send(request("").GET())));
  }

  void revoke(String id) throws Refused, InterruptedException {
    expect(204, send(request("/" + java.net.URLEncoder.encode(id, StandardCharsets.UTF_8)).DELETE()));
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(api + "/api/v1/keys" + path)).timeout(TIMEOUT)
        .header("Authorization", "Bearer " + key)
        .header("Accept", "application/json, application/problem+json");
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Refused, InterruptedException {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new Refused("cannot reach the admin API at " + api + " ("
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
    }
  }

  private static HttpResponse<String> expect(int status, HttpResponse<String> r) throws Refused {
    if (r.statusCode() == status) {
      return r;
    }
    if (r.statusCode() == 401) {
      throw new Refused("the admin API refused the key (401): check --key or WAYMARK_ADMIN_API_KEY");
    }
    throw new Refused(r.statusCode() + " " + detail(r));
  }

  private static String detail(HttpResponse<String> r) {
    try {
      JsonNode problem = JSON.readTree(r.body());
      if (problem != null && problem.hasNonNull("detail")) {
        return problem.get("detail").asText();
      }
    } catch (IOException e) {
      // Not JSON: the start of the body says more than nothing.
    }
    String text = r.body() == null ? "" : r.body().strip();
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }

  private static JsonNode json(HttpResponse<String> r) throws Refused {
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new Refused("the admin API answered " + r.statusCode() + " with something that is not JSON");
    }
  }

  /** An answer other than the one needed, or no answer; the message is fit for the user. */
  static final class Refused extends Exception {
    Refused(String message) {
      super(message, null, false, false);
    }
  }
}
