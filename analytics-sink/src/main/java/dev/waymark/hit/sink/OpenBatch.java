package dev.waymark.hit.sink;

import dev.waymark.hit.EncodedBatch;
import dev.waymark.hit.HitRow;
import dev.waymark.hit.row.HitsRowBinary;
import java.util.UUID;

/**
 * A batch still being filled: rows are encoded as they arrive, so what waits for the next insert
 * is compressed bytes, not objects. Its id is fixed when it opens, because every row carries it.
 * Single-threaded; {@link #close} once.
 */
final class OpenBatch {

  private final UUID batchId;
  private final long createdAtMillis;
  private final boolean mayAlreadyBeIn;
  private final HitsRowBinary.GzipWriter writer = new HitsRowBinary.GzipWriter();
  private int rows;
  private long minTs = Long.MAX_VALUE;
  private long maxTs = Long.MIN_VALUE;

  OpenBatch(UUID batchId, long createdAtMillis) {
    this(batchId, createdAtMillis, false);
  }

  /** See {@link EncodedBatch#mayAlreadyBeIn()}. */
  OpenBatch(UUID batchId, long createdAtMillis, boolean mayAlreadyBeIn) {
    this.batchId = batchId;
    this.createdAtMillis = createdAtMillis;
    this.mayAlreadyBeIn = mayAlreadyBeIn;
  }

  UUID batchId() {
    return batchId;
  }

  long createdAtMillis() {
    return createdAtMillis;
  }

  int rows() {
    return rows;
  }

  void add(HitRow row) {
    if (!row.batchId().equals(batchId)) {
      throw new IllegalArgumentException("row of batch " + row.batchId() + " added to " + batchId);
    }
    writer.add(row);
    rows++;
    minTs = Math.min(minTs, row.ts());
    maxTs = Math.max(maxTs, row.ts());
  }

  EncodedBatch close() {
    byte[] body = writer.finish();
    return EncodedBatch.of(batchId, rows, minTs, maxTs, createdAtMillis, body, mayAlreadyBeIn);
  }
}
