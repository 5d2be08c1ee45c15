package dev.waymark.redirect;

import dev.waymark.hit.enrich.MonthlyVisitorIds;
import dev.waymark.routing.Visit;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/**
 * One public request as journey rules and its hit see it. Each fact is worked out on first ask
 * and kept, so the rules and the hit read the client, its country and its visitor id once, and a
 * link whose rules ask nothing costs nothing more. Lives on one event loop, for one request.
 */
final class RequestVisit implements Visit {

  private final HttpServerRequest req;
  private final VisitSources sources;
  private final long now;
  private String client;
  /** True when the client's address came through a trusted proxy, whose country header is believed. */
  private boolean throughTrustedProxy;
  private String country;
  private long visitor;
  private boolean visitorKnown;

  RequestVisit(HttpServerRequest req, VisitSources sources, long now) {
    this.req = req;
    this.sources = sources;
    this.now = now;
  }

  /** The client's address: the peer's, or a trusted proxy's forwarded one; {@code ""} when unknown. */
  String client() {
    if (client == null) {
      if (sources.proxies().trusted().isEmpty()) {
        SocketAddress remote = req.remoteAddress();
        client = remote == null || remote.hostAddress() == null ? "" : remote.hostAddress();
      } else {
        String peer = sources.proxies().peerOf(req);
        throughTrustedProxy = sources.proxies().trusted().trusts(peer);
        client = throughTrustedProxy ? sources.proxies().clientOf(req, peer) : peer;
      }
    }
    return client;
  }

  /**
   * The country as far as it was worked out, without working it out: the hit records what the
   * rules saw, and else the trusted header, leaving the GeoIP lookup to the sink, off the loop.
   */
  String countryForHit() {
    if (country != null) {
      return country;
    }
    client();
    String header = headerCountry();
    return header == null ? "" : header;
  }

  @Override
  public String country() {
    if (country == null) {
      client();
      String header = headerCountry();
      country = header != null && !header.isEmpty() ? header
          : sources.geoIp() == null ? "" : sources.geoIp().apply(client);
    }
    return country;
  }

  /** The trusted proxy's country header, upper case; {@code null} when not believed or not set. */
  private String headerCountry() {
    if (!throughTrustedProxy || sources.countryHeader() == null) {
      return null;
    }
    String value = req.headers().get(sources.countryHeader());
    return value == null ? null : value.strip().toUpperCase(java.util.Locale.ROOT);
  }

  @Override
  public long monthlyVisitorId() {
    if (!visitorKnown) {
      MonthlyVisitorIds ids = sources.visitorIds();
      visitor = ids == null ? NO_VISITOR : ids.id(now, client(), userAgent());
      visitorKnown = true;
    }
    return visitor;
  }

  @Override
  public boolean head() {
    return HttpMethod.HEAD.equals(req.method());
  }

  @Override
  public String userAgent() {
    return orEmpty(req.headers().get(HttpHeaders.USER_AGENT));
  }

  @Override
  public String acceptLanguage() {
    return orEmpty(req.headers().get(HttpHeaders.ACCEPT_LANGUAGE));
  }

  @Override
  public String rawQuery() {
    return req.query();
  }

  @Override
  public boolean qr() {
    return Location.hasQrMarker(req.query());
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
