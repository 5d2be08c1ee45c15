package dev.waymark.hit;

import dev.waymark.hit.clickhouse.HitsRowBinary;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A batch of enriched rows on its way to the store, still in memory: the embedded store appends
 * the rows as they are, and only ClickHouse or the spool need them {@link #encode encoded}. Its
 * {@code batchId} is the one the encoded form keeps, so a batch that goes to the spool after a
 * failed attempt is still recognised when it is sent again.
 */
public record HitBatch(UUID batchId, List<HitRow> rows, long createdAtMillis) {

  public HitBatch {
    Objects.requireNonNull(batchId, "batchId");
    rows = List.copyOf(rows);
  }

  /** The batch as gzipped RowBinary, the form the spool keeps and ClickHouse reads. */
  public EncodedBatch encode() {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (HitRow r : rows) {
      min = Math.min(min, r.ts());
      max = Math.max(max, r.ts());
    }
    if (rows.isEmpty()) {
      min = max = 0;
    }
    return new EncodedBatch(batchId, rows.size(), min, max, createdAtMillis, HitsRowBinary.gzip(rows));
  }

  @Override
  public String toString() {
    return "HitBatch[batchId=" + batchId + ", rows=" + rows.size() + "]";
  }
}
