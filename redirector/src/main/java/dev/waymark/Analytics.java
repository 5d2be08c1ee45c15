package dev.waymark;

import dev.waymark.config.WaymarkConfig;
import dev.waymark.hit.AnalyticsSink;
import dev.waymark.hit.AnalyticsSinkConfig;
import dev.waymark.hit.HitEvent;
import dev.waymark.hit.HitSink;
import dev.waymark.hit.clickhouse.ClickHouseConfig;
import dev.waymark.hit.enrich.FileSaltStore;
import dev.waymark.hit.enrich.RedisSaltStore;
import dev.waymark.hit.enrich.SaltStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The analytics sink of one process (ClickHouse, or embedded DuckDB), opened in the background so
 * the first redirect does not wait for the UA parser to load its rules (seconds). Until it is open,
 * hits wait in the hit queue; the sink thread blocks on the first batch, never an event loop.
 */
final class Analytics implements HitSink {

  private static final Logger log = LoggerFactory.getLogger(Analytics.class);

  private final CompletableFuture<AnalyticsSink> sink;
  private final CompletableFuture<SaltStore> salts;
  private final String kind;
  private final Thread opener;
  private final AtomicBoolean started = new AtomicBoolean();

  private Analytics(CompletableFuture<AnalyticsSink> sink, CompletableFuture<SaltStore> salts, String kind,
      Thread opener) {
    this.opener = opener;
    this.sink = sink;
    this.salts = salts;
    this.kind = kind;
  }

  static Analytics open(WaymarkConfig config) {
    String kind = config.clickHouse().enabled() ? "clickhouse" : "embedded";
    WaymarkConfig.Hits hits = config.hits();
    // Sixteen segments to a budget, so delivered ones free space in steps; 64 MiB at the default 1 GiB.
    long segmentBytes = Math.max(1L << 20, Math.min(64L << 20, hits.spoolMaxBytes() / 16));
    AnalyticsSinkConfig sinkConfig = AnalyticsSinkConfig.defaults(clickHouse(config))
        .withBatches(hits.batchSize(), hits.flushInterval())
        .withMaxBackoff(hits.retryMaxBackoff())
        .withSpool(null, hits.spoolMaxBytes(), segmentBytes, hits.spoolFsync());
    CompletableFuture<AnalyticsSink> opening = new CompletableFuture<>();
    CompletableFuture<SaltStore> salting = new CompletableFuture<>();
    Thread opener = new Thread(() -> {
      try {
        // Instances sharing a Redis share salts, so one person is one visitor across them.
        SaltStore salts = config.redis().enabled()
            ? RedisSaltStore.connect(config.redis().url())
            : new FileSaltStore(config.data().dir().resolve("salts"));
        salting.complete(salts);
        AnalyticsSink s = config.clickHouse().enabled()
            ? AnalyticsSink.clickHouse(sinkConfig, config.data().dir(), salts, Clock.systemUTC())
            : AnalyticsSink.embedded(sinkConfig, config.data().dir(), salts, Clock.systemUTC());
        opening.complete(s.start());
      } catch (IOException | RuntimeException e) {
        log.error("event=analytics_sink_failed store={} error=\"{}\"", kind, e.getMessage());
        opening.completeExceptionally(e);
      }
    }, "waymark-analytics-open");
    opener.setDaemon(true);
    return new Analytics(opening, salting, kind, opener);
  }

  /**
   * Starts opening the sink in the background; later calls do nothing. Called shortly after the
   * listeners are up: the UA parser's seconds of CPU would otherwise slow the first redirects (by
   * 0.4 to 0.6 s of about 1.5 when measured with the process pinned to one core).
   */
  void start() {
    if (started.compareAndSet(false, true)) {
      opener.start();
    }
  }

  /** The ClickHouse settings, or {@code null} in embedded mode. */
  static ClickHouseConfig clickHouse(WaymarkConfig config) {
    WaymarkConfig.ClickHouse ch = config.clickHouse();
    return ch.enabled() ? new ClickHouseConfig(ch.url(), ch.database(), ch.user(), ch.password(), null) : null;
  }

  String kind() {
    return kind;
  }

  @Override
  public void write(List<HitEvent> batch) throws Exception {
    opened().write(batch);
  }

  @Override
  public void spill(List<HitEvent> batch) throws Exception {
    opened().spill(batch);
  }

  /** The sink, once open: the sink thread waits for it, so hits wait in the queue meanwhile. */
  private AnalyticsSink opened() throws IOException {
    try {
      return sink.join();
    } catch (CompletionException e) {
      throw new IOException("analytics sink did not open: " + e.getCause().getMessage(), e.getCause());
    }
  }

  @Override
  public void catchUp() throws IOException {
    AnalyticsSink s = now();
    if (s != null) {
      s.catchUp();
    }
  }

  @Override
  public void flushIfDue() {
    AnalyticsSink s = now(); // nothing is gathered before the sink is open
    if (s != null) {
      s.flushIfDue();
    }
  }

  @Override
  public void flush() {
    AnalyticsSink s = now();
    if (s != null) {
      s.flush();
    }
  }

  /** The open sink, or {@code null} while it is opening or when it failed to. */
  AnalyticsSink now() {
    return sink.isDone() && !sink.isCompletedExceptionally() ? sink.join() : null;
  }

  /** Hands what it can to the store within {@code timeout}; the rest stays in the spool. */
  void close(Duration timeout) {
    AnalyticsSink s = now();
    if (s != null) {
      s.close(timeout);
    }
    if (salts.isDone() && salts.join() instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        log.warn("event=salt_store_close_failed error=\"{}\"", e.toString());
      }
    }
  }
}
