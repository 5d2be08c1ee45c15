package dev.waymark.hit;

import dev.waymark.hit.clickhouse.ClickHouseException;
import dev.waymark.hit.clickhouse.ClickHouseHttp;
import dev.waymark.hit.clickhouse.ClickHouseWriter;
import dev.waymark.hit.duckdb.DuckDbStore;
import dev.waymark.hit.enrich.Enricher;
import dev.waymark.hit.enrich.FileSaltStore;
import dev.waymark.hit.enrich.SaltStore;
import dev.waymark.hit.enrich.UserAgents;
import dev.waymark.hit.spool.DiskBudget;
import dev.waymark.hit.spool.Spool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every hit handed to {@link #write} ends up in the store (ClickHouse, or embedded DuckDB) exactly
 * once, or stays in the disk spool until it can. Hits are enriched and encoded on the calling
 * (sink) thread into an open batch, which is closed at the configured size or age and handed to
 * one delivery thread; that thread sends batches straight on while the store keeps up and spools
 * them when it does not (see {@link BatchDelivery}). Few large inserts are what ClickHouse wants
 * (each insert makes a part per table and view, merged later): at 5,000 rows an insert, its CPU
 * per row was four times that at one insert a second. ClickHouse being slow or down never slows
 * the caller; only a full disk budget drops hits, and each one is counted. A kill -9 loses what
 * is still in memory (the queue, the open batch and at most two closed ones); what reached the
 * spool is replayed on the next start.
 *
 * <p>When hits arrive faster than this thread enriches them, the queue fills; before it is full
 * the queue {@link #spill}s instead: each hit's IP becomes its visitor ids and the rest is written
 * as it came to a second spool, at a fraction of the cost of enriching it. Once the queue is calm
 * again, {@link #catchUp} enriches the spilled hits a record at a time and delivers them like any
 * batch. Both spools share the disk budget.
 *
 * <p>Use: {@code sink = AnalyticsSink.clickHouse(config, dataDir); sink.start();
 * queue = sink.newQueue(capacity).start(); ... queue.close(); sink.close();}
 */
public final class AnalyticsSink implements HitSink, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AnalyticsSink.class);
  /**
   * A spill record closes at this size (about 40,000 hits), so the batch made from it is a
   * reasonable insert and reading it back stays a short piece of work between drains.
   */
  static final int SPILL_RECORD_BYTES = 16 << 20;
  /** Spilled hits are read back and enriched this many at a time. */
  private static final int CATCH_UP_CHUNK = 4096;

  private final AnalyticsSinkConfig config;
  private final Clock clock;
  private final Enricher enricher;
  private final SaltStore salts;
  private final Spool spool;
  private final Spool spilled;
  private final HitStore store;
  private final BatchDelivery delivery;
  private final LongAdder spoolWriteFailures = new LongAdder();
  private final LongAdder spoolWriteFailedHits = new LongAdder();
  private final LongAdder spilledHits = new LongAdder();
  private final LongAdder unreadableSpills = new LongAdder();
  private final DropLog spillDropLog = new DropLog("spool_budget_full");
  private final int batchRows;
  private LocalDate saltDay;
  private boolean started;
  private OpenBatch open;
  private OpenSpill openSpill;
  private volatile int openRows; // for the gauge: the open batch belongs to the sink thread

  private AnalyticsSink(AnalyticsSinkConfig config, Clock clock, UserAgents userAgents,
      SaltStore salts, Spool spool, Spool spilled, HitStore store) {
    this.config = config;
    this.clock = clock;
    this.salts = salts;
    this.spool = spool;
    this.spilled = spilled;
    this.store = store;
    this.enricher = new Enricher(userAgents, salts, clock);
    this.delivery = new BatchDelivery(spool, store, config.maxBackoff());
    this.batchRows = Math.min(config.batchSize(), store.maxBatchRows());
  }

  /**
   * Builds a sink for ClickHouse with salts in {@code <dataDir>/salts}. Takes seconds (the UA
   * parser loads its rules): call it at start-up, never on an event loop.
   */
  public static AnalyticsSink clickHouse(AnalyticsSinkConfig config, Path dataDir) throws IOException {
    return clickHouse(config, dataDir, new FileSaltStore(dataDir.resolve("salts")), Clock.systemUTC());
  }

  /** As {@link #clickHouse(AnalyticsSinkConfig, Path)} with a shared salt store (e.g. Redis). */
  public static AnalyticsSink clickHouse(AnalyticsSinkConfig config, Path dataDir, SaltStore salts,
      Clock clock) throws IOException {
    if (config.clickHouse() == null) {
      throw new IllegalArgumentException("WAYMARK_CLICKHOUSE_URL is not set: use AnalyticsSink.embedded");
    }
    return build(config, dataDir, salts, clock, new ClickHouseWriter(new ClickHouseHttp(config.clickHouse())));
  }

  /**
   * Builds a sink for the embedded DuckDB file {@code <dataDir>/hits.duckdb}, the store used when
   * no ClickHouse is configured; {@code config.clickHouse()} is ignored.
   */
  public static AnalyticsSink embedded(AnalyticsSinkConfig config, Path dataDir, SaltStore salts,
      Clock clock) throws IOException {
    return build(config, dataDir, salts, clock, DuckDbStore.open(dataDir.resolve("hits.duckdb")));
  }

  /** As {@link #embedded(AnalyticsSinkConfig, Path, SaltStore, Clock)} with file salts. */
  public static AnalyticsSink embedded(AnalyticsSinkConfig config, Path dataDir) throws IOException {
    return embedded(config, dataDir, new FileSaltStore(dataDir.resolve("salts")), Clock.systemUTC());
  }

  private static AnalyticsSink build(AnalyticsSinkConfig config, Path dataDir, SaltStore salts,
      Clock clock, HitStore store) throws IOException {
    Path spoolDir = config.spoolDir() != null ? config.spoolDir() : dataDir.resolve("spool");
    DiskBudget budget = new DiskBudget(config.spoolBudgetBytes());
    Spool spool = Spool.open(spoolDir, config.spoolSegmentBytes(), budget, config.fsync());
    Spool spilled = Spool.open(spoolDir.resolve("spilled"), config.spoolSegmentBytes(), budget, config.fsync());
    return new AnalyticsSink(config, clock, new UserAgents(config.userAgentCacheSize()), salts, spool,
        spilled, store);
  }

  /** Runs the ClickHouse migrations now (for the {@code migrate} subcommand); returns what ran. */
  public static List<Integer> migrate(dev.waymark.hit.clickhouse.ClickHouseConfig clickHouse)
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
      log.warn("event=migrations_deferred store={} reason=\"{}\"", store.kind(), e.getMessage());
    }
    delivery.start(migrated);
    log.info("event=analytics_sink_started store={} spool_bytes={}", store.kind(), spool.bytes());
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
    if (openSpill == null) {
      openSpill = new OpenSpill(HitIds.next(now), now);
    }
    for (HitEvent hit : hits) {
      openSpill.add(hit, enricher.visitorIdsOrNone(hit));
    }
    spilledHits.add(hits.size());
    if (openSpill.bytes() >= SPILL_RECORD_BYTES || openSpill.hits() >= batchRows) {
      closeSpill();
    }
  }

  /** Hands the open batch over, and writes the open spill record, once as old as the flush interval. */
  @Override
  public synchronized void flushIfDue() {
    long flushMillis = config.flushInterval().toMillis();
    if (open != null && clock.millis() - open.createdAtMillis() >= flushMillis) {
      handOver();
    }
    if (openSpill != null && clock.millis() - openSpill.createdAtMillis() >= flushMillis) {
      closeSpill();
    }
  }

  @Override
  public synchronized void flush() {
    if (open != null) {
      handOver();
    }
    if (openSpill != null) {
      closeSpill();
    }
  }

  /**
   * Enriches one spill record (about 40,000 hits at most) into a batch and hands it to delivery;
   * called while the queue is calm. Waits while the store is failing or behind: spilled hits are
   * as safe where they are, and enriching them then would only move them to the other spool.
   */
  @Override
  public synchronized void catchUp() throws IOException {
    if (!started) {
      return;
    }
    if (openSpill != null) {
      closeSpill();
    }
    // Peeked even while waiting (read once, then kept), so the lag gauge counts spilled hits.
    EncodedBatch record = spilled.peek();
    if (record == null || !delivery.available() || spool.pendingBytes() > 0) {
      return;
    }
    EncodedBatch batch;
    try {
      batch = remake(record);
    } catch (IllegalArgumentException e) {
      // The record passed its checksum, so this is a bug, not a torn write: keep the service going.
      unreadableSpills.increment();
      log.error("event=spilled_record_unreadable id={} hits={} error=\"{}\"", record.batchId(),
          record.rows(), e.getMessage());
      spilled.ack();
      return;
    }
    if (batch.rows() > 0) {
      delivery.submit(batch); // false = over the spool budget, counted there
    }
    spilled.ack();
  }

  /** The rows of a spill record, as a batch with the record's id that the store checks for first. */
  private EncodedBatch remake(EncodedBatch record) {
    OpenBatch batch = new OpenBatch(record.batchId(), record.createdAtMillis(), true);
    SpilledHits.Reader reader = new SpilledHits.Reader(record.body());
    long receivedAt = Math.floorDiv(record.createdAtMillis(), 1000L); // when the sink took them in
    List<HitEvent> chunk = new ArrayList<>(CATCH_UP_CHUNK);
    long[] visitorIds = new long[2 * CATCH_UP_CHUNK];
    while (reader.next(chunk, visitorIds, CATCH_UP_CHUNK) > 0) {
      for (HitRow row : enricher.enrichSpilled(chunk, visitorIds, batch.batchId(), receivedAt)) {
        batch.add(row);
      }
      chunk.clear();
    }
    return batch.close();
  }

  private void closeSpill() {
    EncodedBatch record = openSpill.close();
    openSpill = null;
    try {
      if (!spilled.append(record)) { // over the disk budget: counted by the spool
        spillDropLog.total(spilled.droppedHits());
      }
    } catch (IOException e) {
      spoolWriteFailures.increment();
      spoolWriteFailedHits.add(record.rows());
      log.error("event=spool_write_failed hits={} error=\"{}\"", record.rows(), e.toString());
    }
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
      log.error("event=spool_write_failed hits={} error=\"{}\"", batch.rows(), e.toString());
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
      log.warn("event=salt_cleanup_failed error=\"{}\"", e.toString());
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
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      log.warn("event=hit_store_close_failed store={} error=\"{}\"", store.kind(), e.toString());
    }
    log.info("event=analytics_sink_closed rows_written={} spool_bytes={} unsent_age_ms={}",
        rowsWritten(), spool.bytes(), oldestUnsentAgeMillis());
  }

  /** Rows the store accepted (or was found to hold already after an unknown outcome). */
  public long rowsWritten() {
    return delivery.rows();
  }

  public long batchesWritten() {
    return delivery.batches();
  }

  /** Seconds spent delivering the batches written, summed (mean latency = this / batches). */
  public double deliverySeconds() {
    return delivery.deliveryNanos() / 1e9;
  }

  /** Batches that went through the spool because the store failed, lagged or was stopping. */
  public long batchesSpooled() {
    return delivery.spooledBatches();
  }

  /** Hits enriched and waiting in memory for the store: the open batch and the hand-off. */
  public int handoffHits() {
    return openRows + delivery.handoffHits();
  }

  /** Failed delivery attempts, each followed by a backoff and a retry of the same batch. */
  public long retries() {
    return delivery.retries();
  }

  /** Times the writer asked ClickHouse whether a batch was already in. */
  public long duplicateChecks() {
    return store instanceof ClickHouseWriter ? ((ClickHouseWriter) store).duplicateChecks() : 0;
  }

  /** Rows not sent again because ClickHouse already held them. */
  public long duplicatesAvoided() {
    return store instanceof ClickHouseWriter ? ((ClickHouseWriter) store).duplicatesAvoided() : 0;
  }

  /** Duplicate checks that waited for an earlier attempt of the batch still running in ClickHouse. */
  public long insertFenceWaits() {
    return store instanceof ClickHouseWriter ? ((ClickHouseWriter) store).fenceWaits() : 0;
  }

  /** Earlier attempts of a batch killed in ClickHouse (by query id) because they ran too long. */
  public long insertFenceKills() {
    return store instanceof ClickHouseWriter ? ((ClickHouseWriter) store).fenceKills() : 0;
  }

  /** Attempts ClickHouse refused because an earlier attempt of the same batch was still running. */
  public long sameBatchRefusals() {
    return store instanceof ClickHouseWriter ? ((ClickHouseWriter) store).sameIdRefusals() : 0;
  }

  /** Disk used by both spools, delivered records of their current segments included. */
  public long spoolBytes() {
    return spool.bytes() + spilled.bytes();
  }

  /** Spooled bytes not yet in the store: batches and spilled hits. */
  public long spoolPendingBytes() {
    return spool.pendingBytes() + spilled.pendingBytes();
  }

  /** Age of the oldest hit on disk and not yet in the store; 0 when none. */
  public long oldestUnsentAgeMillis() {
    long now = clock.millis();
    return Math.max(spool.oldestUnsentAgeMillis(now), spilled.oldestUnsentAgeMillis(now));
  }

  /** Hits dropped because the spools' disk budget was full. */
  public long droppedHits() {
    return spool.droppedHits() + spilled.droppedHits();
  }

  /** Torn or corrupt spool records skipped, and spill records that could not be read back. */
  public long corruptSpoolRecords() {
    return spool.corruptRecords() + spilled.corruptRecords() + unreadableSpills.sum();
  }

  /** Hits spilled unenriched because the queue filled faster than they were enriched. */
  public long spilledHits() {
    return spilledHits.sum();
  }

  /** Batches lost because the spool could not be written (disk error). */
  public long spoolWriteFailures() {
    return spoolWriteFailures.sum();
  }

  /** Hits in the batches of {@link #spoolWriteFailures}. */
  public long spoolWriteFailedHits() {
    return spoolWriteFailedHits.sum();
  }

  /** Hits written with partial enrichment because full enrichment failed. */
  public long enrichDegraded() {
    return enricher.degraded();
  }

  /** Hits whose user agent was classified by our rules only, past the parser's budget. */
  public long userAgentsUnparsed() {
    return enricher.userAgentsUnparsed();
  }

  /** Hits that could not be turned into a row at all. */
  public long enrichSkipped() {
    return enricher.skipped();
  }

  /** False while the last attempt to reach the store failed. */
  public boolean clickHouseAvailable() {
    return delivery.available();
  }
}
