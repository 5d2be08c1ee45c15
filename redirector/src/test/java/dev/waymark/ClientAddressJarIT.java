package dev.waymark;

import static dev.waymark.WaymarkJarIT.KEY;
import static dev.waymark.WaymarkJarIT.createLink;
import static dev.waymark.WaymarkJarIT.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar behind a balancer that speaks the PROXY protocol (as HAProxy's {@code send-proxy}
 * does): each client the balancer names is its own visitor, with the country the balancer
 * vouches for, although every connection comes from the same loopback peer.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClientAddressJarIT {

  private static final String PHONE = WaymarkAnalyticsIT.IPHONE;

  @TempDir
  Path tmp;

  @Test
  void proxyProtocol_fromATrustedBalancer_eachNamedClientIsItsOwnVisitor() throws Exception {
    Map<String, String> env = Map.of("WAYMARK_ADMIN_API_KEY", KEY, "WAYMARK_TRUSTED_PROXIES", "127.0.0.1",
        "WAYMARK_PROXY_PROTOCOL", "on", "WAYMARK_COUNTRY_HEADER", "CF-IPCountry");
    try (WaymarkProcess w = WaymarkProcess.start(tmp.resolve("data"), env).awaitReady()) {
      assertThat(createLink(w, KEY, "{\"slug\":\"spring\",\"url\":\"https://shop.example/spring\","
          + "\"campaign\":\"spring-2026\"}").statusCode()).isEqualTo(201);
      int port = w.pub("/").getPort();
      for (String client : List.of("198.51.100.1", "198.51.100.1", "198.51.100.2")) {
        assertThat(viaBalancer(port, client)).startsWith("HTTP/1.1 302");
      }
      // A connection that skips the PROXY header is not served: only the balancer may connect.
      assertThatThrownBy(() -> direct(port)).isInstanceOf(IOException.class);

      ObjectMapper json = new ObjectMapper();
      List<JsonNode> rows = new ArrayList<>();
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
        rows.clear();
        HttpResponse<String> export = send(WaymarkJarIT.authed(
            w.admin("/api/v1/stats/export?format=ndjson&traffic=all"), KEY));
        for (String line : export.body().split("\n")) {
          if (!line.isBlank()) {
            rows.add(json.readTree(line));
          }
        }
        return rows.size() == 3;
      });
      assertThat(rows).extracting(r -> r.path("country").asText()).containsOnly("NL");
      List<String> visitors = rows.stream().map(r -> r.path("visitor_month").asText()).toList();
      assertThat(visitors.get(0)).as("one client, one visitor").isEqualTo(visitors.get(1));
      assertThat(visitors.get(2)).as("another client").isNotEqualTo(visitors.get(0));
      HttpResponse<String> summary = send(WaymarkJarIT.authed(w.admin("/api/v1/stats/summary"), KEY));
      assertThat(json.readTree(summary.body()).path("visitors").asLong()).as(summary.body()).isEqualTo(2);
      assertThat(w.terminate(Duration.ofSeconds(10))).isZero();
    }
  }

  /** One GET through a balancer at 127.0.0.1 that names {@code client} in a PROXY v1 header; the status line. */
  private static String viaBalancer(int port, String client) throws IOException {
    return exchange(port, "PROXY TCP4 " + client + " 127.0.0.1 40000 " + port + "\r\n");
  }

  private static String direct(int port) throws IOException {
    String status = exchange(port, "");
    if (status.isEmpty()) {
      throw new IOException("connection closed without an answer");
    }
    return status;
  }

  private static String exchange(int port, String proxyHeader) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write((proxyHeader + "GET /spring?qr=1 HTTP/1.1\r\nHost: go.example\r\nUser-Agent: " + PHONE
          + "\r\nCF-IPCountry: NL\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      int end = response.indexOf("\r\n");
      return end < 0 ? response : response.substring(0, end);
    }
  }
}
