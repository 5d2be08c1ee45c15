package dev.waymark.hit;

import java.util.Map;
import java.util.UUID;

/**
 * One request to a short code, as the redirect path saw it: raw, unenriched, cheap to build on an
 * event loop. Enrichment (device, bot, visitor hash, UTM merge) happens later, in batches, off the
 * loop. {@code clientIp} lives only in memory: it is never written anywhere.
 *
 * <p>Text fields are never {@code null}; absent values are {@code ""}.
 *
 * @param hitId time-ordered unique id, made when the request arrived
 * @param timeMillis epoch millis of the request
 * @param code the code requested
 * @param linkCode the link it resolved to ({@code code} itself when no touchpoint)
 * @param touchpointCode the touchpoint it came through, {@code ""} when none
 * @param stage journey stage wire name, {@code ""} when unknown
 * @param qr whether the request carried the QR marker
 * @param status the HTTP status answered
 * @param query the raw query string of the request, for UTM overrides
 * @param linkUtm the link's own UTM values (keys source, medium, campaign, term, content)
 * @param clientIp the peer address; memory only, hashed into the visitor id and then forgotten
 * @param variant A/B variant id, {@code ""} when none (added for the {@code hits.variant} column)
 * @param country ISO 3166 alpha-2 from a trusted proxy header, {@code ""} when unknown
 * @param head whether the request was a {@code HEAD}: a link checker or prefetcher asking whether
 *     the link works, never a person following it, so it is never counted as human traffic
 * @param rule the journey rule that chose the destination (its index or id), {@code ""} when the
 *     link's default did
 */
public record HitEvent(
    UUID hitId,
    long timeMillis,
    String code,
    String linkCode,
    String touchpointCode,
    String campaign,
    String channel,
    String stage,
    String source,
    boolean qr,
    int status,
    String userAgent,
    String referrer,
    String acceptLanguage,
    String query,
    Map<String, String> linkUtm,
    String clientIp,
    String variant,
    String country,
    boolean head,
    String rule) {

  /** No rule decided: the shape before rules were recorded. */
  public HitEvent(UUID hitId, long timeMillis, String code, String linkCode, String touchpointCode,
      String campaign, String channel, String stage, String source, boolean qr, int status,
      String userAgent, String referrer, String acceptLanguage, String query,
      Map<String, String> linkUtm, String clientIp, String variant, String country, boolean head) {
    this(hitId, timeMillis, code, linkCode, touchpointCode, campaign, channel, stage, source, qr,
        status, userAgent, referrer, acceptLanguage, query, linkUtm, clientIp, variant, country, head, "");
  }

  /** A {@code GET}: the shape before the method was recorded. */
  public HitEvent(UUID hitId, long timeMillis, String code, String linkCode, String touchpointCode,
      String campaign, String channel, String stage, String source, boolean qr, int status,
      String userAgent, String referrer, String acceptLanguage, String query,
      Map<String, String> linkUtm, String clientIp, String variant, String country) {
    this(hitId, timeMillis, code, linkCode, touchpointCode, campaign, channel, stage, source, qr,
        status, userAgent, referrer, acceptLanguage, query, linkUtm, clientIp, variant, country, false, "");
  }

  /** The shape the redirector builds today: no variant, no country. */
  public HitEvent(UUID hitId, long timeMillis, String code, String linkCode, String touchpointCode,
      String campaign, String channel, String stage, String source, boolean qr, int status,
      String userAgent, String referrer, String acceptLanguage, String query,
      Map<String, String> linkUtm, String clientIp) {
    this(hitId, timeMillis, code, linkCode, touchpointCode, campaign, channel, stage, source, qr,
        status, userAgent, referrer, acceptLanguage, query, linkUtm, clientIp, "", "", false, "");
  }

  @Override
  public String toString() {
    // The client IP must never reach a log line.
    return "HitEvent[hitId=" + hitId + ", code=" + code + ", status=" + status + "]";
  }
}
