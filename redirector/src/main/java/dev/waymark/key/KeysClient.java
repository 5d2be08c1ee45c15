package dev.waymark.key;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waymark.client.AdminApi;
import dev.waymark.client.AdminApiException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The {@code /api/v1/keys} calls of {@code waymark keys}, through the shared {@link AdminApi}.
 * Every answer but the expected one becomes an {@link AdminApiException} carrying the problem's
 * detail. Each call is sent once: creating a key twice would make two keys.
 */
final class KeysClient {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final AdminApi api;

  KeysClient(URI api, String key) {
    this.api = new AdminApi(api, key, AdminApi.httpClient(), TIMEOUT);
  }

  /** The created key's answer, {@code key} included. */
  JsonNode create(JsonNode body) throws AdminApiException, InterruptedException {
    return json(expect(201, send(request("").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())))));
  }

  /** Every key, the bootstrap key first. */
  JsonNode list() throws AdminApiException, InterruptedException {
    return json(expect(200, send(request("").GET())));
  }

  void revoke(String id) throws AdminApiException, InterruptedException {
    expect(204, send(request("/" + URLEncoder.encode(id, StandardCharsets.UTF_8)).DELETE()));
  }

  private HttpRequest.Builder request(String path) {
    return api.request("/api/v1/keys" + path);
  }

  private HttpResponse<byte[]> send(HttpRequest.Builder request) throws AdminApiException, InterruptedException {
    return api.send(request, 1);
  }

  private static HttpResponse<byte[]> expect(int status, HttpResponse<byte[]> r) throws AdminApiException {
    if (r.statusCode() == status) {
      return r;
    }
    if (r.statusCode() == 401) {
      throw AdminApi.keyRefused(401);
    }
    // A 403 is not the key's fault alone: its detail names the scope it lacks.
    throw new AdminApiException(r.statusCode() + " " + AdminApi.detail(r), false);
  }

  private static JsonNode json(HttpResponse<byte[]> r) throws AdminApiException {
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new AdminApiException("the admin API answered " + r.statusCode() + " with something that is not JSON",
          false);
    }
  }
}
