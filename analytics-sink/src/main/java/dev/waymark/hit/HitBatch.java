package dev.waymark.hit;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A batch of enriched rows as objects: what the embedded store appends, and the form tests and
 * tools hand to a store. The sink itself encodes rows as it enriches them (see {@link OpenBatch});
 * {@link #encode} gives the same bytes, with the same {@code batchId} in every row.
 */
public record HitBatch(UUID batchId, List<HitRow> rows, long createdAtMillis) {

  public HitBatch {
    Objects.requireNonNull(batchId, "batchId");
    rows = List.copyOf(rows);
  }

  /** The batch as gzipped RowBinary, the form the spool keeps and the stores read. */
  public EncodedBatch encode() {
    OpenBatch open = new OpenBatch(batchId, createdAtMillis);
    for (HitRow r : rows) {
      open.add(r);
    }
    return open.close();
  }

  @Override
  public String toString() {
    return "HitBatch[batchId=" + batchId + ", rows=" + rows.size() + "]";
  }
}
