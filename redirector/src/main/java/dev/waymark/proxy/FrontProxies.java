package dev.waymark.proxy;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * Who is in front of the public port, and so who a request's client is: requests from
 * {@code trusted} peers name their client in {@code header} or, with {@code proxyProtocol}, in the
 * PROXY protocol that opened the connection; from any other peer the peer is the client, whatever
 * it sends.
 */
public record FrontProxies(TrustedProxies trusted, ForwardedHeader header, boolean proxyProtocol) {

  /** Nobody in front: the peer is the client. */
  public static final FrontProxies NONE = new FrontProxies(TrustedProxies.NONE, ForwardedHeader.X_FORWARDED_FOR, false);

  public FrontProxies {
    Objects.requireNonNull(trusted, "trusted");
    Objects.requireNonNull(header, "header");
  }

  /**
   * The address of the connection's own peer, which trust is decided on: with the PROXY protocol
   * that is the proxy, not the client the protocol names.
   */
  public String peerOf(HttpServerRequest req) {
    return host(proxyProtocol ? req.connection().remoteAddress(true) : req.remoteAddress());
  }

  /**
   * The client of {@code req}, whose connection's peer is {@code peer} (from {@link #peerOf}) and
   * trusted; for an untrusted peer the caller takes the peer itself.
   */
  public String clientOf(HttpServerRequest req, String peer) {
    String first = proxyProtocol ? host(req.remoteAddress()) : peer;
    List<String> lines = req.headers().getAll(header.headerName());
    String chain = lines.isEmpty() ? null : lines.size() == 1 ? lines.get(0) : String.join(",", lines);
    return trusted.client(first, chain, header);
  }

  private static String host(SocketAddress address) {
    return address == null || address.hostAddress() == null ? "" : address.hostAddress();
  }
}
