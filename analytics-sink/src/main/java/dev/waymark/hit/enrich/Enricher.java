package dev.waymark.hit.enrich;

import dev.waymark.geo.CountryDatabase;
import dev.waymark.hit.HitEvent;
import dev.waymark.hit.HitRow;
import dev.waymark.journey.Stage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * Turns a batch of raw hits into {@code hits} rows, off the event loop: device, OS, browser and
 * bot verdict from the user agent, visitor ids from salt + IP + UA, referrer host, language and
 * UTM, country from the trusted header or else the country database. The client IP goes into the
 * visitor hash and the country lookup and nowhere else. A hit that cannot be enriched
 * still becomes a row (with what could be read) and one that cannot even be read is skipped and
 * counted; either way the rest of the batch is kept. Not thread-safe: one per sink thread.
 */
public final class Enricher {

  /** Limit for code, campaign, channel, source, variant, rule: our own values, but cut anyway. */
  static final int MAX_FIELD_CHARS = 256;
  private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

  private final UserAgents userAgents;
  private final Visitors visitors;
  private final Clock clock;
  private final CountryDatabase countries;
  private static final int LANGUAGE_MEMO_SIZE = 4096;
  private final Map<String, String> languages = new HashMap<>();
  private final LongAdder degraded = new LongAdder();
  private final LongAdder skipped = new LongAdder();

  public Enricher(UserAgents userAgents, SaltStore salts, Clock clock) {
    this(userAgents, salts, clock, null);
  }

  /** With {@code countries} ({@code null}: none) for the hits no trusted header gave a country. */
  public Enricher(UserAgents userAgents, SaltStore salts, Clock clock, CountryDatabase countries) {
    this.userAgents = userAgents;
    this.visitors = new Visitors(salts);
    this.clock = clock;
    this.countries = countries;
  }

  /**
   * The country of a hit: the trusted proxy's header when it names one, else the country database's
   * answer for the client IP, else {@code ""}. Called for a hit about to be spilled too, since the
   * IP is not kept past that.
   */
  public String country(HitEvent h) {
    String header = country(h.country());
    if (!header.isEmpty() || countries == null || h.clientIp() == null || h.clientIp().isEmpty()) {
      return header;
    }
    return countries.country(h.clientIp());
  }

  public List<HitRow> enrich(List<HitEvent> hits, UUID batchId) {
    return enrich(hits, null, batchId, clock.instant().getEpochSecond());
  }

  /**
   * As {@link #enrich(List, UUID)} for spilled hits, whose IP is gone: {@code visitorIds} holds the
   * daily and monthly id of each hit in turn, computed when the sink took them in, at
   * {@code receivedAt} (epoch seconds).
   */
  public List<HitRow> enrichSpilled(List<HitEvent> hits, long[] visitorIds, UUID batchId, long receivedAt) {
    return enrich(hits, visitorIds, batchId, receivedAt);
  }

  private List<HitRow> enrich(List<HitEvent> hits, long[] visitorIds, UUID batchId, long receivedAt) {
    List<HitRow> rows = new ArrayList<>(hits.size());
    for (int i = 0; i < hits.size(); i++) {
      HitEvent hit = hits.get(i);
      HitRow row;
      try {
        long[] ids = visitorIds == null ? visitorIds(hit) : new long[] {visitorIds[2 * i], visitorIds[2 * i + 1]};
        row = enrich(hit, batchId, receivedAt, ids);
      } catch (RuntimeException | Error e) {
        if (e instanceof VirtualMachineError) {
          throw (Error) e;
        }
        row = fallback(hit, batchId, receivedAt);
      }
      if (row != null) {
        rows.add(row);
      }
    }
    return rows;
  }

  /**
   * The daily and monthly visitor ids of a hit: what stands for its IP from here on. Throws
   * {@link IllegalStateException} when the salts cannot be read.
   */
  public long[] visitorIds(HitEvent h) {
    try {
      return visitors.ids(h.timeMillis(), h.clientIp() == null ? "" : h.clientIp(),
          h.userAgent() == null ? "" : h.userAgent(), UserAgents.MAX_UA_CHARS);
    } catch (Exception e) {
      throw new IllegalStateException("visitor salt unavailable", e);
    }
  }

  /**
   * As {@link #visitorIds} for a hit about to be spilled, which is kept even when the salts cannot
   * be read: then without a visitor ({@code 0, 0}), counted as degraded.
   */
  public long[] visitorIdsOrNone(HitEvent h) {
    try {
      return visitorIds(h);
    } catch (IllegalStateException e) {
      degraded.increment();
      return new long[2];
    }
  }

  /** Hits whose user agent got our rules only: more new agents arrived than the parser may take. */
  public long userAgentsUnparsed() {
    return userAgents.unparsed();
  }

  /** Hits enriched with only what could be read, because full enrichment threw. */
  public long degraded() {
    return degraded.sum();
  }

  /** Hits dropped because not even their id and time could be read. */
  public long skipped() {
    return skipped.sum();
  }

  private HitRow fallback(HitEvent hit, UUID batchId, long receivedAt) {
    try {
      HitRow row = enrich(hit, batchId, receivedAt, null);
      degraded.increment();
      return row;
    } catch (RuntimeException e) {
      skipped.increment();
      return null;
    }
  }

  /** With {@code visitorIds} null, only what cannot fail: no user agent, visitor or referrer. */
  private HitRow enrich(HitEvent h, UUID batchId, long receivedAt, long[] visitorIds) {
    boolean full = visitorIds != null;
    UserAgentInfo ua = full ? userAgents.classify(h.userAgent()) : UserAgentInfo.UNKNOWN;
    if (h.head()) {
      ua = TrafficRules.headRequest(ua);
    }
    long visitor = full ? visitorIds[0] : 0;
    long visitorMonth = full ? visitorIds[1] : 0;
    String[] utm = full ? RequestFields.utm(h.linkUtm(), h.query()) : new String[] {"", "", "", "", ""};
    String code = text(h.code());
    String linkCode = text(h.linkCode());
    return new HitRow(
        Math.floorDiv(h.timeMillis(), 1000L),
        h.hitId(),
        batchId,
        code,
        linkCode.isEmpty() ? code : linkCode,
        text(h.touchpointCode()),
        text(h.campaign()),
        text(h.channel()),
        Stage.fromWireName(h.stage()),
        text(h.source()),
        h.qr(),
        text(h.variant()),
        h.status() >= 100 && h.status() <= 599 ? h.status() : 0,
        ua.device(),
        ua.os(),
        ua.osVersion(),
        ua.browser(),
        ua.browserVersion(),
        ua.traffic(),
        ua.botName(),
        country(h),
        full ? RequestFields.referrerHost(h.referrer()) : "",
        utm[0], utm[1], utm[2], utm[3], utm[4],
        full ? language(h.acceptLanguage()) : "",
        visitor,
        visitorMonth,
        receivedAt,
        text(h.rule()));
  }

  /**
   * Accept-Language headers repeat (a handful per country and browser), and parsing one costs more
   * than the rest of a row: remember the answers, forgetting all at {@value #LANGUAGE_MEMO_SIZE}.
   */
  private String language(String acceptLanguage) {
    if (acceptLanguage == null || acceptLanguage.length() > RequestFields.MAX_ACCEPT_LANGUAGE_CHARS) {
      return RequestFields.language(acceptLanguage);
    }
    String known = languages.get(acceptLanguage);
    if (known != null) {
      return known;
    }
    if (languages.size() >= LANGUAGE_MEMO_SIZE) {
      languages.clear();
    }
    String parsed = RequestFields.language(acceptLanguage);
    languages.put(acceptLanguage, parsed);
    return parsed;
  }

  private static String text(String s) {
    return CleanText.of(s, MAX_FIELD_CHARS);
  }

  private static String country(String s) {
    if (s == null || s.length() != 2) {
      return "";
    }
    String upper = s.toUpperCase(Locale.ROOT);
    // XX is what proxies (Cloudflare) send when they do not know either.
    return COUNTRY.matcher(upper).matches() && !"XX".equals(upper) ? upper : "";
  }
}
