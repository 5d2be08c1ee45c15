package dev.waymark.redirect;

import dev.waymark.hit.HitEvent;
import dev.waymark.link.CachedLink;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;
import java.util.UUID;

/**
 * Builds the one {@link HitEvent} of a public request: a hit through a touchpoint carries both
 * codes, the touchpoint's channel, stage and source where it has them and the link's otherwise.
 */
final class Hits {

  private Hits() {}

  /**
   * @param visit      the request, with what its journey rules already worked out (client,
   *                   country), so nothing is worked out twice
   * @param hitId      the hit's id: made before the answer when the redirect hands it on as
   *                   {@code wm_click}, else just now
   * @param link       the link answered for, {@code null} when unknown or gone
   * @param touchpoint the touchpoint the request came through, {@code null} when none
   * @param variant    the A/B variant the visitor was sent to, {@code ""} when none
   * @param rule       the journey rule that decided, {@code ""} for the default
   */
  static HitEvent of(RequestVisit visit, HttpServerRequest req, UUID hitId, String code, CachedLink link,
      CachedLink touchpoint, int status, long now, String variant, String rule) {
    MultiMap headers = req.headers();
    String query = req.query();
    String client = visit.client();
    // The request's code is the touchpoint's, or else the link's: no copy out of the cache.
    String linkCode = touchpoint != null ? touchpoint.linkCode() : link == null ? "" : code;
    return new HitEvent(
        hitId,
        now,
        code,
        linkCode,
        touchpoint == null ? "" : code,
        link == null ? "" : orEmpty(link.campaign()),
        either(touchpoint == null ? null : touchpoint.channel(), link == null ? null : link.channel()),
        either(touchpoint == null || touchpoint.stage() == null ? null : touchpoint.stage().wireName(),
            link == null || link.stage() == null ? null : link.stage().wireName()),
        either(touchpoint == null ? null : touchpoint.source(), link == null ? null : link.source()),
        Location.hasQrMarker(query),
        status,
        orEmpty(headers.get(HttpHeaders.USER_AGENT)),
        orEmpty(headers.get(HttpHeaders.REFERER)),
        orEmpty(headers.get(HttpHeaders.ACCEPT_LANGUAGE)),
        orEmpty(query),
        link == null ? Map.of() : link.utm(),
        client,
        variant,
        visit.countryForHit(),
        HttpMethod.HEAD.equals(req.method()),
        rule);
  }

  private static String either(String own, String inherited) {
    return own != null ? own : orEmpty(inherited);
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
