package dev.waymark.link;

import java.util.Map;

/**
 * What the redirect path needs of a {@link Link} or touchpoint, as {@link LinkCache} holds it: the
 * same accessors, without the admin-only fields (tags, timestamps, name, notes, medium), with the
 * cache key as its code and campaign, channel, source and UTM shared between the links that have
 * the same ones. With a million links cached every field counts: measured with
 * {@code CacheFootprint}, a cached {@code Link} took 460 to 700 bytes of heap, this about half.
 */
public final class CachedLink {

  private final String code;
  private final String url;
  private final String campaign;
  private final String channel;
  private final Stage stage;
  private final String source;
  private final Map<String, String> utm;
  private final String linkCode;
  /** Epoch millis before which it redirects: {@code Long.MIN_VALUE} when disabled, MAX when it never expires. */
  private final long liveUntil;
  private final short redirect;

  private CachedLink(String code, Link link, Interner shared) {
    this.code = code;
    this.url = link.url();
    this.campaign = shared.text(link.campaign());
    this.channel = shared.text(link.channel());
    this.stage = link.stage();
    this.source = shared.text(link.source());
    this.utm = shared.utm(link.utm());
    this.linkCode = link.linkCode();
    this.liveUntil = !link.enabled() ? Long.MIN_VALUE
        : link.expiresAt() == null ? Long.MAX_VALUE : link.expiresAt().toEpochMilli();
    this.redirect = (short) link.redirect();
  }

  /**
   * The cached form of {@code link}; {@code code} must equal its code and is kept instead of the
   * link's own copy (the cache already holds it as the key).
   */
  static CachedLink of(String code, Link link, Interner shared) {
    if (!code.equals(link.code())) {
      throw new IllegalArgumentException("cache key " + code + " holds link " + link.code());
    }
    return new CachedLink(code, link, shared);
  }

  /** Of a link not from a cache, for tests and tools. */
  public static CachedLink of(Link link) {
    return new CachedLink(link.code(), link, Interner.NONE);
  }

  public String code() {
    return code;
  }

  /** Where it leads; {@code null} for a touchpoint, which leads where its link leads. */
  public String url() {
    return url;
  }

  public String campaign() {
    return campaign;
  }

  public String channel() {
    return channel;
  }

  public Stage stage() {
    return stage;
  }

  public String source() {
    return source;
  }

  /** Never {@code null}; empty when the link sets no UTM parameters. */
  public Map<String, String> utm() {
    return utm;
  }

  /** The code of the link a touchpoint belongs to; {@code null} for a link. */
  public String linkCode() {
    return linkCode;
  }

  /** 301, 302, 307 or 308. */
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

  /** True for 301 and 308, which browsers may cache; temporary redirects must not be cached. */
  public boolean isPermanent() {
    return redirect == 301 || redirect == 308;
  }

  @Override
  public String toString() {
    return "CachedLink[" + code + (linkCode == null ? " -> " + url : " of " + linkCode) + "]";
  }
}
