package dev.waymark.health;

import dev.waymark.hit.sink.AnalyticsSink;
import dev.waymark.hit.sink.HitQueue;
import dev.waymark.hit.sink.SinkStats;
import dev.waymark.link.LinkStore;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Liveness and readiness of one process. Ready means "send me traffic": the servers are up, the
 * link cache is primed, and the process is not draining; until then readiness says STARTING, and
 * once draining DOWN, both with 503. A link store that does not answer makes the process
 * DEGRADED, not unready, because cached links keep redirecting; the body says which part is down.
 */
public final class Health {

  private static final Duration PING_TIMEOUT = Duration.ofSeconds(1);

  private final LinkStore store;
  private final String storeKind;
  private final HitQueue hits;
  private final Supplier<AnalyticsSink> analytics;
  private final String analyticsKind;
  private volatile boolean serving;
  private volatile boolean started;

  /**
   * @param hits the hit queue; {@code null} with tracking off, when {@code analytics} gives null
   *     and {@code analyticsKind} is "off"
   */
  public Health(LinkStore store, String storeKind, HitQueue hits, Supplier<AnalyticsSink> analytics,
      String analyticsKind) {
    this.store = store;
    this.storeKind = storeKind;
    this.hits = hits;
    this.analytics = analytics;
    this.analyticsKind = analyticsKind;
  }

  /** Marks the process ready (after start) or not (while draining at shutdown). */
  public void serving(boolean serving) {
    this.serving = serving;
    started |= serving;
  }

  public Handler<RoutingContext> liveness() {
    return ctx -> json(ctx, 200, new JsonObject().put("status", "UP"));
  }

  public Handler<RoutingContext> readiness() {
    return ctx -> ping().onComplete(ar -> {
      JsonObject links = new JsonObject().put("store", storeKind)
          .put("status", ar.succeeded() ? "UP" : "DOWN");
      if (ar.failed()) {
        links.put("error", ar.cause().getMessage());
      }
      JsonObject checks = new JsonObject().put("links", links);
      boolean queueFull = hits != null && hits.depth() >= hits.capacity();
      if (hits != null) {
        checks.put("hits", new JsonObject().put("status", queueFull ? "FULL" : "UP")
            .put("depth", hits.depth()).put("capacity", hits.capacity()).put("dropped", hits.dropped()));
      }
      AnalyticsSink sink = analytics.get();
      // While the store is down hits wait in the spool: nothing is lost, but analysts lag.
      SinkStats stats = sink == null ? null : sink.stats();
      String sinkStatus = hits == null ? "OFF" : stats == null ? "STARTING" : stats.storeAvailable() ? "UP" : "DOWN";
      JsonObject store = new JsonObject().put("store", analyticsKind).put("status", sinkStatus);
      if (stats != null) {
        store.put("spoolPendingBytes", stats.spoolPendingBytes())
            .put("lagSeconds", stats.oldestUnsentAgeMillis() / 1000);
      }
      boolean healthy = ar.succeeded() && !queueFull && !"DOWN".equals(sinkStatus);
      String status = !serving ? (started ? "DOWN" : "STARTING") : healthy ? "UP" : "DEGRADED";
      json(ctx, serving ? 200 : 503, new JsonObject().put("status", status)
          .put("checks", checks.put("analytics", store)));
    });
  }

  private Future<Void> ping() {
    return store.ping().timeout(PING_TIMEOUT);
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(body.encode());
  }
}
