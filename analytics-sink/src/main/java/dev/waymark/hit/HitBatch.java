package dev.waymark.hit;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A batch of enriched rows as objects, every row carrying {@code batchId}: what the embedded store
 * appends. The sink itself encodes rows as it enriches them, into an {@link EncodedBatch}.
 */
public record HitBatch(UUID batchId, List<HitRow> rows, long createdAtMillis) {

  public HitBatch {
    Objects.requireNonNull(batchId, "batchId");
    rows = List.copyOf(rows);
  }

  @Override
  public String toString() {
    return "HitBatch[batchId=" + batchId + ", rows=" + rows.size() + "]";
  }
}
