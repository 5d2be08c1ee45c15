package dev.waymark.routing;

import java.util.Objects;

/**
 * The journey rules of one cached link or touchpoint, compiled for the event loop: parsed zones,
 * times, sets and weights, and every destination as a ready {@link Decision}, so that a decision
 * allocates little and parses nothing. Immutable and thread-safe.
 */
public final class Routes {

  static final RouteRule[] NO_RULES = new RouteRule[0];

  private final String code;
  private final Routing routing;

  final RouteRule[] rules;
  final RouteRule ios;
  final RouteRule android;
  final VariantSet variants;
  /** Epoch millis; {@link Long#MIN_VALUE} when the routing sets no {@code activeFrom}. */
  final long activeFrom;
  /** {@code null} when the routing sets no {@code fallbackUrl}. */
  final Decision windowFallback;
  final Decision limitFallback;
  /** 0 when the routing sets no {@code maxHits}. */
  final long maxHits;
  /** {@code null} when the routing sets no {@code preview}. */
  final Decision preview;

  private Routes(String code, Routing routing) {
    this.code = code;
    this.routing = routing;
    this.rules = new RouteRule[routing.rules().size()];
    for (int i = 0; i < rules.length; i++) {
      rules[i] = RouteRule.of(code, i, routing.rules().get(i));
    }
    this.ios = routing.ios() == null ? null : RouteRule.shortcut(OsFamily.IOS, routing.ios());
    this.android = routing.android() == null ? null : RouteRule.shortcut(OsFamily.ANDROID, routing.android());
    this.variants = VariantSet.of(code, routing.variants(), "");
    this.activeFrom = routing.activeFrom() == null ? Long.MIN_VALUE : routing.activeFrom().toEpochMilli();
    String fallback = routing.fallbackUrl();
    this.windowFallback = fallback == null ? null
        : new Decision(Decision.Kind.FALLBACK, fallback, "", Router.WINDOW, null);
    this.limitFallback = fallback == null ? null
        : new Decision(Decision.Kind.FALLBACK, fallback, "", Router.LIMIT, null);
    this.maxHits = routing.maxHits() == null ? 0 : routing.maxHits();
    this.preview = routing.preview() == null ? null
        : new Decision(Decision.Kind.PREVIEW, null, "", Router.PREVIEW, routing.preview());
  }

  /**
   * The compiled form of {@code routing} of the link or touchpoint {@code code} (whose hit limit,
   * if it sets one, is counted under that code, and whose variants are assigned by that code's
   * hash); {@code null} when {@code routing} is {@code null} or empty, so plain links carry
   * nothing. Never fails on a routing the record accepts: a time condition the admin API would
   * have refused (unknown zone, malformed time) matches nobody.
   */
  public static Routes compile(String code, Routing routing) {
    Objects.requireNonNull(code, "code");
    return routing == null || routing.isEmpty() ? null : new Routes(code, routing);
  }

  public String code() {
    return code;
  }

  public Routing routing() {
    return routing;
  }
}
