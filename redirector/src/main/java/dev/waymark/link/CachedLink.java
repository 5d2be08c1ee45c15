package dev.waymark.link;

import dev.waymark.journey.Stage;
import dev.waymark.routing.Routes;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/**
 * What the redirect path needs of a {@link Link} or touchpoint, as {@link LinkCache} holds it: the
 * same accessors, without the admin-only fields (tags, timestamps, name, notes, medium). With a
 * million links cached every byte counts, so the code and URL share one byte array, and campaign,
 * channel, stage, source and UTM are one {@link Attribution} shared by the links that have the
 * same ones. Its size is measured with {@code CacheFootprint} (figures in ARCHITECTURE.md).
 */
public final class CachedLink {

  /** {@link #redirect} of the unreadable marker: no link has it, and it costs no field of its own. */
  private static final short UNREADABLE = 0;
  private static final Attribution NO_ATTRIBUTION = new Attribution(null, null, null, null, Map.of(), false);

  /** The code's chars, then the URL's: both ASCII (the admin API refuses other URLs). */
  private final byte[] text;
  private final byte codeLength;
  private final short redirect;
  /** When the cache read it from the store, in the cache's seconds; for the refresh. */
  private final int loadedAt;
  private final Attribution attribution;
  private final String linkCode;
  /** Epoch millis before which it redirects: {@code Long.MIN_VALUE} when disabled, MAX when it never expires. */
  private final long liveUntil;
  /** {@link LinkTable}'s CLOCK flag: set when read, cleared as the eviction hand passes. Racy by design. */
  boolean referenced;

  private CachedLink(String code, Link link, Interner shared, int loadedAt, boolean campaignConversions) {
    if (code.length() > Codes.MAX_LENGTH) {
      throw new IllegalArgumentException("code longer than " + Codes.MAX_LENGTH + ": " + code);
    }
    String url = link.url() == null ? "" : link.url();
    // ISO-8859-1 keeps ASCII as it is; anything else becomes '?', as it would in the header anyway.
    this.text = (code + url).getBytes(StandardCharsets.ISO_8859_1);
    this.codeLength = (byte) code.length();
    this.redirect = (short) link.redirect();
    this.loadedAt = loadedAt;
    // Resolved here, once a load: the redirect reads one flag whether the link or its campaign set it.
    this.attribution = shared.attribution(link.campaign(), link.channel(), link.stage(), link.source(), link.utm(),
        link.conversions() || campaignConversions && !link.isTouchpoint(), Routes.compile(code, link.routing()));
    this.linkCode = link.linkCode();
    this.liveUntil = !link.enabled() ? Long.MIN_VALUE
        : link.expiresAt() == null ? Long.MAX_VALUE : epochMillis(link.expiresAt());
  }

  /** The marker of a stored record the redirect cannot use; see {@link #isUnreadable}. */
  private CachedLink(String code, int loadedAt) {
    this.text = code.getBytes(StandardCharsets.ISO_8859_1);
    this.codeLength = (byte) code.length();
    this.redirect = UNREADABLE;
    this.loadedAt = loadedAt;
    this.attribution = NO_ATTRIBUTION;
    this.linkCode = null;
    this.liveUntil = Long.MIN_VALUE; // never live, so the redirect path meets it off its fast branch
  }

  /**
   * Saturates where {@link Instant#toEpochMilli} throws: an expiry beyond the year 292,278,994
   * (which the API refuses, but an older version stored) means "never", one before -292,275,055
   * "long ago", and neither may make the link unservable.
   */
  private static long epochMillis(Instant at) {
    try {
      return at.toEpochMilli();
    } catch (ArithmeticException e) {
      return at.isBefore(Instant.EPOCH) ? Long.MIN_VALUE + 1 : Long.MAX_VALUE;
    }
  }

  /**
   * The cached form of {@code link} as read at {@code loadedAt} (the cache's clock, seconds);
   * {@code code} must equal its code.
   */
  static CachedLink of(String code, Link link, Interner shared, int loadedAt) {
    return of(code, link, shared, loadedAt, false);
  }

  /**
   * As {@link #of(String, Link, Interner, int)}, with conversions on also when
   * {@code campaignConversions} (its campaign's default) is; a touchpoint follows its link's either way.
   */
  static CachedLink of(String code, Link link, Interner shared, int loadedAt, boolean campaignConversions) {
    if (!code.equals(link.code())) {
      throw new IllegalArgumentException("cache key " + code + " holds link " + link.code());
    }
    return new CachedLink(code, link, shared, loadedAt, campaignConversions);
  }

  /**
   * Stands in the cache for {@code code} whose stored record the store could read but no link can
   * be made of: cached like a link, so that the record is read, and reported, once per refresh
   * period and not on every request.
   */
  static CachedLink unreadable(String code, int loadedAt) {
    return new CachedLink(code, loadedAt);
  }

  /** Of a link not from a cache, for tests and tools. */
  public static CachedLink of(Link link) {
    return new CachedLink(link.code(), link, Interner.NONE, 0, false);
  }

  /** A new string each call: the redirect path uses the request's own copy of the code. */
  public String code() {
    return new String(text, 0, codeLength, StandardCharsets.ISO_8859_1);
  }

  /**
   * Where it leads, as a new string each call; {@code null} for a touchpoint, which leads where
   * its link leads. The redirect path writes {@link #urlAscii} instead.
   */
  public String url() {
    return isTouchpoint() ? null : new String(text, codeLength, text.length - codeLength, StandardCharsets.ISO_8859_1);
  }

  /** The URL as a view of the cached bytes, no copy: Netty writes it into the header as it is. */
  public CharSequence urlAscii() {
    return new AsciiString(text, codeLength, text.length - codeLength, false);
  }

  boolean hasCode(String code) {
    if (code.length() != codeLength) {
      return false;
    }
    for (int i = 0; i < codeLength; i++) {
      if (text[i] != code.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  boolean hasCode(CachedLink other) {
    return Arrays.equals(text, 0, codeLength, other.text, 0, other.codeLength);
  }

  /** The code's {@link String#hashCode}, computed from the bytes: only writes to the table need it. */
  int hash() {
    int h = 0;
    for (int i = 0; i < codeLength; i++) {
      h = 31 * h + text[i];
    }
    return h;
  }

  /**
   * Heap bytes it takes in the cache, its table slot included: this object, its byte array (a
   * 16-byte header, 8-byte aligned), and a slot of 4 bytes at half load. Shared values not counted.
   */
  long footprint() {
    return 40 + ((16 + text.length + 7) & ~7) + 8;
  }

  int loadedAt() {
    return loadedAt;
  }

  public String campaign() {
    return attribution.campaign();
  }

  public String channel() {
    return attribution.channel();
  }

  public Stage stage() {
    return attribution.stage();
  }

  public String source() {
    return attribution.source();
  }

  /** Never {@code null}; empty when the link sets no UTM parameters. */
  public Map<String, String> utm() {
    return attribution.utm();
  }

  /**
   * True when the redirect appends the hit's id as {@code wm_click} for conversions, because the
   * link sets it or its campaign's default does; false for a touchpoint, whose hits follow its link's.
   */
  public boolean conversions() {
    return attribution.conversions();
  }

  /**
   * Its compiled journey rules (variants, targeting, window, limit, preview); {@code null} for a
   * plain link or touchpoint, which the redirect answers on its fast path.
   */
  public Routes routes() {
    return attribution.routes();
  }

  /** The code of the link a touchpoint belongs to; {@code null} for a link. */
  public String linkCode() {
    return linkCode;
  }

  /** 301, 302, 307 or 308; 0 for the {@linkplain #isUnreadable unreadable} marker. */
  public int redirect() {
    return redirect;
  }

  /** True for a touchpoint, whose {@link #linkCode} names the link it belongs to. */
  public boolean isTouchpoint() {
    return linkCode != null;
  }

  /** False when switched off (a link or a touchpoint); expiry is {@link #isLive}'s business. */
  public boolean enabled() {
    return liveUntil != Long.MIN_VALUE;
  }

  /** True when a request at {@code nowMillis} (epoch) is redirected; false means 410 Gone. */
  public boolean isLive(long nowMillis) {
    return nowMillis < liveUntil;
  }

  /**
   * True for the stand-in of a stored record no link can be made of. It is never
   * {@linkplain #isLive live} and not a touchpoint, so callers need ask only once a code is not
   * redirected.
   */
  public boolean isUnreadable() {
    return redirect == UNREADABLE;
  }

  /** True for 301 and 308, which browsers may cache; temporary redirects must not be cached. */
  public boolean isPermanent() {
    return redirect == 301 || redirect == 308;
  }

  @Override
  public String toString() {
    if (isUnreadable()) {
      return "CachedLink[" + code() + " unreadable]";
    }
    return "CachedLink[" + code() + (linkCode == null ? " -> " + url() : " of " + linkCode) + "]";
  }
}
