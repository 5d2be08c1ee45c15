package dev.waymark.hit.sink;

import dev.waymark.hit.EncodedBatch;
import dev.waymark.hit.HitEvent;
import dev.waymark.hit.row.RowBinaryIn;
import dev.waymark.hit.row.RowBinaryOut;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Hits as the sink spills them when the queue fills faster than it enriches: the request as the
 * redirect path saw it, with the client IP already replaced by the two visitor ids, so what goes
 * to disk holds no IP. Enrichment (user agent, referrer, UTM, language) and compression happen
 * when the hits are read back: spilling costs a fraction of enriching, which is what lets a
 * spilling sink empty the queue faster than hits arrive. Written with {@link RowBinaryOut}:
 * strings are as long as the HTTP server let them be (its header and line limits bound them).
 */
final class SpilledHits {

  /** A link has five UTM keys; more in a record means it is not spilled hits. */
  private static final int MAX_UTM_KEYS = 1024;
  private static final int QR = 1;
  private static final int HEAD = 2;

  private SpilledHits() {}

  /**
   * Appends one hit with its daily and monthly visitor ids and its country, which, like the ids,
   * is looked up by IP now or never.
   */
  static void write(RowBinaryOut out, HitEvent h, long visitor, long visitorMonth, String country) {
    out.uuid(h.hitId());
    out.uint(h.timeMillis(), 8);
    text(out, h.code());
    text(out, h.linkCode());
    text(out, h.touchpointCode());
    text(out, h.campaign());
    text(out, h.channel());
    text(out, h.stage());
    text(out, h.source());
    // One byte of flags: bit 0 the QR marker (all it held before), bit 1 a HEAD request.
    out.uint((h.qr() ? QR : 0) | (h.head() ? HEAD : 0), 1);
    out.uint(h.status(), 4);
    text(out, h.userAgent());
    text(out, h.referrer());
    text(out, h.acceptLanguage());
    text(out, h.query());
    Map<String, String> utm = h.linkUtm() == null ? Map.of() : h.linkUtm();
    out.uint(utm.size(), 4);
    utm.forEach((k, v) -> {
      text(out, k);
      text(out, v);
    });
    text(out, h.variant());
    text(out, country);
    out.uint(visitor, 8);
    out.uint(visitorMonth, 8);
    text(out, h.rule()); // last: a record of EncodedBatch.FORMAT_BEFORE_RULE ends each hit before it
  }

  private static void text(RowBinaryOut out, String s) {
    out.string(s == null ? "" : s);
  }

  /** Reads spilled hits back a chunk at a time, so a large record never becomes one large list. */
  static final class Reader {
    private final RowBinaryIn in;
    private final boolean withRule;

    /** A reader of a record in the current {@link EncodedBatch#FORMAT}. */
    Reader(byte[] body) {
      this(body, EncodedBatch.FORMAT);
    }

    /** A reader of a record of the given {@link EncodedBatch#format}. */
    Reader(byte[] body, int format) {
      this.in = new RowBinaryIn(body);
      this.withRule = format != EncodedBatch.FORMAT_BEFORE_RULE;
    }

    /**
     * Reads up to {@code max} hits into {@code hits} (client IP {@code ""}) and their visitor ids
     * into {@code ids} (two a hit); returns how many. Throws {@link IllegalArgumentException} on
     * a body that is not spilled hits.
     */
    int next(List<HitEvent> hits, long[] ids, int max) {
      int n = 0;
      try {
        while (n < max && in.hasMore()) {
          UUID hitId = in.uuid();
          long time = in.uint(8);
          String code = in.string();
          String linkCode = in.string();
          String touchpoint = in.string();
          String campaign = in.string();
          String channel = in.string();
          String stage = in.string();
          String source = in.string();
          int flags = (int) in.uint(1);
          int status = (int) in.uint(4);
          String userAgent = in.string();
          String referrer = in.string();
          String language = in.string();
          String query = in.string();
          Map<String, String> utm = utm();
          String variant = in.string();
          String country = in.string();
          ids[2 * n] = in.uint(8);
          ids[2 * n + 1] = in.uint(8);
          hits.add(new HitEvent(hitId, time, code, linkCode, touchpoint, campaign, channel, stage, source,
              (flags & QR) != 0, status, userAgent, referrer, language, query, utm, "", variant, country,
              (flags & HEAD) != 0, withRule ? in.string() : ""));
          n++;
        }
      } catch (IndexOutOfBoundsException e) {
        throw new IllegalArgumentException("truncated spilled hits", e);
      }
      return n;
    }

    private Map<String, String> utm() {
      long size = in.uint(4);
      if (size > MAX_UTM_KEYS) {
        throw new IndexOutOfBoundsException("utm keys " + size);
      }
      if (size == 0) {
        return Map.of();
      }
      Map<String, String> utm = new HashMap<>((int) size * 2);
      for (int i = 0; i < size; i++) {
        utm.put(in.string(), in.string());
      }
      return utm;
    }
  }
}
