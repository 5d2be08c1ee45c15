package dev.waymark.metrics;

import dev.waymark.admin.AuthThrottle;
import dev.waymark.hit.sink.AnalyticsSink;
import dev.waymark.hit.sink.HitQueue;
import dev.waymark.hit.sink.SinkStats;
import dev.waymark.link.LinkCache;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The process's Prometheus registry: JVM and process meters, the link cache, the hit queue, and
 * whatever the features register themselves. {@link #scrapeHandler()} serves the text format.
 */
public final class Metrics {

  /** The sink's stats taken once for the scrape under way; {@code null} outside a scrape. */
  private SinkStats snapshot;
  private boolean scraping;

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private Supplier<AnalyticsSink> analytics;

  public Metrics() {
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /**
   * Size, hits, misses, evictions and store reads of the link cache as {@code cache_*{cache="links"}},
   * the names Micrometer gives any cache.
   */
  public void bindLinkCache(LinkCache cache) {
    Tags links = Tags.of("cache", "links");
    Gauge.builder("cache.size", cache, LinkCache::size).tags(links)
        .description("Links cached").register(registry);
    Gauge.builder("waymark.cache.bytes", cache, LinkCache::bytes).tags(links).baseUnit("bytes")
        .description("Heap the cached links take, estimated; bounded at 40% of the heap").register(registry);
    FunctionCounter.builder("cache.gets", cache, LinkCache::hits).tags(links).tag("result", "hit")
        .description("Redirect lookups answered from the cache").register(registry);
    FunctionCounter.builder("cache.gets", cache, LinkCache::misses).tags(links).tag("result", "miss")
        .description("Redirect lookups that had to ask the link store").register(registry);
    FunctionCounter.builder("cache.evictions", cache, LinkCache::evictions).tags(links)
        .description("Links dropped to make room").register(registry);
    FunctionCounter.builder("cache.loads", cache, LinkCache::loads).tags(links).tag("result", "success")
        .description("Link store reads (loads and refreshes) that answered").register(registry);
    FunctionCounter.builder("cache.loads", cache, LinkCache::loadFailures).tags(links).tag("result", "failure")
        .description("Link store reads that failed").register(registry);
    FunctionCounter.builder("waymark.links.unreadable", cache, LinkCache::unreadable)
        .description("Stored link records no link could be made of; each answers 500 until fixed (logged once)")
        .register(registry);
  }

  /** Failed admin authentications and the requests refused for them. */
  public void bindAuthThrottle(AuthThrottle throttle) {
    FunctionCounter.builder("waymark.admin.auth.failures", throttle, AuthThrottle::failures)
        .description("Admin requests refused with 401 for a missing or wrong API key").register(registry);
    FunctionCounter.builder("waymark.admin.auth.throttled", throttle, AuthThrottle::refused)
        .description("Admin requests refused with 429: their address failed authentication too often").register(registry);
  }

  /** Depth, capacity and the fate of every hit offered to the queue. */
  public void bindHitQueue(HitQueue queue) {
    Gauge.builder("waymark.hits.queue.depth", queue, HitQueue::depth)
        .description("Hits waiting to be handed to the sink").register(registry);
    Gauge.builder("waymark.hits.queue.capacity", queue, HitQueue::capacity)
        .description("Most hits the queue holds").register(registry);
    FunctionCounter.builder("waymark.hits.offered", queue, HitQueue::offered)
        .description("Hits the redirect path recorded").register(registry);
    FunctionCounter.builder("waymark.hits.delivered", queue, HitQueue::delivered)
        .description("Hits the sink accepted").register(registry);
    FunctionCounter.builder("waymark.hits.dropped", queue, HitQueue::dropped)
        .description("Hits lost because the queue was full (should stay 0)").register(registry);
    FunctionCounter.builder("waymark.hits.spilled", queue, HitQueue::spilled)
        .description("Hits the sink spilled to disk unenriched, the queue being half full; enriched later")
        .register(registry);
    FunctionCounter.builder("waymark.hits.failed", queue, HitQueue::failed)
        .description("Hits in batches the sink failed to write").register(registry);
    FunctionCounter.builder("waymark.hits.batches", queue, HitQueue::batches)
        .description("Drains that handed hits to the sink").register(registry);
  }

  /**
   * Delivery of hits to the analytics store: rows written, retries, the spool and the lag. The
   * sink opens in the background, so values read 0 until it is there.
   */
  public void bindAnalytics(Supplier<AnalyticsSink> sink) {
    // Micrometer holds state objects weakly; the supplier is a lambda nobody else keeps.
    this.analytics = sink;
    counter("waymark.analytics.rows.written", "Rows the analytics store accepted", sink, SinkStats::rowsWritten);
    counter("waymark.analytics.batches.written", "Batches the analytics store accepted", sink, SinkStats::batchesWritten);
    counter("waymark.analytics.delivery.seconds",
        "Time spent delivering the batches written; divided by batches.written, the mean batch latency", sink,
        SinkStats::deliverySeconds);
    counter("waymark.analytics.retries", "Batch sends that were retried", sink, SinkStats::retries);
    counter("waymark.analytics.duplicates.avoided", "Rows not re-sent because a check found their batch already stored", sink,
        SinkStats::duplicatesAvoided);
    counter("waymark.analytics.insert.fence.waits",
        "Duplicate checks that waited for an earlier attempt of the batch still running in ClickHouse", sink,
        SinkStats::insertFenceWaits);
    counter("waymark.analytics.insert.fence.kills",
        "Earlier attempts of a batch killed in ClickHouse by query id because they ran past the bound", sink,
        SinkStats::insertFenceKills);
    counter("waymark.analytics.insert.same.batch.refusals",
        "Attempts ClickHouse refused because an earlier attempt of the same batch was still running", sink,
        SinkStats::sameBatchRefusals);
    counter("waymark.analytics.dropped", "Hits dropped because the spool was over its disk budget (should stay 0)",
        sink, SinkStats::droppedHits);
    counter("waymark.analytics.spool.corrupt", "Spool records skipped as corrupt", sink, SinkStats::corruptSpoolRecords);
    counter("waymark.analytics.spool.write.failures", "Batches the spool could not write", sink,
        SinkStats::spoolWriteFailures);
    counter("waymark.analytics.spool.write.failed.hits", "Hits lost in batches the spool could not write (should stay 0)",
        sink, SinkStats::spoolWriteFailedHits);
    counter("waymark.analytics.enrich.degraded", "Hits stored with partial enrichment", sink, SinkStats::enrichDegraded);
    counter("waymark.analytics.enrich.unparsed",
        "Hits whose user agent got the bot rules only: more than 1,000 new agents a second arrived", sink,
        SinkStats::userAgentsUnparsed);
    counter("waymark.analytics.enrich.skipped", "Hits that could not be made into a row", sink, SinkStats::enrichSkipped);
    gauge("waymark.analytics.spool.bytes", "Bytes in the spool", sink, SinkStats::spoolBytes);
    counter("waymark.analytics.spooled.batches",
        "Batches that went through the spool because the store failed, lagged or was stopping", sink,
        SinkStats::batchesSpooled);
    gauge("waymark.analytics.handoff.hits", "Enriched hits in memory waiting for the store", sink,
        SinkStats::handoffHits);
    gauge("waymark.analytics.spool.pending.bytes", "Spooled bytes not yet in the store", sink,
        SinkStats::spoolPendingBytes);
    gauge("waymark.analytics.lag.seconds", "Age of the oldest hit not yet in the store", sink,
        s -> s.oldestUnsentAgeMillis() / 1000.0);
    gauge("waymark.analytics.store.up", "1 when the analytics store answers", sink,
        s -> s.storeAvailable() ? 1 : 0);
  }

  private void counter(String name, String help, Supplier<AnalyticsSink> sink, ToDoubleFunction<SinkStats> f) {
    FunctionCounter.builder(name, sink, s -> value(s, f)).description(help).register(registry);
  }

  private void gauge(String name, String help, Supplier<AnalyticsSink> sink, ToDoubleFunction<SinkStats> f) {
    Gauge.builder(name, sink, s -> value(s, f)).description(help).register(registry);
  }

  /** One stats snapshot serves every analytics meter of a scrape: taking one takes the spool's locks. */
  private synchronized double value(Supplier<AnalyticsSink> sink, ToDoubleFunction<SinkStats> f) {
    AnalyticsSink s = sink.get();
    if (s == null) {
      return 0;
    }
    if (!scraping) {
      return f.applyAsDouble(s.stats());
    }
    if (snapshot == null) {
      snapshot = s.stats();
    }
    return f.applyAsDouble(snapshot);
  }

  /** Serves the Prometheus text exposition format. */
  public Handler<RoutingContext> scrapeHandler() {
    return ctx -> ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .end(scrape());
  }

  /** The registry in the Prometheus text format, the sink's stats read once for all its meters. */
  private synchronized String scrape() {
    scraping = true;
    try {
      return registry.scrape();
    } finally {
      scraping = false;
      snapshot = null;
    }
  }

  public void close() {
    gc.close();
    registry.close();
  }
}
