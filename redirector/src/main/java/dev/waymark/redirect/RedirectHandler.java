package dev.waymark.redirect;

import dev.waymark.hit.HitIds;
import dev.waymark.hit.sink.HitQueue;
import dev.waymark.link.CachedLink;
import dev.waymark.link.Codes;
import dev.waymark.link.LinkCache;
import dev.waymark.routing.Decision;
import dev.waymark.routing.HitCaps;
import dev.waymark.routing.Router;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Answers every request on the public port: {@code GET|HEAD /{code}} from the cache, and records
 * the hit without waiting for it. Nothing here blocks; a cached code is answered inline, and so
 * is a cached touchpoint whose link is cached (both are in the same cache).
 *
 * <p>Malformed codes get a cheap 404 without touching the cache. No client input can cause a 5xx:
 * only a store that cannot answer for an uncached code gives 503 with {@code Retry-After}, and a
 * stored record no link can be made of gives 500.
 */
public final class RedirectHandler implements Handler<HttpServerRequest> {

  private static final CharSequence LOCATION = HttpHeaders.LOCATION;
  private static final CharSequence CACHE_CONTROL = HttpHeaders.CACHE_CONTROL;
  private static final CharSequence CONTENT_TYPE = HttpHeaders.CONTENT_TYPE;
  private static final CharSequence NO_STORE = HttpHeaders.createOptimized("private, max-age=0");
  private static final CharSequence TEXT = HttpHeaders.createOptimized("text/plain; charset=utf-8");
  private static final CharSequence HTML = HttpHeaders.createOptimized("text/html; charset=utf-8");
  /** Unfurlers cache cards anyway; a few minutes spares them refetching while a link is being shared. */
  private static final CharSequence PREVIEW_CACHE = HttpHeaders.createOptimized("public, max-age=300");
  private static final CharSequence ALLOW = HttpHeaders.createOptimized("Allow");
  private static final CharSequence GET_HEAD = HttpHeaders.createOptimized("GET, HEAD");
  private static final CharSequence RETRY_AFTER = HttpHeaders.createOptimized("Retry-After");
  private static final String ROBOTS = "User-agent: *\nDisallow: /\n";

  private final LinkCache links;
  private final HitQueue hits;
  private final Clock clock;
  private final RedirectMetrics metrics;
  private final VisitSources sources;
  private final Router router;

  public RedirectHandler(LinkCache links, HitQueue hits, Clock clock, MeterRegistry registry) {
    this(links, hits, clock, registry, VisitSources.NONE, new Router(HitCaps.NONE));
  }

  /**
   * @param hits    where hits go; {@code null} with tracking off ({@code WAYMARK_TRACKING=off})
   * @param sources who each request's client is, its country and its visitor id
   * @param router  decides for links and touchpoints with journey rules
   */
  public RedirectHandler(LinkCache links, HitQueue hits, Clock clock, MeterRegistry registry,
      VisitSources sources, Router router) {
    this.links = links;
    this.hits = hits;
    this.clock = clock;
    this.metrics = new RedirectMetrics(registry);
    this.sources = sources;
    this.router = router;
  }

  @Override
  public void handle(HttpServerRequest req) {
    long start = System.nanoTime();
    HttpMethod method = req.method();
    if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
      req.response().putHeader(ALLOW, GET_HEAD);
      plain(req, 405, "Only GET and HEAD are answered here.\n", start);
      return;
    }
    String path = req.path();
    if (path == null || path.length() < 2 || !Codes.isWellFormed(path, 1, path.length())) {
      special(req, path, start);
      return;
    }
    String code = path.substring(1);
    CachedLink cached = links.cached(code);
    if (cached != null) {
      resolved(req, code, cached, start); // the hot path: no allocation, no future
      return;
    }
    afterLoad(req, links.load(code), start, link -> resolved(req, code, link, start));
  }

  /** A touchpoint needs its link too: a second lookup in the same cache, answered inline when cached. */
  private void resolved(HttpServerRequest req, String code, CachedLink found, long start) {
    if (found == null || !found.isTouchpoint()) {
      answer(req, code, found, null, start);
      return;
    }
    CachedLink cachedParent = links.cached(found.linkCode());
    if (cachedParent != null) {
      answer(req, code, cachedParent, found, start);
      return;
    }
    afterLoad(req, links.load(found.linkCode()), start, parent -> answer(req, code, parent, found, start));
  }

  /**
   * Goes on with a code the cache had to load, on this event loop: {@code then} gets the link
   * ({@code null} when unknown), and a store that could not answer gets the client a 503.
   */
  private void afterLoad(HttpServerRequest req, CompletableFuture<CachedLink> load, long start,
      Consumer<CachedLink> then) {
    if (load.isDone()) {
      finishLoad(req, load, start, then);
    } else {
      Context context = Vertx.currentContext();
      load.whenComplete((link, error) -> context.runOnContext(v -> finishLoad(req, load, start, then)));
    }
  }

  private void finishLoad(HttpServerRequest req, CompletableFuture<CachedLink> load, long start,
      Consumer<CachedLink> then) {
    if (load.isCompletedExceptionally()) {
      storeUnavailable(req, start);
    } else {
      then.accept(load.join());
    }
  }

  private void storeUnavailable(HttpServerRequest req, long start) {
    metrics.storeError();
    req.response().putHeader(RETRY_AFTER, "1");
    plain(req, 503, "Link store unavailable, try again shortly.\n", start);
  }

  /**
   * Answers for {@code code}: {@code link} is its link ({@code null} when unknown), or, when
   * {@code touchpoint} is set, the link that touchpoint belongs to. A touchpoint whose link is
   * gone (or is itself a touchpoint, which the API never writes), or that is disabled or expired
   * itself, answers 410: its printed code did exist. A link or touchpoint with journey rules is
   * the {@link Router}'s to decide.
   */
  private void answer(HttpServerRequest req, String code, CachedLink link, CachedLink touchpoint, long start) {
    long now = clock.millis();
    if (link == null && touchpoint == null) {
      plain(req, 404, "Unknown link.\n", start);
      track(req, null, code, null, null, 404, now);
      return;
    }
    if (link != null && !link.isTouchpoint() && (link.routes() != null
        || touchpoint != null && touchpoint.routes() != null)) {
      routed(req, code, link, touchpoint, now, start);
      return;
    }
    if (link == null || link.isTouchpoint() || !link.isLive(now) || (touchpoint != null && !touchpoint.isLive(now))) {
      gone(req, code, link, touchpoint, now, start);
      return;
    }
    // A link with conversions hands its hit's id to the destination, so the id is made now;
    // other links take the branch that allocates nothing more than before.
    UUID click = hits != null && link.conversions() ? HitIds.next(now) : null;
    Map<String, String> utm = link.utm();
    CharSequence location = click == null && utm.isEmpty() ? Location.of(link.urlAscii(), req.query())
        : Location.of(link.urlAscii(), req.query(), click, utm);
    redirect(req, link, location, click, start);
    track(req, click, code, link, touchpoint, link.redirect(), now);
  }

  /** 410 for a link or touchpoint that is switched off or over, or 500 for one we cannot read. */
  private void gone(HttpServerRequest req, String code, CachedLink link, CachedLink touchpoint, long now, long start) {
    if (link != null && link.isUnreadable()) {
      // Its stored record is damaged (logged once by the cache): a fault of ours that retrying
      // will not cure, so neither 503 with Retry-After nor a 404/410 that would hide it.
      plain(req, 500, "This link cannot be served.\n", start);
      return;
    }
    plain(req, 410, "This link is no longer active.\n", start);
    track(req, null, code, link == null || link.isTouchpoint() ? null : link, touchpoint, 410, now);
  }

  /** Writes a redirect to {@code location} with the link's status, and counts it. */
  private void redirect(HttpServerRequest req, CachedLink link, CharSequence location, UUID click, long start) {
    HttpServerResponse response = req.response()
        .setStatusCode(link.redirect())
        .putHeader(LOCATION, location);
    if (!link.isPermanent() || click != null) {
      // Every scan of a printed code must reach us, so browsers may not reuse the answer; nor one
      // carrying a click id, which belongs to this hit alone, whatever the link's status.
      response.putHeader(CACHE_CONTROL, NO_STORE);
    }
    response.end();
    metrics.answered(link.redirect(), start);
  }

  /**
   * The answer for a link or touchpoint with journey rules, as the {@link Router} decides it. Off
   * the plain path: it allocates what its decision needs.
   */
  private void routed(HttpServerRequest req, String code, CachedLink link, CachedLink touchpoint, long now,
      long start) {
    if (!link.enabled() || touchpoint != null && !touchpoint.enabled()) {
      gone(req, code, link, touchpoint, now, start); // switched off: no window, no fallback
      return;
    }
    boolean live = link.isLive(now) && (touchpoint == null || touchpoint.isLive(now));
    RequestVisit visit = new RequestVisit(req, sources, now);
    Decision decision = router.decide(touchpoint == null ? null : touchpoint.routes(), link.routes(), live, visit, now);
    int status;
    UUID click = null;
    switch (decision.kind()) {
      case REDIRECT -> {
        CharSequence url = decision.url() == null ? link.urlAscii() : decision.url();
        click = hits != null && link.conversions() ? HitIds.next(now) : null;
        redirect(req, link, Location.of(url, req.query(), click, link.utm()), click, start);
        status = link.redirect();
      }
      case FALLBACK -> {
        // The campaign is not on (yet, or any more): its fallback page, which a later scan of the
        // same printed code must not skip, so never a permanent or cacheable answer.
        req.response().setStatusCode(302).putHeader(LOCATION, Location.of(decision.url(), req.query()))
            .putHeader(CACHE_CONTROL, NO_STORE).end();
        metrics.answered(302, start);
        status = 302;
      }
      case GONE -> {
        // Not cacheable either: the link may start later, or get a fallback.
        req.response().putHeader(CACHE_CONTROL, NO_STORE);
        plain(req, 410, "This link is not active.\n", start);
        status = 410;
      }
      case PREVIEW -> {
        req.response().setStatusCode(200).putHeader(CONTENT_TYPE, HTML).putHeader(CACHE_CONTROL, PREVIEW_CACHE)
            .end(PreviewPage.of(decision.preview(), link.urlAscii()));
        metrics.answered(200, start);
        status = 200;
      }
      default -> throw new IllegalStateException("no answer for " + decision.kind());
    }
    if (hits != null) {
      hits.offer(Hits.of(visit, req, click != null ? click : HitIds.next(now), code, link, touchpoint, status, now,
          decision.variant(), decision.rule()));
    }
  }

  /**
   * Offers the hit of this answer, under {@code hitId} when the answer already handed that on
   * ({@code null}: a new one); with tracking off nothing of the request is even read.
   */
  private void track(HttpServerRequest req, UUID hitId, String code, CachedLink link, CachedLink touchpoint,
      int status, long now) {
    if (hits != null) {
      hits.offer(Hits.of(new RequestVisit(req, sources, now), req, hitId != null ? hitId : HitIds.next(now), code,
          link, touchpoint, status, now, "", ""));
    }
  }

  private void special(HttpServerRequest req, String path, long start) {
    if ("/robots.txt".equals(path)) {
      // Short links are not pages: keep crawlers from indexing them and from inflating hit counts.
      plain(req, 200, ROBOTS, start);
    } else if ("/favicon.ico".equals(path)) {
      req.response().putHeader(CACHE_CONTROL, "public, max-age=86400");
      req.response().setStatusCode(204).end();
      metrics.answered(204, start);
    } else {
      plain(req, 404, "Unknown link.\n", start);
    }
  }

  private void plain(HttpServerRequest req, int status, String body, long start) {
    req.response().setStatusCode(status).putHeader(CONTENT_TYPE, TEXT).end(body);
    metrics.answered(status, start);
  }

}
