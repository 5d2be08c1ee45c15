package dev.waymark.redirect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waymark.config.WaymarkConfig;
import dev.waymark.hit.HitEvent;
import dev.waymark.hit.sink.HitQueue;
import dev.waymark.link.EmbeddedLinkStore;
import dev.waymark.link.Link;
import dev.waymark.link.LinkCache;
import dev.waymark.link.LinkStore;
import dev.waymark.proxy.ForwardedHeader;
import dev.waymark.proxy.FrontProxies;
import dev.waymark.routing.HitCaps;
import dev.waymark.routing.Router;
import dev.waymark.proxy.TrustedProxies;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who a hit's client is, through a real server on loopback (so every request's peer is
 * 127.0.0.1): forwarding headers and the PROXY protocol count from trusted peers only, and no
 * header, however malformed, fails a redirect.
 */
class ClientAddressRedirectTest {

  private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
  private static final String LOOPBACK = "127.0.0.1";

  @TempDir
  Path dir;

  private final List<HitEvent> recorded = new CopyOnWriteArrayList<>();
  private Vertx vertx;
  private LinkStore store;
  private HitQueue hits;
  private HttpServer server;

  @BeforeEach
  void openStore() {
    vertx = Vertx.vertx();
    store = EmbeddedLinkStore.open(vertx, dir.resolve("links.mv")).await();
    store.create(new Link("spring", "https://shop.example/spring", "spring", "poster", null, null,
        List.of(), Map.of(), 302, null, true, NOW, NOW)).await();
    hits = new HitQueue(1000, 100, Duration.ofMillis(5), recorded::addAll).start();
  }

  @AfterEach
  void stop() {
    hits.close(Duration.ofSeconds(1));
    vertx.close().await();
  }

  private void serve(String trusted, ForwardedHeader header, boolean proxyProtocol) {
    LinkCache cache = new LinkCache(store, new WaymarkConfig.Cache(100, Duration.ofMillis(1), Duration.ofMinutes(5)));
    RedirectHandler handler = new RedirectHandler(cache, hits, Clock.systemUTC(), new SimpleMeterRegistry(),
        VisitSources.of(new FrontProxies(TrustedProxies.parse(trusted), header, proxyProtocol), "CF-IPCountry", null,
            null), new Router(HitCaps.NONE));
    server = vertx.createHttpServer(new HttpServerOptions().setUseProxyProtocol(proxyProtocol))
        .requestHandler(handler).listen(0, LOOPBACK).await();
  }

  /** Sends {@code prefix} (a PROXY header, or nothing) and one GET with {@code headers}; the status line. */
  private String request(byte[] prefix, String headers) throws Exception {
    try (Socket socket = new Socket(LOOPBACK, server.actualPort())) {
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write(prefix);
      out.write(("GET /spring HTTP/1.1\r\nHost: go.example\r\nConnection: close\r\n" + headers + "\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      return response.substring(0, response.indexOf("\r\n"));
    }
  }

  private HitEvent hitOf(byte[] prefix, String headers) throws Exception {
    recorded.clear();
    assertThat(request(prefix, headers)).isEqualTo("HTTP/1.1 302 Found");
    await().atMost(Duration.ofSeconds(5)).until(() -> !recorded.isEmpty());
    return recorded.get(0);
  }

  private HitEvent hitOf(String headers) throws Exception {
    return hitOf(new byte[0], headers);
  }

  @Test
  void noTrustedProxies_thePeerIsTheClient_andForwardingHeadersAreIgnored() throws Exception {
    serve("", ForwardedHeader.X_FORWARDED_FOR, false);
    HitEvent hit = hitOf("X-Forwarded-For: 1.2.3.4\r\nForwarded: for=1.2.3.4\r\nCF-IPCountry: NL\r\n");
    assertThat(hit.clientIp()).isEqualTo(LOOPBACK);
    assertThat(hit.country()).as("a country from an untrusted peer").isEmpty();
  }

  @Test
  void anUntrustedPeer_cannotSpoofItsAddressOrCountry() throws Exception {
    serve("10.0.0.0/8", ForwardedHeader.X_FORWARDED_FOR, false);
    HitEvent hit = hitOf("X-Forwarded-For: 1.2.3.4\r\nCF-IPCountry: NL\r\n");
    assertThat(hit.clientIp()).isEqualTo(LOOPBACK);
    assertThat(hit.country()).isEmpty();
  }

  @Test
  void aTrustedPeer_namesTheClient_rightMostUntrusted_acrossHeaderLines() throws Exception {
    serve("127.0.0.0/8, 10.0.0.0/8", ForwardedHeader.X_FORWARDED_FOR, false);
    HitEvent hit = hitOf("X-Forwarded-For: 6.6.6.6, 203.0.113.9\r\nX-Forwarded-For: 10.1.1.1\r\n"
        + "CF-IPCountry: NL\r\n");
    assertThat(hit.clientIp()).isEqualTo("203.0.113.9");
    assertThat(hit.country()).isEqualTo("NL");
  }

  @Test
  void forwarded_isReadOnlyWhenItIsTheConfiguredHeader() throws Exception {
    serve(LOOPBACK, ForwardedHeader.FORWARDED, false);
    HitEvent hit = hitOf("X-Forwarded-For: 6.6.6.6\r\nForwarded: for=\"[2001:db8::7]:4711\";proto=https\r\n");
    assertThat(hit.clientIp()).isEqualTo("2001:db8::7");
  }

  @Test
  void malformedHeaders_neverFailARedirect_andLeaveTheProxyAsClient() throws Exception {
    serve(LOOPBACK, ForwardedHeader.X_FORWARDED_FOR, false);
    for (String garbage : List.of("unknown", "1.2.3.4.5.6", ",,,", "\u00ff\u00fe", "[::1", "1.2.3.4:x")) {
      assertThat(hitOf("X-Forwarded-For: " + garbage + "\r\n").clientIp()).as(garbage).isEqualTo(LOOPBACK);
    }
  }

  @Test
  void proxyProtocolV1_fromATrustedPeer_namesTheClient() throws Exception {
    serve(LOOPBACK, ForwardedHeader.X_FORWARDED_FOR, true);
    byte[] v1 = "PROXY TCP4 198.51.100.7 127.0.0.1 40000 8080\r\n".getBytes(StandardCharsets.US_ASCII);
    assertThat(hitOf(v1, "").clientIp()).isEqualTo("198.51.100.7");
    assertThat(hitOf(v1, "X-Forwarded-For: 1.2.3.4\r\n").clientIp())
        .as("an untrusted client's own header is not read").isEqualTo("198.51.100.7");
  }

  @Test
  void proxyProtocolV2_fromATrustedPeer_namesTheClient() throws Exception {
    serve(LOOPBACK, ForwardedHeader.X_FORWARDED_FOR, true);
    assertThat(hitOf(proxyV2(new byte[] {(byte) 198, 51, 100, 8}, 40001), "").clientIp()).isEqualTo("198.51.100.8");
  }

  @Test
  void proxyProtocol_fromAnUntrustedPeer_isIgnored() throws Exception {
    // Trust that covers neither the peer (127.0.0.1) nor the named client: the peer is the client.
    serve("10.0.0.0/8", ForwardedHeader.X_FORWARDED_FOR, true);
    byte[] v1 = "PROXY TCP4 10.9.9.9 127.0.0.1 40000 8080\r\n".getBytes(StandardCharsets.US_ASCII);
    assertThat(hitOf(v1, "X-Forwarded-For: 1.2.3.4\r\n").clientIp()).isEqualTo(LOOPBACK);
  }

  /** A PROXY protocol v2 header: PROXY command, TCP over IPv4, from {@code source}:{@code port} to 127.0.0.1:8080. */
  private static byte[] proxyV2(byte[] source, int port) {
    ByteBuffer b = ByteBuffer.allocate(16 + 12);
    b.put(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A});
    b.put((byte) 0x21).put((byte) 0x11).putShort((short) 12);
    b.put(source).put(new byte[] {127, 0, 0, 1}).putShort((short) port).putShort((short) 8080);
    return b.array();
  }
}
