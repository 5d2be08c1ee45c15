package dev.waymark.hit.sink;

import dev.waymark.hit.EncodedBatch;
import dev.waymark.hit.HitEvent;
import dev.waymark.hit.row.RowBinaryOut;
import java.util.UUID;

/**
 * Spilled hits being gathered into one spool record (see {@link SpilledHits}). Its id becomes the
 * batch id of the rows made from it, on every attempt, so a record read back twice (a crash
 * between delivering its rows and forgetting it) is found in the store, not stored twice.
 * Single-threaded; {@link #close} once.
 */
final class OpenSpill {

  private final UUID id;
  private final long createdAtMillis;
  private final RowBinaryOut out = new RowBinaryOut(64 * 1024);
  private int hits;
  private long minTs = Long.MAX_VALUE;
  private long maxTs = Long.MIN_VALUE;

  OpenSpill(UUID id, long createdAtMillis) {
    this.id = id;
    this.createdAtMillis = createdAtMillis;
  }

  long createdAtMillis() {
    return createdAtMillis;
  }

  int hits() {
    return hits;
  }

  int bytes() {
    return out.length();
  }

  void add(HitEvent hit, long[] visitorIds, String country) {
    SpilledHits.write(out, hit, visitorIds[0], visitorIds[1], country);
    hits++;
    long ts = Math.floorDiv(hit.timeMillis(), 1000L);
    minTs = Math.min(minTs, ts);
    maxTs = Math.max(maxTs, ts);
  }

  /** The record for the spool: rows and times as in a batch, the body spilled hits. */
  EncodedBatch close() {
    return EncodedBatch.of(id, hits, minTs, maxTs, createdAtMillis, out.toByteArray(), false);
  }
}
