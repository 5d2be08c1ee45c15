package dev.waymark.routing;

import dev.waymark.hit.Traffic;

/**
 * Decides where one request goes when its link or touchpoint has journey rules, on the event loop:
 * no blocking, no store round trip, no allocation for a repeated user agent but the small index
 * of the query when a rule asks about it ({@code RouterBenchmark} measures it). Thread-safe: one
 * router serves every event loop.
 *
 * <p>The order of decision, first answer wins:
 * <ol>
 *   <li><b>Window.</b> Not live (past {@code expiresAt}), or before the {@code activeFrom} of the
 *       touchpoint or of its link: {@code FALLBACK} to the fallback URL, or {@code GONE} without
 *       one; rule {@code window}.
 *   <li><b>Preview.</b> A link unfurler, when a preview is set: {@code PREVIEW}, rule
 *       {@code preview}, no variant.
 *   <li><b>Limit.</b> When {@code maxHits} is set, a person is counted with {@link HitCaps#take}
 *       under the code of the link or touchpoint that set it; refused: {@code FALLBACK}, or
 *       {@code GONE} without a fallback; rule {@code limit}. Bots and unfurlers are never
 *       counted and skip the limit altogether, even once it is reached: the counter cannot be
 *       asked without counting, and a crawler or a chat card seeing the real destination after a
 *       sell-out harms nobody.
 *   <li><b>Bots and unfurlers</b> (without a preview): {@link Decision#DEFAULT}, the link's own
 *       URL, no variant, no rule.
 *   <li><b>Rules</b> in order, then the {@code ios} and {@code android} shortcuts (rules
 *       {@code ios} and {@code android}): the first that holds gives its URL, or one of its
 *       variants. A visitor with no monthly id ({@link Visit#NO_VISITOR}) meeting a rule with
 *       variants goes to its heaviest variant with variant {@code ""}: such a rule has no other
 *       destination, and an unassigned visit must not count for any variant.
 *   <li><b>Variants</b> of the link (or the touchpoint): the visitor's variant; a visitor with no
 *       monthly id gets none and goes on.
 *   <li>{@link Decision#DEFAULT}: the link's own URL.
 * </ol>
 * A touchpoint uses each member it sets (a non-empty list, a non-null value) and its link's for
 * the rest; both {@code activeFrom}s must be reached; the fallback is the touchpoint's, else the
 * link's. Variants are assigned by the hash of the code that set them (see {@link VariantSet}).
 */
public final class Router {

  static final String WINDOW = "window";
  static final String LIMIT = "limit";
  static final String PREVIEW = "preview";

  static final Decision GONE_WINDOW = new Decision(Decision.Kind.GONE, null, "", WINDOW, null);
  static final Decision GONE_LIMIT = new Decision(Decision.Kind.GONE, null, "", LIMIT, null);

  private final HitCaps caps;
  private final AgentClassifier agents;

  /** Build off the event loop: the classifier loads the crawler list. */
  public Router(HitCaps caps) {
    this(caps, new AgentClassifier());
  }

  public Router(HitCaps caps, AgentClassifier agents) {
    this.caps = caps;
    this.agents = agents;
  }

  /**
   * @param own       the touchpoint's rules, {@code null} when no touchpoint or it sets none
   * @param inherited the link's rules, {@code null} when it sets none; not both {@code null}
   * @param live      false when the link (or the touchpoint) is past its {@code expiresAt}
   * @param visit     the request
   * @param nowMillis the redirect's clock
   */
  public Decision decide(Routes own, Routes inherited, boolean live, Visit visit, long nowMillis) {
    Routes withFallback = own != null && own.windowFallback != null ? own : inherited;
    Decision windowOut = withFallback == null || withFallback.windowFallback == null
        ? GONE_WINDOW : withFallback.windowFallback;
    if (!live || (own != null && nowMillis < own.activeFrom)
        || (inherited != null && nowMillis < inherited.activeFrom)) {
      return windowOut;
    }
    if (own == null && inherited == null) {
      return Decision.DEFAULT;
    }

    Agent agent = agents.classify(visit.userAgent());
    // Steps 2 to 4 for bots and unfurlers at once: never counted, the limit is not theirs. A HEAD
    // is a link check whatever its agent says, as the sink counts it.
    if (agent.traffic() != Traffic.HUMAN || visit.head()) {
      Decision preview = own != null && own.preview != null ? own.preview
          : inherited == null ? null : inherited.preview;
      return agent.traffic() == Traffic.PREVIEW && preview != null ? preview : Decision.DEFAULT;
    }

    Routes capped = own != null && own.maxHits > 0 ? own
        : inherited != null && inherited.maxHits > 0 ? inherited : null;
    if (capped != null && !caps.take(capped.code(), capped.maxHits)) {
      return windowOut == GONE_WINDOW ? GONE_LIMIT : withFallback.limitFallback;
    }

    RouteRule[] rules = own != null && own.rules.length > 0 ? own.rules
        : inherited == null ? Routes.NO_RULES : inherited.rules;
    RouteRule ios = own != null && own.ios != null ? own.ios : inherited == null ? null : inherited.ios;
    RouteRule android = own != null && own.android != null ? own.android
        : inherited == null ? null : inherited.android;
    RouteRule rule = firstMatch(rules, ios, android, agent, visit, nowMillis);
    if (rule != null) {
      if (rule.decision != null) {
        return rule.decision;
      }
      Decision assigned = assign(rule.variants, visit.monthlyVisitorId());
      return assigned != null ? assigned : rule.variants.unassigned();
    }

    VariantSet variants = own != null && own.variants != null ? own.variants
        : inherited == null ? null : inherited.variants;
    if (variants != null) {
      Decision assigned = assign(variants, visit.monthlyVisitorId());
      if (assigned != null) {
        return assigned;
      }
    }
    return Decision.DEFAULT;
  }

  private static Decision assign(VariantSet variants, long visitor) {
    return visitor == Visit.NO_VISITOR ? null : variants.assign(visitor);
  }

  /**
   * The first of {@code rules}, {@code ios}, {@code android} whose conditions all hold. Facts are
   * read on first need, once per decision: cheap ones first, the query decoded only if asked.
   */
  private static RouteRule firstMatch(RouteRule[] rules, RouteRule ios, RouteRule android, Agent agent,
      Visit visit, long now) {
    int n = rules.length;
    String acceptLanguage = null; // read on first need, with its first choice
    long language = Languages.NONE;
    String rawQuery = null;
    int[] query = null; // indexed on first need
    for (int k = 0; k < n + 2; k++) {
      RouteRule r = k < n ? rules[k] : k == n ? ios : android;
      if (r == null || !r.matchesAgent(agent)) {
        continue;
      }
      if (r.qr != null && r.qr != visit.qr()) {
        continue;
      }
      if (r.countries != null && !r.matchesCountry(visit.country())) {
        continue;
      }
      if (r.languages != null) {
        if (acceptLanguage == null) {
          acceptLanguage = visit.acceptLanguage() == null ? "" : visit.acceptLanguage();
          language = Languages.firstChoice(acceptLanguage);
        }
        if (!r.languages.matches(acceptLanguage, language)) {
          continue;
        }
      }
      if (r.queryNames != null) {
        if (query == null) {
          rawQuery = visit.rawQuery();
          query = QueryParams.index(rawQuery);
        }
        if (!r.matchesQuery(rawQuery, query)) {
          continue;
        }
      }
      if (r.time != null && !r.time.matches(now)) {
        continue;
      }
      return r;
    }
    return null;
  }
}
