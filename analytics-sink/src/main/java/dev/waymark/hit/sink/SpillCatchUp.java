package dev.waymark.hit.sink;

import dev.waymark.hit.EncodedBatch;
import dev.waymark.hit.HitEvent;
import dev.waymark.hit.HitIds;
import dev.waymark.hit.HitRow;
import dev.waymark.hit.enrich.Enricher;
import dev.waymark.hit.spool.Spool;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's cheap path for a queue that fills faster than hits are enriched: spilled hits keep
 * only their visitor ids (the IP goes no further) and the request as it came, in a spool of their
 * own, and are enriched later, a record at a time, into batches delivered like any other. A
 * spilled hit is in the store exactly once, or still in the spill spool. Called by the sink's one
 * thread, under the sink's lock.
 */
final class SpillCatchUp {

  private static final Logger LOG = LoggerFactory.getLogger(SpillCatchUp.class);
  /**
   * A spill record closes at this size (about 40,000 hits), so the batch made from it is a
   * reasonable insert and reading it back stays a short piece of work between drains.
   */
  static final int SPILL_RECORD_BYTES = 16 << 20;
  /** Spilled hits are read back and enriched this many at a time. */
  private static final int CATCH_UP_CHUNK = 4096;

  private final Spool spilled;
  private final Enricher enricher;
  private final BatchDelivery delivery;
  private final int batchRows;
  private final LongAdder spilledHits = new LongAdder();
  private final LongAdder unreadable = new LongAdder();
  private final LongAdder writeFailures = new LongAdder();
  private final LongAdder writeFailedHits = new LongAdder();
  private final DropLog dropLog = new DropLog("spool_budget_full");
  private OpenSpill open;

  SpillCatchUp(Spool spilled, Enricher enricher, BatchDelivery delivery, int batchRows) {
    this.spilled = spilled;
    this.enricher = enricher;
    this.delivery = delivery;
    this.batchRows = batchRows;
  }

  /** Keeps the hits in the open spill record, written to the spool once it is full. */
  void spill(List<HitEvent> hits, long nowMillis) {
    if (open == null) {
      open = new OpenSpill(HitIds.next(nowMillis), nowMillis);
    }
    for (HitEvent hit : hits) {
      open.add(hit, enricher.visitorIdsOrNone(hit), enricher.country(hit));
    }
    spilledHits.add(hits.size());
    if (open.bytes() >= SPILL_RECORD_BYTES || open.hits() >= batchRows) {
      close();
    }
  }

  /** Writes the open spill record once it is as old as {@code flushMillis}. */
  void flushIfDue(long nowMillis, long flushMillis) {
    if (open != null && nowMillis - open.createdAtMillis() >= flushMillis) {
      close();
    }
  }

  /** Writes the open spill record, if any. */
  void flush() {
    if (open != null) {
      close();
    }
  }

  /**
   * Enriches one spill record (about 40,000 hits at most) into a batch and hands it to delivery.
   * Waits while the store is failing or behind: spilled hits are as safe where they are, and
   * enriching them then would only move them to the other spool.
   */
  void catchUp() throws IOException {
    flush();
    // Peeked even while waiting (read once, then kept), so the lag gauge counts spilled hits.
    EncodedBatch record = spilled.peek();
    if (record == null || !delivery.caughtUp()) {
      return;
    }
    EncodedBatch batch;
    try {
      batch = remake(record);
    } catch (IllegalArgumentException e) {
      // The record passed its checksum, so this is a bug, not a torn write: keep the service going.
      unreadable.increment();
      LOG.error("event=spilled_record_unreadable id={} hits={} error=\"{}\"", record.batchId(),
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
    SpilledHits.Reader reader = new SpilledHits.Reader(record.body(), record.format());
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

  private void close() {
    EncodedBatch record = open.close();
    open = null;
    try {
      if (!spilled.append(record)) { // over the disk budget: counted by the spool
        dropLog.total(spilled.droppedHits());
      }
    } catch (IOException e) {
      writeFailures.increment();
      writeFailedHits.add(record.rows());
      LOG.error("event=spool_write_failed hits={} error=\"{}\"", record.rows(), e.toString());
    }
  }

  /** Hits spilled unenriched because the queue filled faster than they were enriched. */
  long spilledHits() {
    return spilledHits.sum();
  }

  /** Spill records that passed their checksum and still could not be read back. */
  long unreadableRecords() {
    return unreadable.sum();
  }

  /** Spill records lost because the spool could not be written (disk error). */
  long writeFailures() {
    return writeFailures.sum();
  }

  /** Hits in the records of {@link #writeFailures}. */
  long writeFailedHits() {
    return writeFailedHits.sum();
  }
}
