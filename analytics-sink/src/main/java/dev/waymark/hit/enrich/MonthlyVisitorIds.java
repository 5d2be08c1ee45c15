package dev.waymark.hit.enrich;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monthly visitor id of a request, made where the redirect decides (on an event loop), equal
 * to the {@code visitor_monthly} the sink records for it: SipHash-2-4 keyed by the month's salt over
 * IP and user agent. A/B variants are assigned by it, so one person gets one variant on every
 * redirector sharing the salt store, across restarts, without a cookie.
 *
 * <p>{@link #id} never blocks: the month's key is read from the {@link SaltStore} by
 * {@link #refresh}, off the event loops, at start and then every minute (the next month's key a
 * day before it begins). While no key is loaded for the request's month, {@link #id} answers
 * {@link #NONE}. Thread-safe.
 */
public final class MonthlyVisitorIds {

  /** No id can be made: the month's salt is not loaded. */
  public static final long NONE = 0L;

  private static final Logger LOG = LoggerFactory.getLogger(MonthlyVisitorIds.class);
  private static final long DAY_MILLIS = 86_400_000L;

  /** A month's key and the millis it covers; replaced whole, read without a lock. */
  private record MonthKey(long from, long until, long k0, long k1) {
    boolean covers(long millis) {
      return millis >= from && millis < until;
    }
  }

  private final SaltStore salts;
  private volatile MonthKey current;
  private volatile MonthKey next;

  public MonthlyVisitorIds(SaltStore salts) {
    this.salts = salts;
  }

  /**
   * The id of the visitor at {@code ip} with {@code userAgent} at {@code epochMillis}, or
   * {@link #NONE} when that month's key is not loaded (an id that happens to equal it is answered
   * as {@code NONE + 1}: one in 2^64, and never a reason to lose a variant).
   */
  public long id(long epochMillis, String ip, String userAgent) {
    MonthKey key = current;
    if (key == null || !key.covers(epochMillis)) {
      key = next;
      if (key == null || !key.covers(epochMillis)) {
        return NONE;
      }
    }
    String ua = userAgent.length() > UserAgents.MAX_UA_CHARS ? userAgent.substring(0, UserAgents.MAX_UA_CHARS)
        : userAgent;
    byte[] message = (ip + '\n' + ua).getBytes(StandardCharsets.UTF_8);
    long id = new SipHash24().hash(key.k0, key.k1, message, message.length);
    return id == NONE ? NONE + 1 : id;
  }

  /**
   * Loads the keys of the month of {@code nowMillis} and, within a day of its end, of the next
   * one; blocks on the salt store, so it runs on a background thread. A failure keeps the keys it
   * had and is logged; the next refresh tries again.
   */
  public void refresh(long nowMillis) {
    try {
      YearMonth month = YearMonth.from(Instant.ofEpochMilli(nowMillis).atZone(ZoneOffset.UTC));
      MonthKey now = current;
      if (now == null || !now.covers(nowMillis)) {
        MonthKey ahead = next;
        current = ahead != null && ahead.covers(nowMillis) ? ahead : load(month);
      }
      if (current.until - nowMillis < DAY_MILLIS && (next == null || next.until <= current.until)) {
        next = load(month.plusMonths(1));
      }
    } catch (Exception e) {
      LOG.warn("event=visitor_salt_unavailable error=\"{}\"", e.getMessage());
    }
  }

  private MonthKey load(YearMonth month) throws Exception {
    long[] key = new long[2];
    Visitors.readKey(salts.monthly(month), key); // the sink's own reading, so both make one id
    long from = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    long until = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    return new MonthKey(from, until, key[0], key[1]);
  }
}
