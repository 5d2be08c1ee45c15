package dev.waymark.hit.sink;

import dev.waymark.geo.CountryDatabase;
import dev.waymark.hit.EncodedBatch;
import dev.waymark.hit.HitEvent;
import dev.waymark.hit.HitIds;
import dev.waymark.hit.HitRow;
import dev.waymark.hit.HitSink;
import dev.waymark.hit.HitStore;
import dev.waymark.hit.clickhouse.ClickHouseConfig;
import dev.waymark.hit.clickhouse.ClickHouseConversions;
import dev.waymark.hit.clickhouse.ClickHouseException;
import dev.waymark.hit.clickhouse.ClickHouseHttp;
import dev.waymark.hit.clickhouse.ClickHouseStats;
import dev.waymark.hit.clickhouse.ClickHouseWriter;
import dev.waymark.hit.duckdb.DuckDbConversions;
import dev.waymark.hit.duckdb.DuckDbStats;
import dev.waymark.hit.duckdb.DuckDbStore;
import dev.waymark.hit.enrich.Enricher;
import dev.waymark.hit.enrich.FileSaltStore;
import dev.waymark.hit.enrich.SaltStore;
import dev.waymark.hit.enrich.UserAgents;
import dev.waymark.hit.spool.DiskBudget;
import dev.waymark.hit.spool.Spool;
import dev.waymark.conversion.ConversionStore;
import dev.waymark.stats.StatsStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every hit handed to {@link #write} ends up in the store (ClickHouse, or embedded DuckDB) exactly
 * once, or stays in the disk spool until it can. Hits are enriched and encoded on the calling
 * (sink) thread into an open batch, which is closed at the configured size or age and handed to
 * one delivery thread; that thread sends batches straight on while the store keeps up and spools
 * them when it does not (see {@link BatchDelivery}). Few large inserts are what ClickHouse wants
 * (each insert makes a part per table and view, merged later). ClickHouse being slow or down never slows
 * the caller; only a full disk budget drops hits, and each one is counted. A kill -9 loses what
 * is still in memory (the queue, the open batch and at most two closed ones); what reached the
 * spool is replayed on the next start.
 *
 * <p>When hits arrive faster than this thread enriches them, the queue fills; before it is full
 * the queue {@link #spill}s instead, and {@link #catchUp} enriches the spilled hits once it is
 * calm again (see {@link SpillCatchUp}). Both spools share the disk budget. {@link #stats()} reads
 * every counter at once.
 *
 * <p>Use: {@code sink = AnalyticsSink.clickHouse(config, dataDir); sink.start();
 * queue = sink.newQueue(capacity).start(); ... queue.close(); sink.close();}
 */
public final class AnalyticsSink implements HitSink, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AnalyticsSink.class);

  /**
   * How long a hit may take from the redirect into a batch or spill record, and so how long before
   * the oldest undelivered one a click may still be on its way; far more than the queue ever holds.
   */
  static final Duration PENDING_MARGIN = Duration.ofMinutes(15);

  private final AnalyticsSinkConfig config;
  private final Clock clock;
  private final Enricher enricher;
  private final SaltStore salts;
  private final Spool spool;
  private final Spool spilled;
  private final HitStore store;
  private final StatsStore statsStore;
  private final ConversionStore conversionStore;
  private final BatchDelivery delivery;
  private final SpillCatchUp spilling;
  private final CountryDatabase ownedCountries;
  private final LongAdder spoolWriteFailures = new LongAdder();
  private final LongAdder spoolWriteFailedHits = new LongAdder();
  private final int batchRows;
  private LocalDate saltDay;
  private boolean started;
  private OpenBatch open;
  private volatile int openRows; // for the gauge: the open batch belongs to the sink thread

  private AnalyticsSink(AnalyticsSinkConfig config, Clock clock, UserAgents userAgents,
      SaltStore salts, Spool spool, Spool spilled, HitStore store, StatsStore statsStore,
      Function<Supplier<Instant>, ConversionStore> conversions, CountryDatabase countries,
      boolean ownsCountries) {
    this.config = config;
    this.clock = clock;
    this.salts = salts;
    this.spool = spool;
    this.spilled = spilled;
    this.store = store;
    this.statsStore = statsStore;
    this.conversionStore = conversions.apply(this::pendingSince);
    this.enricher = new Enricher(userAgents, salts, clock, countries);
    this.ownedCountries = ownsCountries ? countries : null;
    this.delivery = new BatchDelivery(spool, store, config.maxBackoff());
    this.batchRows = Math.min(config.batchSize(), store.maxBatchRows());
    this.spilling = new SpillCatchUp(spilled, enricher, delivery, batchRows);
  }

  /**
   * Builds a sink for ClickHouse with salts in {@code <dataDir>/salts}. Takes seconds (the UA
   * parser loads its rules): call it at start-up, never on an event loop.
   */
  public static AnalyticsSink clickHouse(AnalyticsSinkConfig config, Path dataDir) throws IOException {
    return clickHouse(config, dataDir, new FileSaltStore(dataDir.resolve("salts")), Clock.systemUTC());
  }

  /**
   * As {@link #clickHouse(AnalyticsSinkConfig, Path)} with a shared salt store (e.g. Redis); the
   * country database of {@code config.geoIpDb()}, if any, is opened for this sink alone.
   */
  public static AnalyticsSink clickHouse(AnalyticsSinkConfig config, Path dataDir, SaltStore salts,
      Clock clock) throws IOException {
    return clickHouse(config, dataDir, salts, clock, null);
  }

  /**
   * As {@link #clickHouse(AnalyticsSinkConfig, Path, SaltStore, Clock)} with the process's one
   * country database ({@code null}: the sink opens {@code config.geoIpDb()} itself, if set), which
   * the caller keeps and closes.
   */
  public static AnalyticsSink clickHouse(AnalyticsSinkConfig config, Path dataDir, SaltStore salts,
      Clock clock, CountryDatabase countries) throws IOException {
    if (config.clickHouse() == null) {
      throw new IllegalArgumentException("WAYMARK_CLICKHOUSE_URL is not set: use AnalyticsSink.embedded");
    }
    // The stats get an HTTP client of their own: a slow question must not hold up inserts.
    return build(config, dataDir, salts, clock, new ClickHouseWriter(new ClickHouseHttp(config.clickHouse())),
        new ClickHouseStats(config.clickHouse()),
        since -> new ClickHouseConversions(config.clickHouse(), clock, since), countries);
  }

  /**
   * Builds a sink for the embedded DuckDB file {@code <dataDir>/hits.duckdb}, the store used when
   * no ClickHouse is configured; {@code config.clickHouse()} is ignored.
   */
  public static AnalyticsSink embedded(AnalyticsSinkConfig config, Path dataDir, SaltStore salts,
      Clock clock) throws IOException {
    return embedded(config, dataDir, salts, clock, null);
  }

  /** As {@link #embedded(AnalyticsSinkConfig, Path, SaltStore, Clock)} with the process's one country database. */
  public static AnalyticsSink embedded(AnalyticsSinkConfig config, Path dataDir, SaltStore salts,
      Clock clock, CountryDatabase countries) throws IOException {
    // Only this process may open the file, so the stats read through the sink's own database.
    DuckDbStore store = DuckDbStore.open(dataDir.resolve("hits.duckdb"));
    return build(config, dataDir, salts, clock, store, new DuckDbStats(store),
        since -> new DuckDbConversions(store, clock, since), countries);
  }

  /** As {@link #embedded(AnalyticsSinkConfig, Path, SaltStore, Clock)} with file salts. */
  public static AnalyticsSink embedded(AnalyticsSinkConfig config, Path dataDir) throws IOException {
    return embedded(config, dataDir, new FileSaltStore(dataDir.resolve("salts")), Clock.systemUTC());
  }

  private static AnalyticsSink build(AnalyticsSinkConfig config, Path dataDir, SaltStore salts,
      Clock clock, HitStore store, StatsStore statsStore, Function<Supplier<Instant>, ConversionStore> conversions,
      CountryDatabase countries) throws IOException {
    boolean own = countries == null && config.geoIpDb() != null;
    CountryDatabase geo = own ? CountryDatabase.open(config.geoIpDb()) : countries;
    Path spoolDir = config.spoolDir() != null ? config.spoolDir() : dataDir.resolve("spool");
    DiskBudget budget = new DiskBudget(config.spoolBudgetBytes());
    Spool spool = Spool.open(spoolDir, config.spoolSegmentBytes(), budget, config.fsync().intervalNanos());
    Spool spilled = Spool.open(spoolDir.resolve("spilled"), config.spoolSegmentBytes(), budget, config.fsync().intervalNanos());
    return new AnalyticsSink(config, clock, new UserAgents(config.userAgentCacheSize()), salts, spool,
        spilled, store, statsStore, conversions, geo, own);
  }

  /** Runs the ClickHouse migrations now (for the {@code migrate} subcommand); returns what ran. */
  public static List<Integer> migrate(ClickHouseConfig clickHouse)
      throws ClickHouseException {
    return new ClickHouseWriter(new ClickHouseHttp(clickHouse)).migrate();
  }

  /**
   * Migrates the schema if ClickHouse answers (if not, the delivery thread does it before its
   * first insert) and starts delivering what the spool holds, including batches of an earlier run.
   */
  public synchronized AnalyticsSink start() {
    if (started) {
      return this;
    }
    started = true;
    boolean migrated = false;
    try {
      store.migrate();
      migrated = true;
    } catch (Exception e) {
      LOG.warn("event=migrations_deferred store={} reason=\"{}\"", store.kind(), e.getMessage());
    }
    delivery.start(migrated);
    LOG.info("event=analytics_sink_started store={} spool_bytes={}", store.kind(), spool.bytes());
    return this;
  }

  /** A queue feeding this sink (not started); the sink itself makes batches of the configured size and age. */
  public HitQueue newQueue(int capacity) {
    return new HitQueue(capacity, HitQueue.DRAIN_MAX, HitQueue.DRAIN_INTERVAL, this);
  }

  /**
   * Enriches the hits into the open batch, and hands the batch over once it is full. Called by
   * the queue's one sink thread; synchronized (uncontended, once per drain) only so that a close
   * after a stuck drain cannot race it over the open batch.
   */
  @Override
  public synchronized void write(List<HitEvent> hits) {
    if (hits.isEmpty()) {
      return;
    }
    long now = clock.millis();
    forgetOldSalts(now);
    if (open == null) {
      open = new OpenBatch(HitIds.next(now), now);
    }
    for (HitRow row : enricher.enrich(hits, open.batchId())) {
      open.add(row);
    }
    if (open.rows() >= batchRows) {
      handOver();
    } else {
      openRows = open.rows();
    }
  }

  /**
   * Keeps the hits cheaply, to be enriched later: each one's visitor ids (the IP goes no further)
   * and the request as it came, appended to the spill spool once a record is full or old.
   */
  @Override
  public synchronized void spill(List<HitEvent> hits) {
    if (hits.isEmpty()) {
      return;
    }
    long now = clock.millis();
    forgetOldSalts(now);
    spilling.spill(hits, now);
  }

  /** Hands the open batch over, and writes the open spill record, once as old as the flush interval. */
  @Override
  public synchronized void flushIfDue() {
    long flushMillis = config.flushInterval().toMillis();
    if (open != null && clock.millis() - open.createdAtMillis() >= flushMillis) {
      handOver();
    }
    spilling.flushIfDue(clock.millis(), flushMillis);
  }

  @Override
  public synchronized void flush() {
    if (open != null) {
      handOver();
    }
    spilling.flush();
  }

  /**
   * Enriches one spill record into a batch and hands it to delivery; called while the queue is
   * calm. Waits while the store is failing or behind (see {@link SpillCatchUp#catchUp}).
   */
  @Override
  public synchronized void catchUp() throws IOException {
    if (!started) {
      return;
    }
    spilling.catchUp();
  }

  private void handOver() {
    EncodedBatch batch = open.close();
    open = null;
    openRows = 0;
    if (batch.rows() == 0) {
      return;
    }
    try {
      delivery.submit(batch); // false = over the spool budget, counted there
    } catch (IOException e) {
      // The disk failed under the spool: the batch is lost. Count it here, since the queue
      // handed these hits over long ago; the error itself is logged once per batch.
      spoolWriteFailures.increment();
      spoolWriteFailedHits.add(batch.rows());
      LOG.error("event=spool_write_failed hits={} error=\"{}\"", batch.rows(), e.toString());
    }
  }

  private void forgetOldSalts(long nowMillis) {
    LocalDate today = LocalDate.ofInstant(java.time.Instant.ofEpochMilli(nowMillis), ZoneOffset.UTC);
    if (today.equals(saltDay) || !(salts instanceof FileSaltStore)) {
      return;
    }
    saltDay = today;
    try {
      ((FileSaltStore) salts).forgetBefore(today);
    } catch (IOException e) {
      LOG.warn("event=salt_cleanup_failed error=\"{}\"", e.toString());
    }
  }

  /** Stops within about 10 s: delivers what it can to ClickHouse, the rest stays in the spool. */
  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }

  public synchronized void close(Duration timeout) {
    flush();
    if (started) {
      delivery.drainAndStop(timeout);
    }
    try {
      spool.close();
      spilled.close();
      store.close();
      if (ownedCountries != null) {
        ownedCountries.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      LOG.warn("event=hit_store_close_failed store={} error=\"{}\"", store.kind(), e.toString());
    }
    LOG.info("event=analytics_sink_closed rows_written={} spool_bytes={} unsent_age_ms={}",
        delivery.rows(), spool.bytes(), oldestUnsentAgeMillis(clock.millis()));
  }

  /** The stats of the store this sink delivers to, readable from any thread (calls block). */
  public StatsStore statsStore() {
    return statsStore;
  }

  /**
   * Where conversions of the store this sink delivers to are recorded, from any thread (calls
   * block). A click not found is {@code PENDING} when made at or after {@link #pendingSince}, so
   * a hit still in this sink's queue, open batch or spools is never called unknown.
   */
  public ConversionStore conversionStore() {
    return conversionStore;
  }

  /** See {@link #pendingSince(long, long, boolean)}, for now and this sink's spools. */
  Instant pendingSince() {
    long now = clock.millis();
    long age = oldestUnsentAgeMillis(now);
    return pendingSince(now, age, age == 0 && spool.pendingBytes() + spilled.pendingBytes() > 0);
  }

  /**
   * {@link #PENDING_MARGIN} before the earlier of now and the oldest batch or spill record not yet
   * delivered, since a record is opened at most that long after the hits it takes were made; the
   * epoch when records wait whose age is not known (a spool is read, and so dated, only once the
   * store takes inserts again), since then any click may still be on its way.
   */
  static Instant pendingSince(long nowMillis, long oldestUnsentAgeMillis, boolean undatedWaiting) {
    return undatedWaiting ? Instant.EPOCH
        : Instant.ofEpochMilli(nowMillis - oldestUnsentAgeMillis - PENDING_MARGIN.toMillis());
  }

  /** Every counter and gauge of this sink, read now. */
  public SinkStats stats() {
    ClickHouseWriter clickHouse = store instanceof ClickHouseWriter w ? w : null;
    long now = clock.millis();
    return new SinkStats(
        delivery.rows(),
        delivery.batches(),
        delivery.deliveryNanos() / 1e9,
        delivery.spooledBatches(),
        openRows + delivery.handoffHits(),
        delivery.retries(),
        clickHouse == null ? 0 : clickHouse.duplicateChecks(),
        clickHouse == null ? 0 : clickHouse.duplicatesAvoided(),
        clickHouse == null ? 0 : clickHouse.fenceWaits(),
        clickHouse == null ? 0 : clickHouse.fenceKills(),
        clickHouse == null ? 0 : clickHouse.sameIdRefusals(),
        spool.bytes() + spilled.bytes(),
        spool.pendingBytes() + spilled.pendingBytes(),
        oldestUnsentAgeMillis(now),
        spool.droppedHits() + spilled.droppedHits(),
        spool.corruptRecords() + spilled.corruptRecords() + spilling.unreadableRecords(),
        spilling.spilledHits(),
        spoolWriteFailures.sum() + spilling.writeFailures(),
        spoolWriteFailedHits.sum() + spilling.writeFailedHits(),
        enricher.degraded(),
        enricher.userAgentsUnparsed(),
        enricher.skipped(),
        delivery.available());
  }

  private long oldestUnsentAgeMillis(long now) {
    return Math.max(spool.oldestUnsentAgeMillis(now), spilled.oldestUnsentAgeMillis(now));
  }
}
