package dev.waymark.redirect;

import dev.waymark.hit.enrich.MonthlyVisitorIds;
import dev.waymark.proxy.FrontProxies;
import io.vertx.core.http.HttpHeaders;
import java.util.function.UnaryOperator;

/**
 * Where the redirect path learns who a request's client is, for hits and for journey rules: the
 * proxies in front, the trusted country header, the GeoIP database and the month's visitor key.
 *
 * @param proxies       who is in front; with none trusted, the peer is the client
 * @param countryHeader the header a trusted proxy puts the client's country in
 *                      ({@code WAYMARK_COUNTRY_HEADER}), {@code null} when none
 * @param geoIp         the client's country by its address from the GeoIP database
 *                      ({@code WAYMARK_GEOIP_DB}), {@code ""} when unknown; {@code null} when no
 *                      database is configured. Memory only: called on event loops
 * @param visitorIds    monthly visitor ids for A/B variants; {@code null}: no variant is assigned
 */
public record VisitSources(FrontProxies proxies, CharSequence countryHeader, UnaryOperator<String> geoIp,
                           MonthlyVisitorIds visitorIds) {

  /** Nobody trusted in front, no country, no visitor ids. */
  public static final VisitSources NONE = new VisitSources(FrontProxies.NONE, null, null, null);

  /** {@code countryHeader} as configured (a header name, or {@code null}). */
  public static VisitSources of(FrontProxies proxies, String countryHeader, UnaryOperator<String> geoIp,
      MonthlyVisitorIds visitorIds) {
    return new VisitSources(proxies, countryHeader == null ? null : HttpHeaders.createOptimized(countryHeader),
        geoIp, visitorIds);
  }
}
