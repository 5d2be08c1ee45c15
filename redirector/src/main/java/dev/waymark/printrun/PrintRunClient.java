package dev.waymark.printrun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.waymark.client.AdminApi;
import dev.waymark.client.AdminApiException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The admin API calls of a print run, through the shared {@link AdminApi}. Creating a touchpoint is
 * idempotent here: under a stable code, a 409 means an earlier run made it, which is confirmed by
 * reading it back and checking its link. Connection failures and 502/503/504 are tried
 * {@value #ATTEMPTS} times, which is safe for the same reason.
 */
final class PrintRunClient {

  static final int ATTEMPTS = 3;
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The QR endpoints answer images; every other call's answer or problem is JSON. */
  private static final String ACCEPT = AdminApi.ACCEPT_JSON + ", image/*";

  private final AdminApi api;

  PrintRunClient(URI api, String key, HttpClient http, Duration timeout) {
    this.api = new AdminApi(api, key, http, timeout);
  }

  /** The QR image of the link itself: proves the key, the link, the brand and the size before any row. */
  void checkLinkQr(String link, ImageFormat format, QrOptions qr) throws AdminApiException, InterruptedException {
    HttpResponse<byte[]> r = send(get("/api/v1/links/" + link + "/qr." + format.extension + qr.query()));
    if (r.statusCode() != 200) {
      throw refused(r, "rendering the " + format.extension + " of link '" + link + "'");
    }
  }

  /** Creates the row's touchpoint under {@code code}, or finds the one an earlier run created there. */
  TouchpointRef createOrFind(String link, String code, TouchpointRow row)
      throws AdminApiException, InterruptedException {
    HttpResponse<byte[]> created = send(request("/api/v1/links/" + link + "/touchpoints")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body(code, row))));
    if (created.statusCode() == 201) {
      return touchpoint(created, code, link, false);
    }
    if (created.statusCode() != 409) {
      throw refused(created, "creating the touchpoint");
    }
    HttpResponse<byte[]> found = send(get("/api/v1/touchpoints/" + code));
    if (found.statusCode() == 404) {
      throw new AdminApiException("code " + code + " is taken by a link, not by a touchpoint of this run ("
          + AdminApi.detail(found) + ")", false);
    }
    if (found.statusCode() != 200) {
      throw refused(found, "reading touchpoint " + code + " back");
    }
    return touchpoint(found, code, link, true);
  }

  /** The touchpoint's QR image as the server renders and verifies it. */
  byte[] qr(String code, ImageFormat format, QrOptions qr) throws AdminApiException, InterruptedException {
    HttpResponse<byte[]> r = send(get("/api/v1/touchpoints/" + code + "/qr." + format.extension + qr.query()));
    if (r.statusCode() != 200) {
      throw refused(r, "rendering the " + format.extension);
    }
    return r.body();
  }

  private static byte[] body(String code, TouchpointRow row) {
    ObjectNode body = JSON.createObjectNode()
        .put("slug", code)
        .put("name", row.name())
        .put("channel", row.channel());
    // Absent rather than null: the same meaning to the API, and a smaller request.
    if (row.source() != null) {
      body.put("source", row.source());
    }
    if (row.stage() != null) {
      body.put("stage", row.stage().wireName());
    }
    if (row.medium() != null) {
      body.put("medium", row.medium().wireName());
    }
    if (row.notes() != null) {
      body.put("notes", row.notes());
    }
    try {
      return JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException("a tree of strings always serialises", e);
    }
  }

  private static TouchpointRef touchpoint(HttpResponse<byte[]> r, String code, String link, boolean existed)
      throws AdminApiException {
    JsonNode tp = AdminApi.json(r);
    if (tp == null || !code.equals(tp.path("code").asText()) || !tp.path("shortUrl").isTextual()) {
      throw new AdminApiException("the admin API answered " + r.statusCode() + " without touchpoint " + code, false);
    }
    if (!link.equals(tp.path("link").asText())) {
      throw new AdminApiException("code " + code + " is already the touchpoint '" + tp.path("name").asText()
          + "' of link '" + tp.path("link").asText() + "', not of link '" + link + "'", false);
    }
    if (tp.path("enabled").isBoolean() && !tp.get("enabled").asBoolean()) {
      // Printing a code that answers 410 wastes the print run; switching it on is the owner's call.
      throw new AdminApiException("touchpoint " + code + " exists but is disabled: enable it (PATCH "
          + "/api/v1/touchpoints/" + code + " {\"enabled\":true}) or give the row another key", false);
    }
    return new TouchpointRef(code, tp.get("shortUrl").asText(), existed);
  }

  private HttpRequest.Builder request(String path) {
    return api.request(path).setHeader("Accept", ACCEPT);
  }

  private HttpRequest.Builder get(String path) {
    return request(path).GET();
  }

  private HttpResponse<byte[]> send(HttpRequest.Builder builder) throws AdminApiException, InterruptedException {
    return api.send(builder, ATTEMPTS);
  }

  private static AdminApiException refused(HttpResponse<byte[]> r, String what) {
    int status = r.statusCode();
    if (status == 401 || status == 403) {
      return AdminApi.keyRefused(status);
    }
    return new AdminApiException(what + " failed: " + status + " " + AdminApi.detail(r), false);
  }

  /** The query parameters passed through to the QR endpoints: the brand's look and the size in px. */
  record QrOptions(String brand, Integer size) {
    String query() {
      List<String> params = new ArrayList<>();
      if (brand != null) {
        params.add("brand=" + URLEncoder.encode(brand, StandardCharsets.UTF_8));
      }
      if (size != null) {
        params.add("size=" + size);
      }
      return params.isEmpty() ? "" : "?" + String.join("&", params);
    }
  }
}
