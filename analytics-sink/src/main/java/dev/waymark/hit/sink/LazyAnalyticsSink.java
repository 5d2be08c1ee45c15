package dev.waymark.hit.sink;

import dev.waymark.geo.CountryDatabase;
import dev.waymark.hit.HitEvent;
import dev.waymark.hit.HitSink;
import dev.waymark.hit.enrich.FileSaltStore;
import dev.waymark.hit.enrich.RedisSaltStore;
import dev.waymark.hit.enrich.SaltStore;
import dev.waymark.conversion.ConversionStore;
import dev.waymark.stats.StatsStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The analytics sink of one process (ClickHouse, or embedded DuckDB), opened on a daemon thread of
 * its own once {@link #start} is called, so the first redirects do not wait for the UA parser to
 * load its rules (seconds). Until it is open, hits wait in the hit queue: the sink thread blocks
 * on the first batch, never an event loop.
 */
public final class LazyAnalyticsSink implements HitSink {

  private static final Logger LOG = LoggerFactory.getLogger(LazyAnalyticsSink.class);

  private final CompletableFuture<AnalyticsSink> sink;
  private final String kind;
  private final Thread opener;
  private final AtomicBoolean started = new AtomicBoolean();

  private LazyAnalyticsSink(CompletableFuture<AnalyticsSink> sink, String kind, Thread opener) {
    this.opener = opener;
    this.sink = sink;
    this.kind = kind;
  }

  /**
   * The visitor salts of a process: in Redis at {@code redisUrl} (shared by every instance on it,
   * so one person is one visitor across them), or in {@code dataDir} when that is {@code null}.
   * Blocks while it connects; the caller owns it and closes it (a Redis one is
   * {@link AutoCloseable}) after the sink.
   */
  public static SaltStore salts(Path dataDir, URI redisUrl) {
    return redisUrl != null ? RedisSaltStore.connect(redisUrl) : new FileSaltStore(dataDir.resolve("salts"));
  }

  /**
   * A sink to be opened by {@link #start}: on ClickHouse when {@code config.clickHouse()} is set,
   * else on the embedded store in {@code dataDir}; visitor ids keyed by {@code salts}; countries
   * from the process's one {@code countries} database ({@code null}: none, or the sink opens
   * {@code config.geoIpDb()} itself), which the caller closes after the sink.
   */
  public static LazyAnalyticsSink open(AnalyticsSinkConfig config, Path dataDir, SaltStore salts,
      CountryDatabase countries) {
    boolean clickHouse = config.clickHouse() != null;
    String kind = clickHouse ? "clickhouse" : "embedded";
    CompletableFuture<AnalyticsSink> opening = new CompletableFuture<>();
    Thread opener = new Thread(() -> {
      try {
        AnalyticsSink s = clickHouse
            ? AnalyticsSink.clickHouse(config, dataDir, salts, Clock.systemUTC(), countries)
            : AnalyticsSink.embedded(config, dataDir, salts, Clock.systemUTC(), countries);
        opening.complete(s.start());
      } catch (IOException | RuntimeException e) {
        LOG.error("event=analytics_sink_failed store={} error=\"{}\"", kind, e.getMessage());
        opening.completeExceptionally(e);
      }
    }, "waymark-analytics-open");
    opener.setDaemon(true);
    return new LazyAnalyticsSink(opening, kind, opener);
  }

  /**
   * Starts opening the sink in the background; later calls do nothing. Call it shortly after the
   * listeners are up: the UA parser's seconds of CPU would otherwise slow the first redirects.
   */
  public void start() {
    if (started.compareAndSet(false, true)) {
      opener.start();
    }
  }

  /** {@code clickhouse} or {@code embedded}, for health and logs. */
  public String kind() {
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

  /**
   * The stats of the sink's store (ClickHouse, or the embedded DuckDB file it holds), or
   * {@code null} while the sink is opening or when it failed to open. Its calls block.
   */
  public StatsStore statsStore() {
    AnalyticsSink s = now();
    return s == null ? null : s.statsStore();
  }

  /**
   * Where conversions of the sink's store are recorded, or {@code null} while the sink is opening
   * or when it failed to open. Its calls block.
   */
  public ConversionStore conversionStore() {
    AnalyticsSink s = now();
    return s == null ? null : s.conversionStore();
  }

  /** The open sink, or {@code null} while it is opening or when it failed to. */
  public AnalyticsSink now() {
    return sink.isDone() && !sink.isCompletedExceptionally() ? sink.join() : null;
  }

  /** Hands what it can to the store within {@code timeout}; the rest stays in the spool. */
  public void close(Duration timeout) {
    AnalyticsSink s = now();
    if (s != null) {
      s.close(timeout);
    }
  }
}
